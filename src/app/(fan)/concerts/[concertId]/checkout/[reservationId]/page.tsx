import type { Metadata } from "next";
import { CheckoutScreen } from "@/features/checkout/checkout-screen";

export const metadata: Metadata = { title: "Checkout" };

export default async function CheckoutPage({
  params,
}: {
  params: Promise<{ concertId: string; reservationId: string }>;
}) {
  const { concertId, reservationId } = await params;
  return <CheckoutScreen concertId={concertId} reservationId={reservationId} />;
}
