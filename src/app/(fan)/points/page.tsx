import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { MyPoints } from "@/features/points/my-points";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("pageTitles"))("myPoints") };
}

export default function PointsPage() {
  return <MyPoints />;
}
