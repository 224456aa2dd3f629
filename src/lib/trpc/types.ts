import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";

type RouterOutputs = inferRouterOutputs<AppRouter>;

export type Concert = RouterOutputs["concerts"]["get"];
export type ScheduleSummary = RouterOutputs["concerts"]["schedules"]["items"][number];
export type Seat = RouterOutputs["concerts"]["seats"]["items"][number];
export type SeatSectionInfo = RouterOutputs["concerts"]["seats"]["sections"][number];
export type Reservation = RouterOutputs["reservations"]["list"]["items"][number];
/** One seat's ticket of a reservation's page (`reservations.get`): its code, once paid. */
export type Ticket = RouterOutputs["reservations"]["get"]["tickets"][number];
export type CheckInResult = RouterOutputs["tickets"]["checkIn"];
export type AdminStats = RouterOutputs["admin"]["stats"];
export type ConcertStats = AdminStats["concerts"][number];
export type SectionStats = ConcertStats["schedules"][number]["sections"][number];
export type User = RouterOutputs["session"]["ensure"];
export type QueueView = RouterOutputs["queue"]["status"];
export type LineControls = RouterOutputs["admin"]["lineControls"];
export type AuditEntry = RouterOutputs["admin"]["audit"]["items"][number];
