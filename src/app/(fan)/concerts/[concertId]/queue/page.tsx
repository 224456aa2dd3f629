import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { WaitingRoom } from "@/features/queue/waiting-room";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("pageTitles"))("waitingRoom") };
}

export default async function QueuePage({ params }: { params: Promise<{ concertId: string }> }) {
  const { concertId } = await params;
  return <WaitingRoom concertId={concertId} />;
}
