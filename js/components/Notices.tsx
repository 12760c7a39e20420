import type { Notice } from "../hooks/useNotices";

/** The status line under the canvas: notices stack here, in their own row, never over nodes. */
export function Notices({ notices, onDismiss }: { notices: Notice[]; onDismiss: (id: number) => void }) {
  return (
    <div className="ff-statusbar" role="status" data-testid="statusbar">
      {notices.map((n) => (
        <div key={n.id} className={`ff-notice ff-notice-${n.level}${n.leaving ? " ff-leaving" : ""}`} data-testid="notice" data-level={n.level} title={n.message}>
          <span className="ff-notice-text">{n.message}</span>
          <button type="button" className="ff-btn-icon ff-notice-close" onClick={() => onDismiss(n.id)} aria-label="Dismiss" data-testid="notice-dismiss">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
