import type { ReactNode } from "react";

type Tone = "info" | "success" | "warning" | "danger";

const ICONS: Record<Tone, string> = { info: "i", success: "✓", warning: "!", danger: "!" };

/**
 * A message in the flow of the page. Problems are announced at once (role=alert); other news
 * politely (role=status).
 */
export function Notice({
  tone = "info",
  title,
  children,
  action,
  className,
}: {
  tone?: Tone;
  title?: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
  className?: string;
}) {
  return (
    <div
      className={`notice notice--${tone} ${className ?? ""}`}
      role={tone === "danger" || tone === "warning" ? "alert" : "status"}
    >
      <span className="notice__icon" aria-hidden="true">
        {ICONS[tone]}
      </span>
      <div className="notice__body">
        {title ? <p className="notice__title">{title}</p> : null}
        {children ? <div className="notice__text">{children}</div> : null}
      </div>
      {action ? <div className="notice__action">{action}</div> : null}
    </div>
  );
}
