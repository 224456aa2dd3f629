"use client";

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <main id="main" className="container page not-found">
      <p className="page-header__eyebrow">Something went wrong</p>
      <h1 className="page-header__title">This page hit a snag</h1>
      <p className="muted">
        It&apos;s on our side, not yours. Try again, and if it keeps happening, come back in a few minutes.
      </p>
      <p>
        <button type="button" className="btn btn--primary btn--md" onClick={reset}>
          <span className="btn__label">Try again</span>
        </button>
      </p>
    </main>
  );
}
