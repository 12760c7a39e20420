// A node's settings form, built from its JSON schema (core/schemaForm.ts): one editor per field
// kind, a switch between modes (x-modes), the problem of each field under it.
import { type Field, columnsFor, newRow } from "../../core/schemaForm";
import { activeMode, inactiveFields } from "../../core/validate";
import { showWhitespace } from "../../core/whitespace";
import type { FormMode } from "../../protocol";
import { ColumnMapEditor } from "./ColumnMapEditor";
import { type EditorProps, type FormContext, type Values, arr, obj, str, testId } from "./context";
import { ColumnSelect, ColumnsPicker, EnumList, JsonInput, NumberInput, Select, StringListInput, TextInput } from "./editors";
import { ExpressionEditor } from "./ExpressionEditor";
import { ValueEditor } from "./ValueEditor";

function ListEditor({ field, value, onChange, ctx, path }: EditorProps) {
  const rows = arr(value);
  const set = (i: number, row: unknown, typing?: boolean) => onChange(rows.map((r, j) => (j === i ? row : r)), typing);
  const columnField = field.fields.find((f) => f.kind === "column");
  const available = columnField ? columnsFor(columnField, ctx.entry, ctx.state) : [];
  const used = new Set(columnField ? rows.map((r) => str(obj(r)[columnField.name])) : []);
  const unused = available.filter(([n]) => !used.has(n));
  const add = (column?: string) => {
    const row = newRow(field.fields);
    if (columnField && column !== undefined) row[columnField.name] = column;
    onChange([...rows, row], false);
  };
  return (
    <div className="ff-list" data-testid={testId(path)}>
      {rows.map((row, i) => (
        <div className="ff-list-row" key={i} data-testid={`${testId(path)}-row-${i}`}>
          <ObjectForm fields={field.fields} modes={field.modes} value={obj(row)} onChange={(r, typing) => set(i, r, typing)} ctx={ctx} path={`${path}.${i}`} />
          <button type="button" className="ff-btn ff-btn-icon" title="Remove" aria-label="Remove" onClick={() => onChange(rows.filter((_r, j) => j !== i), false)} data-testid={`${testId(path)}-remove-${i}`}>
            ×
          </button>
        </div>
      ))}
      <div className="ff-list-add">
        {columnField && available.length > 0 ? (
          <select
            className="ff-input"
            value=""
            aria-label={`Add to ${field.title}`}
            data-testid={`${testId(path)}-add`}
            onChange={(e) => {
              const v = e.target.value;
              if (v === "\u0000all") {
                const extra = unused.map(([n]) => ({ ...newRow(field.fields), [columnField.name]: n }));
                onChange([...rows, ...extra], false);
              } else if (v !== "") add(v);
            }}
          >
            <option value="">+ Add a column…</option>
            {unused.map(([n, d]) => (
              <option key={n} value={n}>
                {`${showWhitespace(n)}  ·  ${d}`}
              </option>
            ))}
            {unused.length > 1 ? <option value={"\u0000all"}>All {unused.length} remaining columns</option> : null}
          </select>
        ) : (
          <button type="button" className="ff-btn" onClick={() => add()} data-testid={`${testId(path)}-add`}>
            + Add
          </button>
        )}
      </div>
    </div>
  );
}

function Editor(props: EditorProps) {
  const { field, value, onChange, ctx, path } = props;
  switch (field.kind) {
    case "boolean":
      if (field.nullable) {
        // Optional[bool]: "—" leaves the choice to Polars (None)
        return (
          <Select
            options={[{ value: "true", label: "yes" }, { value: "false", label: "no" }]}
            value={value === null || value === undefined ? "" : String(value)}
            onChange={(v) => onChange(v === null ? null : v === "true", false)}
            path={path}
            nullable
            label={field.title}
          />
        );
      }
      return <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked, false)} data-testid={testId(path)} aria-label={field.title} />;
    case "integer":
    case "number":
      return <NumberInput {...props} />;
    case "enum":
    case "dtype":
      return (
        <Select
          options={field.options.map((o) => ({ value: str(o), label: str(o) }))}
          value={str(value)}
          onChange={(v) => onChange(v === null ? null : (field.options.find((o) => str(o) === v) ?? v), false)}
          path={path}
          nullable={field.nullable}
          label={field.title}
        />
      );
    case "column":
      return <ColumnSelect {...props} />;
    case "columns":
      return <ColumnsPicker {...props} />;
    case "column-map":
      return <ColumnMapEditor {...props} />;
    case "value":
    case "values":
      return <ValueEditor {...props} />;
    case "expression":
      return (
        <ExpressionEditor
          value={str(value)}
          onChange={(text) => onChange(text)}
          columns={columnsFor(field, ctx.entry, ctx.state)}
          completions={ctx.completions}
          invalid={ctx.problems[path] !== undefined}
          testid={testId(path)}
          label={field.title}
        />
      );
    case "string-list":
      return <StringListInput {...props} />;
    case "enum-list":
      return <EnumList {...props} />;
    case "list":
      return <ListEditor {...props} />;
    case "object":
      return <ObjectForm fields={field.fields} modes={field.modes} value={obj(value)} onChange={onChange} ctx={ctx} path={path} />;
    case "json":
      return <JsonInput {...props} />;
    default:
      return <TextInput {...props} />;
  }
}

function FieldRow(props: EditorProps & { nodeError: string | null }) {
  const { field, ctx, path, nodeError } = props;
  const inline = field.kind === "boolean" && !field.nullable;
  const problem = ctx.problems[path];
  // the node's own error belongs under the expression that causes it
  const shownError = problem ?? (field.kind === "expression" ? nodeError : null);
  return (
    <div className={`ff-field ff-field-${field.kind}${inline ? " ff-field-inline" : ""}${problem ? " ff-has-problem" : ""}`} data-field={path}>
      <label className="ff-field-title" title={field.description}>
        {field.title}
        {field.required ? <span className="ff-req"> *</span> : null}
      </label>
      <Editor {...props} />
      {shownError ? (
        <div className={problem ? "ff-field-problem" : "ff-field-error"} data-testid={`problem-${path}`} role={problem ? "status" : "alert"}>
          {shownError}
        </div>
      ) : field.description && !inline && field.kind !== "value" ? (
        <div className="ff-field-help">{field.description}</div>
      ) : null}
    </div>
  );
}

function ModeSwitch({ modes, active, onChoose, path }: { modes: FormMode[]; active: number; onChoose: (i: number) => void; path: string }) {
  return (
    <div className="ff-modes" role="tablist" data-testid={path ? `modes-${path}` : "modes"}>
      {modes.map((m, i) => (
        <button
          key={m.title}
          type="button"
          role="tab"
          aria-selected={i === active}
          className={`ff-mode${i === active ? " ff-mode-on" : ""}`}
          onClick={() => onChoose(i)}
          data-testid={`mode-${m.title}`}
        >
          {m.title}
        </button>
      ))}
    </div>
  );
}

function ObjectForm({ fields, modes, value, onChange, ctx, path, nodeError = null }: {
  fields: Field[];
  modes: FormMode[];
  value: Values;
  onChange: (v: Values, typing?: boolean) => void;
  ctx: FormContext;
  path: string;
  nodeError?: string | null;
}) {
  const active = activeMode(modes, fields, value, ctx.modes[path]);
  const off = inactiveFields(modes, active);
  return (
    <div className="ff-object">
      {modes.length > 0 ? (
        <ModeSwitch
          modes={modes}
          active={active}
          path={path}
          onChoose={(i) => ctx.chooseMode(path, i)}
        />
      ) : null}
      {fields
        .filter((f) => !off.has(f.name))
        .map((f) => (
          <FieldRow
            key={f.name}
            field={f}
            value={value[f.name] === undefined ? f.default : value[f.name]}
            onChange={(v, typing) => onChange({ ...value, [f.name]: v }, typing)}
            ctx={ctx}
            path={path ? `${path}.${f.name}` : f.name}
            siblings={value}
            nodeError={nodeError}
          />
        ))}
    </div>
  );
}

interface FormProps {
  fields: Field[];
  modes: FormMode[];
  values: Values;
  onChange: (patch: Values, typing?: boolean) => void;
  ctx: FormContext;
}

export function SchemaForm({ fields, modes, values, onChange, ctx }: FormProps) {
  return (
    <div className="ff-form">
      <ObjectForm fields={fields} modes={modes} value={values} onChange={(v, typing) => onChange(v, typing)} ctx={ctx} path="" nodeError={ctx.state?.error ?? null} />
    </div>
  );
}
