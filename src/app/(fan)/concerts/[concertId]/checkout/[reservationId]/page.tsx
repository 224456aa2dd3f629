import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { CheckoutScreen } from "@/features/checkout/checkout-screen";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("pageTitles"))("checkout") };
}

export default async function CheckoutPage({
  params,
}: {
  params: Promise<{ concertId: string; reservationId: string }>;
}) {
  const { concertId, reservationId } = await params;
  return <CheckoutScreen concertId={concertId} reservationId={reservationId} />;
}
