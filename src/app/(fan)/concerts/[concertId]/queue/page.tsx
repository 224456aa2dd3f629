import type { Metadata } from "next";
import { WaitingRoom } from "@/features/queue/waiting-room";

export const metadata: Metadata = { title: "Waiting room" };

export default async function QueuePage({ params }: { params: Promise<{ concertId: string }> }) {
  const { concertId } = await params;
  return <WaitingRoom concertId={concertId} />;
}
