import type { Metadata } from "next";
import { TicketConfirmation } from "@/features/tickets/ticket-confirmation";

export const metadata: Metadata = { title: "Your tickets" };

export default async function TicketPage({
  params,
  searchParams,
}: {
  params: Promise<{ reservationId: string }>;
  searchParams: Promise<{ paid?: string }>;
}) {
  const [{ reservationId }, { paid }] = await Promise.all([params, searchParams]);
  return <TicketConfirmation reservationId={reservationId} justPaid={paid === "1"} />;
}
