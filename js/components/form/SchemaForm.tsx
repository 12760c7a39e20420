// A node's settings form, built from its JSON schema (core/schemaForm.ts): one editor per field
// kind, a switch between modes (x-modes), the problem of each field under it.
import { type Field, columnsFor, hiddenFields, inModeOrder, newRow, rowForm, rowVariant } from "../../core/schemaForm";
import { activeMode, inactiveFields } from "../../core/validate";
import { showWhitespace } from "../../core/whitespace";
import type { FormMode } from "../../protocol";
import { ColumnMapEditor } from "./ColumnMapEditor";
import { type EditorProps, type FormContext, type Values, arr, obj, str, testId } from "./context";
import { ColumnSelect, ColumnsPicker, EnumList, JsonInput, NumberInput, Select, StringListInput, TextInput } from "./editors";
import { ExpressionEditor } from "./ExpressionEditor";
import { TableEditor } from "./TableEditor";
import { ValueEditor } from "./ValueEditor";

function ListEditor({ field, value, onChange, ctx, path }: EditorProps) {
  const rows = arr(value);
  const set = (i: number, row: unknown, typing?: boolean) => onChange(rows.map((r, j) => (j === i ? row : r)), typing);
  const remove = (i: number) => {
    ctx.removeRow(path, i);
    onChange(rows.filter((_r, j) => j !== i), false);
  };
  const add = (added: Record<string, unknown>[], mode?: number) => {
    onChange([...rows, ...added], false);
    if (mode !== undefined) added.forEach((_r, k) => ctx.chooseMode(`${path}.${rows.length + k}`, mode));
  };
  return (
    <div className="ff-list" data-testid={testId(path)}>
      {rows.map((row, i) => {
        const form = rowForm(field, obj(row));
        const kind = field.variants[rowVariant(field, obj(row))]?.title;
        return (
          <div className={`ff-list-row${kind ? " ff-list-row-kind" : ""}`} key={i} data-testid={`${testId(path)}-row-${i}`} data-kind={kind}>
            <ObjectForm fields={form.fields} modes={form.modes} value={obj(row)} onChange={(r, typing) => set(i, r, typing)} ctx={ctx} path={`${path}.${i}`} kind={kind} />
            <button type="button" className="ff-btn ff-btn-icon" title="Remove" aria-label={`Remove ${kind ?? "row"} ${i + 1}`} onClick={() => remove(i)} data-testid={`${testId(path)}-remove-${i}`}>
              ×
            </button>
          </div>
        );
      })}
      <AddRow field={field} rows={rows} add={add} ctx={ctx} path={path} />
    </div>
  );
}

/** How a row is added: one button per kind of row; by picking its column (rows that name one
 * column each), with a button for each other mode (an expression); or a plain button. */
function AddRow({ field, rows, add, ctx, path }: {
  field: Field;
  rows: unknown[];
  add: (rows: Record<string, unknown>[], mode?: number) => void;
  ctx: FormContext;
  path: string;
}) {
  if (field.variants.length > 0) {
    return (
      <div className="ff-list-add">
        {field.variants.map((v, i) => (
          <button key={v.title} type="button" className="ff-btn" onClick={() => add([newRow(v.fields)])} data-testid={`${testId(path)}-add-${i}`}>
            + Add {v.title.toLowerCase()}
          </button>
        ))}
      </div>
    );
  }
  const columnField = field.addLabel === undefined ? field.fields.find((f) => f.kind === "column") : undefined;
  const available = columnField ? columnsFor(columnField, ctx.entry, ctx.state) : [];
  if (!columnField || available.length === 0) {
    return (
      <div className="ff-list-add">
        <button type="button" className="ff-btn" onClick={() => add([newRow(field.fields)])} data-testid={`${testId(path)}-add`}>
          + Add{field.addLabel ? ` ${field.addLabel}` : ""}
        </button>
      </div>
    );
  }
  const used = new Set(rows.map((r) => str(obj(r)[columnField.name])));
  const unused = available.filter(([n]) => !used.has(n));
  const columnMode = field.modes.findIndex((m) => m.fields.includes(columnField.name));
  const otherModes = field.modes.map((m, i) => ({ m, i })).filter(({ i }) => i !== columnMode);
  const withColumn = (n: string) => ({ ...newRow(field.fields), [columnField.name]: n });
  return (
    <div className="ff-list-add">
      <select
        className="ff-input"
        value=""
        aria-label={`Add to ${field.title}`}
        data-testid={`${testId(path)}-add`}
        onChange={(e) => {
          const v = e.target.value;
          const mode = columnMode >= 0 ? columnMode : undefined;
          if (v === "\u0000all") add(unused.map(([n]) => withColumn(n)), mode);
          else if (v !== "") add([withColumn(v)], mode);
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
      {otherModes.map(({ m, i }) => (
        <button key={m.title} type="button" className="ff-btn" onClick={() => add([newRow(field.fields)], i)} data-testid={`${testId(path)}-add-${m.title}`}>
          + Add {m.title.toLowerCase()}
        </button>
      ))}
    </div>
  );
}

/** One of a few values, each in words (x-choices): "Automatic" is a choice, not a blank. */
function ChoiceEditor({ field, value, onChange, path }: EditorProps) {
  const current = JSON.stringify(value ?? null);
  return (
    <div className="ff-choices" role="radiogroup" aria-label={field.title} data-testid={testId(path)}>
      {field.options.map((o, i) => (
        <label key={i} className={`ff-choice${JSON.stringify(o) === current ? " ff-choice-on" : ""}`} data-testid={`${testId(path)}-${i}`}>
          <input type="radio" name={`choice-${path}`} checked={JSON.stringify(o) === current} onChange={() => onChange(o, false)} />
          <span>{field.labels[i] ?? str(o)}</span>
        </label>
      ))}
    </div>
  );
}

function Editor(props: EditorProps) {
  const { field, value, onChange, ctx, path } = props;
  switch (field.kind) {
    case "choice":
      return <ChoiceEditor {...props} />;
    case "dtype-map":
      return <ColumnMapEditor {...props} />;
    case "table":
      return <TableEditor {...props} />;
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

function ObjectForm({ fields, modes, value, onChange, ctx, path, nodeError = null, kind }: {
  fields: Field[];
  modes: FormMode[];
  value: Values;
  onChange: (v: Values, typing?: boolean) => void;
  ctx: FormContext;
  path: string;
  nodeError?: string | null;
  /** which kind of row this is, for a list of several kinds */
  kind?: string | undefined;
}) {
  const active = activeMode(modes, fields, value, ctx.modes[path]);
  const off = new Set([...inactiveFields(modes, active), ...hiddenFields(fields, value)]);
  return (
    <div className="ff-object">
      {kind ? (
        <div className="ff-row-kind" data-testid={`kind-${path}`}>
          {kind}
        </div>
      ) : null}
      {modes.length > 0 ? (
        <ModeSwitch
          modes={modes}
          active={active}
          path={path}
          onChoose={(i) => ctx.chooseMode(path, i)}
        />
      ) : null}
      {inModeOrder(fields, modes[active])
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
