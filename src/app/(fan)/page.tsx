import { ConcertList } from "@/features/catalog/concert-list";

export default function HomePage() {
  return <ConcertList />;
}
