import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { TicketConfirmation } from "@/features/tickets/ticket-confirmation";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("pageTitles"))("yourTickets") };
}

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
