import "./progress-bar.css";
/** A labelled progress bar; `value` null shows an indeterminate bar. */
export function ProgressBar({
  label,
  value,
  detail,
}: {
  label: string;
  value: number | null;
  detail?: string;
}) {
  const pct = value === null ? null : Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div className="progress">
      <div className="progress__text">
        <span className="progress__label">{label}</span>
        {detail ? <span className="progress__detail">{detail}</span> : null}
        {pct !== null ? <span className="progress__pct">{pct}%</span> : null}
      </div>
      <div
        className={pct === null ? "progress__track progress__track--busy" : "progress__track"}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
        aria-valuetext={detail ? `${detail}${pct !== null ? `, ${pct}%` : ""}` : undefined}
      >
        <div className="progress__fill" style={pct === null ? undefined : { width: `${pct}%` }} />
      </div>
    </div>
  );
}
