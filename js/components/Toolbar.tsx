import { type ReactNode, useEffect, useState } from "react";
import { ENGINES } from "../core/portability";

interface Props {
  flowName: string;
  canUndo: boolean;
  canRedo: boolean;
  codeOpen: boolean;
  paletteOpen: boolean;
  settingsOpen: boolean;
  maximized: boolean;
  onUndo: () => void;
  onRedo: () => void;
  onLayout: () => void;
  onFit: () => void;
  onCode: () => void;
  onToggleCode: () => void;
  engine: string;
  onEngine: (engine: string) => void;
  onTogglePalette: () => void;
  onToggleSettings: () => void;
  onToggleMaximize: () => void;
}

/** A button that shows a panel or a state, pressed while it is on. */
function Toggle({ on, onClick, titles, testid, icon = true, children }: {
  on: boolean;
  onClick: () => void;
  /** [when off, when on] */
  titles: [string, string];
  testid: string;
  icon?: boolean;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={`ff-btn${icon ? " ff-btn-icon" : ""}${on ? " ff-btn-on" : ""}`}
      onClick={onClick}
      title={on ? titles[1] : titles[0]}
      aria-pressed={on}
      data-testid={testid}
    >
      {children}
    </button>
  );
}

function Action({ onClick, title, testid, disabled = false, primary = false, children }: {
  onClick: () => void;
  title: string;
  testid: string;
  disabled?: boolean;
  primary?: boolean;
  children: ReactNode;
}) {
  return (
    <button type="button" className={`ff-btn${primary ? " ff-btn-primary" : ""}`} onClick={onClick} disabled={disabled} title={title} data-testid={testid}>
      {children}
    </button>
  );
}

export function Toolbar(p: Props) {
  // The choice shows at once; the kernel's answer (the trait) catches up a moment later.
  const [engine, setEngine] = useState(p.engine);
  useEffect(() => setEngine(p.engine), [p.engine]);
  return (
    <div className="ff-toolbar">
      <Toggle on={p.paletteOpen} onClick={p.onTogglePalette} titles={["Show the node palette", "Hide the node palette"]} testid="palette-toggle">
        ☰
      </Toggle>
      <span className="ff-flow-name" title="The Flow object in the kernel" data-testid="flow-name">
        {p.flowName}
      </span>
      <span className="ff-sep" />
      <Action onClick={p.onUndo} disabled={!p.canUndo} title="Undo (Ctrl+Z)" testid="undo-button">
        ↶ Undo
      </Action>
      <Action onClick={p.onRedo} disabled={!p.canRedo} title="Redo (Ctrl+Shift+Z / Ctrl+Y)" testid="redo-button">
        ↷ Redo
      </Action>
      <span className="ff-sep" />
      <Action onClick={p.onLayout} title="Arrange the nodes left to right, wrapping long chains" testid="layout-button">
        Auto layout
      </Action>
      <Action onClick={p.onFit} title="Fit the flow in view (text stays readable)" testid="fit-button">
        Fit view
      </Action>
      <span className="ff-spacer" />
      <label className="ff-engine" title="Show the nodes that cannot run on this engine">
        Engine
        <select
          value={engine}
          onChange={(e) => {
            setEngine(e.target.value);
            p.onEngine(e.target.value);
          }}
          data-testid="engine-select"
        >
          {ENGINES.map((e) => (
            <option key={e.value} value={e.value}>
              {e.label}
            </option>
          ))}
        </select>
      </label>
      <Toggle on={p.codeOpen} onClick={p.onToggleCode} icon={false} titles={["Show the generated Polars code here", "Hide the generated Polars code"]} testid="code-view-button">
        {"</>"}
      </Toggle>
      <Action onClick={p.onCode} primary title="Write the Polars code into the cell below" testid="code-button">
        Code ↓
      </Action>
      <span className="ff-sep" />
      <Toggle on={p.settingsOpen} onClick={p.onToggleSettings} titles={["Show the settings panel", "Hide the settings panel"]} testid="settings-toggle">
        ⚙
      </Toggle>
      <Toggle on={p.maximized} onClick={p.onToggleMaximize} titles={["Fill the window", "Back into the notebook (Esc)"]} testid="maximize-button">
        {p.maximized ? "⤡" : "⤢"}
      </Toggle>
    </div>
  );
}
