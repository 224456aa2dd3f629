import Link from "next/link";

export default function NotFound() {
  return (
    <main id="main" className="container page not-found">
      <p className="page-header__eyebrow">404</p>
      <h1 className="page-header__title">This page isn&apos;t here</h1>
      <p className="muted">The link may be old or mistyped.</p>
      <p>
        <Link href="/" className="btn btn--primary btn--md">
          <span className="btn__label">See concerts</span>
        </Link>
      </p>
    </main>
  );
}
