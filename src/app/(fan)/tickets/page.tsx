import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { MyTickets } from "@/features/tickets/my-tickets";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("pageTitles"))("myTickets") };
}

export default function TicketsPage() {
  return <MyTickets />;
}
