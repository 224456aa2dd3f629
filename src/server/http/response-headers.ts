import { nextSecurityHeaders } from "../security/headers";

/**
 * The headers next.config.js `headers()` gives every response, for the responses the production
 * server answers without Next.js (the API): the same rules (security/headers.ts), matched the way
 * Next matches them, later rules overriding earlier ones for the same header.
 *
 * Sources are Next's path patterns; the ones supported here are literal paths with an optional
 * trailing `/:name*` (any number of segments). Any other pattern stops the start rather than
 * letting a header go missing.
 */
function sourceRegExp(source: string): RegExp {
  const m = /^((?:\/[\w.-]+)*)(\/:\w+\*)?$/.exec(source);
  if (!m)
    throw new Error(`Unsupported header source "${source}": teach src/server/http/response-headers.ts its syntax`);
  const literal = m[1]!.replace(/[.]/g, "\\.");
  return new RegExp(m[2] ? `^${literal}(?:/.*)?$` : `^${literal || "/"}$`);
}

export type HeaderRules = (pathname: string) => Record<string, string>;

export function responseHeaderRules(dev: boolean): HeaderRules {
  const rules = nextSecurityHeaders(dev).map((rule) => ({ match: sourceRegExp(rule.source), headers: rule.headers }));
  const cache = new Map<string, Record<string, string>>();
  return (pathname) => {
    const matched = rules.flatMap((rule, i) => (rule.match.test(pathname) ? [i] : []));
    const key = matched.join(",");
    let headers = cache.get(key);
    if (!headers) {
      headers = {};
      for (const i of matched) for (const h of rules[i]!.headers) headers[h.key.toLowerCase()] = h.value;
      cache.set(key, headers);
    }
    return headers;
  };
}
