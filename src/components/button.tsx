import Link from "next/link";
import type { ButtonHTMLAttributes, ComponentProps, ReactNode } from "react";

type Variant = "primary" | "secondary" | "ghost" | "danger";
type Size = "md" | "lg" | "sm";

function classes(variant: Variant, size: Size, block: boolean | undefined, extra?: string) {
  return ["btn", `btn--${variant}`, `btn--${size}`, block ? "btn--block" : "", extra ?? ""].filter(Boolean).join(" ");
}

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: Variant;
  size?: Size;
  block?: boolean;
  /** Shows a spinner and blocks clicks while keeping the button's size. */
  busy?: boolean;
};

export function Button({
  variant = "primary",
  size = "md",
  block,
  busy,
  className,
  children,
  disabled,
  ...rest
}: ButtonProps) {
  return (
    <button
      type="button"
      {...rest}
      className={classes(variant, size, block, className)}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
    >
      <span className="btn__label">{children}</span>
      {busy ? <span className="btn__spinner" aria-hidden="true" /> : null}
    </button>
  );
}

type ButtonLinkProps = ComponentProps<typeof Link> & {
  variant?: Variant;
  size?: Size;
  block?: boolean;
  children: ReactNode;
};

export function ButtonLink({ variant = "primary", size = "md", block, className, children, ...rest }: ButtonLinkProps) {
  return (
    <Link {...rest} className={classes(variant, size, block, className)}>
      <span className="btn__label">{children}</span>
    </Link>
  );
}
