/**
 * Where to go after signing in or up: a path of this site given in `?next=`, else `fallback`.
 * Anything else (another site, `//host`, a scheme) is ignored.
 */
export function safeNext(next: string | undefined, fallback: string): string {
  return next && /^\/(?![/\\])/.test(next) ? next : fallback;
}
