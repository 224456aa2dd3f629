import type { QueryClient, QueryFilters } from "@tanstack/react-query";

/**
 * Refetches what a write changed. Reads still in flight are cancelled first: one that started
 * before the write would answer with the old state, and React Query hands back a first load in
 * flight instead of starting another.
 */
export async function refetchAfterWrite(queryClient: QueryClient, ...filters: QueryFilters[]): Promise<void> {
  await Promise.all(filters.map((f) => queryClient.cancelQueries(f)));
  await Promise.all(filters.map((f) => queryClient.invalidateQueries(f)));
}
