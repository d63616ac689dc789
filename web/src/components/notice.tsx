import type { ReactNode } from "react";
import "./notice.css";

type Tone = "info" | "success" | "warning" | "error";

/**
 * A message box. Errors and warnings are announced at once (`role="alert"`),
 * the rest politely (`role="status"`); `polite` tones down a warning that is
 * part of the page as it loads rather than news.
 */
export function Notice({
  tone = "info",
  title,
  children,
  actions,
  polite,
}: {
  polite?: boolean;
  tone?: Tone;
  title?: string;
  children?: ReactNode;
  actions?: ReactNode;
}) {
  const urgent = !polite && (tone === "error" || tone === "warning");
  return (
    <div className={`notice notice--${tone}`} role={urgent ? "alert" : "status"}>
      <div className="notice__body">
        {title ? <p className="notice__title">{title}</p> : null}
        {children ? <div className="notice__text">{children}</div> : null}
      </div>
      {actions ? <div className="notice__actions">{actions}</div> : null}
    </div>
  );
}
