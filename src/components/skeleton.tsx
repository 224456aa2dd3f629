import type { CSSProperties } from "react";

/** A placeholder of the final size, so nothing moves when the data arrives. */
export function Skeleton({
  height,
  width,
  className,
  style,
}: {
  height: number | string;
  width?: number | string;
  className?: string;
  style?: CSSProperties;
}) {
  return <span className={`skeleton ${className ?? ""}`} style={{ height, width, ...style }} aria-hidden="true" />;
}

export function LoadingBlock({ label, height = 160 }: { label: string; height?: number }) {
  return (
    <div className="loading-block" style={{ minHeight: height }} role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}
