import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { env } from "@/env";
import { BookingScreen } from "@/features/booking/booking-screen";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("pageTitles"))("chooseSeats") };
}

export default async function BookPage({ params }: { params: Promise<{ concertId: string }> }) {
  const { concertId } = await params;
  return <BookingScreen concertId={concertId} maxSeatsPerDate={env().MAX_SEATS_PER_USER} />;
}
