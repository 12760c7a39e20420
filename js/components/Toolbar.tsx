import { useEffect, useState } from "react";
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

export function Toolbar(p: Props) {
  // The choice shows at once; the kernel's answer (the trait) catches up a moment later.
  const [engine, setEngine] = useState(p.engine);
  useEffect(() => setEngine(p.engine), [p.engine]);
  return (
    <div className="ff-toolbar">
      <button
        type="button"
        className={`ff-btn ff-btn-icon${p.paletteOpen ? " ff-btn-on" : ""}`}
        onClick={p.onTogglePalette}
        title={p.paletteOpen ? "Hide the node palette" : "Show the node palette"}
        aria-pressed={p.paletteOpen}
        data-testid="palette-toggle"
      >
        ☰
      </button>
      <span className="ff-flow-name" title="The Flow object in the kernel" data-testid="flow-name">
        {p.flowName}
      </span>
      <span className="ff-sep" />
      <button type="button" className="ff-btn" onClick={p.onUndo} disabled={!p.canUndo} title="Undo (Ctrl+Z)" data-testid="undo-button">
        ↶ Undo
      </button>
      <button type="button" className="ff-btn" onClick={p.onRedo} disabled={!p.canRedo} title="Redo (Ctrl+Shift+Z / Ctrl+Y)" data-testid="redo-button">
        ↷ Redo
      </button>
      <span className="ff-sep" />
      <button type="button" className="ff-btn" onClick={p.onLayout} title="Arrange the nodes left to right, wrapping long chains" data-testid="layout-button">
        Auto layout
      </button>
      <button type="button" className="ff-btn" onClick={p.onFit} title="Fit the flow in view (text stays readable)" data-testid="fit-button">
        Fit view
      </button>
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
      <button
        type="button"
        className={`ff-btn${p.codeOpen ? " ff-btn-on" : ""}`}
        onClick={p.onToggleCode}
        title="Show the generated Polars code here"
        data-testid="code-view-button"
      >
        {"</>"}
      </button>
      <button type="button" className="ff-btn ff-btn-primary" onClick={p.onCode} title="Write the Polars code into the cell below" data-testid="code-button">
        Code ↓
      </button>
      <span className="ff-sep" />
      <button
        type="button"
        className={`ff-btn ff-btn-icon${p.settingsOpen ? " ff-btn-on" : ""}`}
        onClick={p.onToggleSettings}
        title={p.settingsOpen ? "Hide the settings panel" : "Show the settings panel"}
        aria-pressed={p.settingsOpen}
        data-testid="settings-toggle"
      >
        ⚙
      </button>
      <button
        type="button"
        className={`ff-btn ff-btn-icon${p.maximized ? " ff-btn-on" : ""}`}
        onClick={p.onToggleMaximize}
        title={p.maximized ? "Back into the notebook (Esc)" : "Fill the window"}
        aria-pressed={p.maximized}
        data-testid="maximize-button"
      >
        {p.maximized ? "⤡" : "⤢"}
      </button>
    </div>
  );
}
