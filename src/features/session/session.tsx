"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { createContext, useContext, type ReactNode } from "react";
import { Button } from "@/components/button";
import { Notice } from "@/components/notice";
import { useErrorMessage } from "@/i18n/use-error-message";
import { useTRPCClient } from "@/lib/trpc/client";
import type { User } from "@/lib/trpc/types";

const SESSION_KEY = ["session", "ensure"] as const;

type Session = { user: User | undefined; ready: boolean };

const SessionContext = createContext<Session>({ user: undefined, ready: false });

/**
 * Every fan has an identity from the first visit on: the server makes a guest and keeps it in an
 * HttpOnly cookie. Calls that need the fan wait for `ready`, so none goes out before the cookie.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useTRPCClient();
  const t = useTranslations("session");
  const errors = useErrorMessage();
  const session = useQuery({
    queryKey: SESSION_KEY,
    // A mutation run as a query: it has to happen once per visit, before anything else needs it.
    queryFn: () => client.session.ensure.mutate(),
    staleTime: Infinity,
    gcTime: Infinity,
  });
  return (
    <SessionContext value={{ user: session.data, ready: session.isSuccess }}>
      {session.isError ? (
        <div className="container session-error">
          <Notice
            tone="danger"
            title={t("startFailed")}
            action={
              <Button variant="secondary" size="sm" onClick={() => session.refetch()} busy={session.isFetching}>
                {t("retry")}
              </Button>
            }
          >
            {errors.message(session.error)}
          </Notice>
        </div>
      ) : null}
      {children}
    </SessionContext>
  );
}

export function useSession(): Session {
  return useContext(SessionContext);
}

/** After a rename, so the header shows the new name without another round trip. */
export function useSetSessionUser() {
  const queryClient = useQueryClient();
  return (user: User) => queryClient.setQueryData(SESSION_KEY, user);
}
