import { chartKind, type ColumnProfile, histogramBars, nullText, profileLines, topValueBars } from "../core/profile";
import { formatCount, formatShare } from "../core/format";

const HEIGHT = 18;

/** The small chart in a column header: a histogram (numbers, dates, times) or the most
 * frequent values as one bar (text, categories, booleans), and the share of nulls. */
export function ColumnChart({ profile, width }: { profile: ColumnProfile; width: number }) {
  const kind = chartKind(profile);
  const bars =
    kind === "histogram"
      ? histogramBars(profile.histogram, width, HEIGHT)
      : kind === "top"
        ? topValueBars(profile.top_values, profile.rows, width, HEIGHT)
        : [];
  return (
    <div className="ff-th-profile" data-testid="column-profile">
      {kind ? (
        <svg className={`ff-chart ff-chart-${kind}`} width={width} height={HEIGHT} data-testid="column-chart" data-kind={kind} role="img">
          {kind === "top" ? <rect className="ff-chart-track" x={0} y={0} width={width} height={HEIGHT} /> : null}
          {bars.map((b, i) => (
            <rect key={i} className={`ff-chart-bar${kind === "top" && i % 2 ? " ff-chart-alt" : ""}`} x={b.x} y={b.y} width={b.width} height={b.height} data-testid="chart-bar" data-count={b.count}>
              <title>{`${b.label}: ${formatCount(b.count)}`}</title>
            </rect>
          ))}
        </svg>
      ) : (
        <div className="ff-chart-none" style={{ height: HEIGHT }} />
      )}
      <div className={`ff-th-nulls${profile.nulls > 0 ? " ff-has-nulls" : ""}`} data-testid="column-nulls">
        {kind === "top" && profile.top_values[0] ? (
          <span className="ff-th-top">{`${profile.top_values[0].value ?? "null"} ${formatShare(profile.top_values[0].count / Math.max(1, profile.rows))}`}</span>
        ) : null}
        <span>{nullText(profile)}</span>
      </div>
    </div>
  );
}

/** The hover card of a column: every statistic of its profile, and its top values. */
export function ProfileCard({ profile }: { profile: ColumnProfile }) {
  const top = profile.top_values;
  const bins = profile.histogram;
  return (
    <div className="ff-profile-card" data-testid="profile-card" data-column={profile.column}>
      <div className="ff-profile-card-head">
        <strong>{profile.column}</strong> <span className="ff-th-dtype">{profile.dtype}</span>
      </div>
      <table>
        <tbody>
          {profileLines(profile).map(([k, v]) => (
            <tr key={k} data-stat={k}>
              <th>{k}</th>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {top.length > 0 ? (
        <>
          <div className="ff-profile-card-sub">most frequent</div>
          <table className="ff-profile-top">
            <tbody>
              {top.map((t, i) => (
                <tr key={i}>
                  <td className={t.value === null ? "ff-null" : ""}>{t.value ?? "null"}</td>
                  <td>{formatCount(t.count)}</td>
                  <td className="ff-muted">{formatShare(t.count / Math.max(1, profile.rows))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {bins.length > 0 ? (
        <div className="ff-profile-card-sub">
          {bins.length} bins from {bins[0]?.start} to {bins[bins.length - 1]?.end}
        </div>
      ) : null}
    </div>
  );
}
