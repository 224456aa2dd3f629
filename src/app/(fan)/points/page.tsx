import type { Metadata } from "next";
import { MyPoints } from "@/features/points/my-points";

export const metadata: Metadata = { title: "My points" };

export default function PointsPage() {
  return <MyPoints />;
}
