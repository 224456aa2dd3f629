import { Badge, type BadgeTone } from "@/components/badge";
import type { Reservation } from "@/lib/trpc/types";

const STATUS: Record<Reservation["status"], { label: string; tone: BadgeTone }> = {
  CONFIRMED: { label: "Confirmed", tone: "success" },
  HELD: { label: "Awaiting payment", tone: "warning" },
  EXPIRED: { label: "Expired", tone: "neutral" },
  CANCELLED: { label: "Cancelled", tone: "neutral" },
  REFUNDED: { label: "Refunded", tone: "neutral" },
};

/** A hold past its time is over even before the server's sweep marks it EXPIRED. */
export function effectiveStatus(r: Reservation, now: number): Reservation["status"] {
  return r.status === "HELD" && new Date(r.expiresAt).getTime() <= now ? "EXPIRED" : r.status;
}

export function ReservationStatus({ status }: { status: Reservation["status"] }) {
  const s = STATUS[status];
  return <Badge tone={s.tone}>{s.label}</Badge>;
}
