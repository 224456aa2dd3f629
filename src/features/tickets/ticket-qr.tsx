import { useMemo } from "react";
import { qrPath } from "./qr-path";

/** A ticket's signed code as a QR code, drawn as SVG (sharp on screen and on paper). */
export function TicketQr({ code, label }: { code: string; label: string }) {
  const { size, d } = useMemo(() => qrPath(code), [code]);
  return (
    <svg
      className="ticket-qr"
      viewBox={`0 0 ${size} ${size}`}
      role="img"
      aria-label={label}
      shapeRendering="crispEdges"
      data-testid="ticket-qr"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
