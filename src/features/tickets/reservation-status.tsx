import { useTranslations } from "next-intl";
import { Badge, type BadgeTone } from "@/components/badge";
import type { Reservation } from "@/lib/trpc/types";

const TONE: Record<Reservation["status"], BadgeTone> = {
  CONFIRMED: "success",
  HELD: "warning",
  EXPIRED: "neutral",
  CANCELLED: "neutral",
  REFUNDED: "neutral",
};

/** A hold past its time is over even before the server's sweep marks it EXPIRED. */
export function effectiveStatus(r: Reservation, now: number): Reservation["status"] {
  return r.status === "HELD" && new Date(r.expiresAt).getTime() <= now ? "EXPIRED" : r.status;
}

export function ReservationStatus({ status }: { status: Reservation["status"] }) {
  const t = useTranslations("reservationStatus");
  return <Badge tone={TONE[status]}>{t(status)}</Badge>;
}
