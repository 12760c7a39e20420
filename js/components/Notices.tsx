import type { Notice } from "../hooks/useNotices";

export function Notices({ notices, onDismiss }: { notices: Notice[]; onDismiss: (id: number) => void }) {
  if (notices.length === 0) return null;
  return (
    <div className="ff-notices" role="status">
      {notices.map((n) => (
        <div key={n.id} className={`ff-notice ff-notice-${n.level}`} data-testid="notice" data-level={n.level}>
          <span className="ff-notice-text">{n.message}</span>
          <button type="button" className="ff-btn-icon ff-notice-close" onClick={() => onDismiss(n.id)} aria-label="Dismiss" data-testid="notice-dismiss">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
