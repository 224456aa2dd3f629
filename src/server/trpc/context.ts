import type { Deps } from "../deps";

/**
 * What every procedure sees: the dependencies, the request's headers and a way to set response
 * headers. Credentials are read lazily by the procedure that needs them (see procedures.ts).
 */
export type Context = {
  deps: Deps;
  headers: Headers;
  setHeader: (name: string, value: string) => void;
  /** Filled in as the request is served, for its log line. */
  observed: RequestObservation;
};

export type RequestObservation = { userId?: string };

export function createContext(
  deps: Deps,
  headers: Headers,
  setHeader: Context["setHeader"],
  observed: RequestObservation = {},
): Context {
  return { deps, headers, setHeader, observed };
}
