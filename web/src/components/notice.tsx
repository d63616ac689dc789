import type { ReactNode } from "react";

type Tone = "info" | "success" | "warning" | "error";

/**
 * A message box. Errors and warnings are announced (`role="alert"`), the rest
 * politely (`role="status"`).
 */
export function Notice({
  tone = "info",
  title,
  children,
  actions,
}: {
  tone?: Tone;
  title?: string;
  children?: ReactNode;
  actions?: ReactNode;
}) {
  const urgent = tone === "error" || tone === "warning";
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
