import { getTranslations } from "next-intl/server";
import Link from "next/link";

export default async function NotFound() {
  const t = await getTranslations("notFound");
  return (
    <main id="main" className="container page not-found">
      <p className="page-header__eyebrow">404</p>
      <h1 className="page-header__title">{t("title")}</h1>
      <p className="muted">{t("lead")}</p>
      <p>
        <Link href="/" className="btn btn--primary btn--md">
          <span className="btn__label">{t("action")}</span>
        </Link>
      </p>
    </main>
  );
}
