import { ConcertDetail } from "@/features/catalog/concert-detail";

export default async function ConcertPage({ params }: { params: Promise<{ concertId: string }> }) {
  const { concertId } = await params;
  return <ConcertDetail concertId={concertId} />;
}
