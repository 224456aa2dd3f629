import type { Metadata } from "next";
import { MyTickets } from "@/features/tickets/my-tickets";

export const metadata: Metadata = { title: "My tickets" };

export default function TicketsPage() {
  return <MyTickets />;
}
