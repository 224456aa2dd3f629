import type { Metadata } from "next";
import { env } from "@/env";
import { BookingScreen } from "@/features/booking/booking-screen";

export const metadata: Metadata = { title: "Choose seats" };

export default async function BookPage({ params }: { params: Promise<{ concertId: string }> }) {
  const { concertId } = await params;
  return <BookingScreen concertId={concertId} maxSeatsPerDate={env().MAX_SEATS_PER_USER} />;
}
