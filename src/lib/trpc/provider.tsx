"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { errorReason } from "../errors";
import { createAppTRPCClient, TRPCProvider } from "./client";

/** Retrying only helps when the server could not answer; a 4xx answer will not change. */
function shouldRetry(failures: number, error: unknown): boolean {
  const reason = errorReason(error);
  return failures < 2 && (reason === "NETWORK" || reason === "UNAVAILABLE" || reason === "UNKNOWN");
}

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 5_000, retry: shouldRetry },
      mutations: { retry: false },
    },
  });
}

export function ApiProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(createAppTRPCClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
