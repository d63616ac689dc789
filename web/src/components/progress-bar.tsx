import { STALL_MS, useStalled } from "../hooks/use-stalled.js";
import { format } from "./progress-messages.js";
import "./progress-bar.css";
/**
 * A labelled progress bar; `value` null shows an indeterminate bar. When
 * neither the value nor the detail has changed for `stallMs`, it says so.
 */
export function ProgressBar({
  label,
  value,
  detail,
  stallMs = STALL_MS,
}: {
  label: string;
  value: number | null;
  detail?: string;
  stallMs?: number;
}) {
  const pct = value === null ? null : Math.max(0, Math.min(100, Math.round(value)));
  const stalled = useStalled(`${pct}|${detail ?? ""}`, pct !== 100, stallMs);
  return (
    <div className="progress" data-stalled={stalled || undefined}>
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
      {stalled ? (
        <p className="progress__stalled small">
          {format("progress.stalled", { seconds: Math.round(stallMs / 1000) })}
        </p>
      ) : null}
    </div>
  );
}
