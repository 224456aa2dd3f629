import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ForgotPasswordForm } from "@/features/account/auth-forms";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("pageTitles"))("forgot") };
}

export default function ForgotPasswordPage() {
  return <ForgotPasswordForm />;
}
