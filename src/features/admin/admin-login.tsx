"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/button";
import { TextField } from "@/components/field";
import { useErrorMessage } from "@/i18n/use-error-message";
import { refetchAfterWrite } from "@/lib/trpc/refresh";
import { useTRPC } from "@/lib/trpc/client";

export function AdminLogin() {
  const trpc = useTRPC();
  const t = useTranslations("adminLogin");
  const errors = useErrorMessage();
  const queryClient = useQueryClient();
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const signIn = useMutation(
    trpc.session.adminLogin.mutationOptions({
      onSuccess: () => refetchAfterWrite(queryClient, trpc.session.admin.queryFilter()),
      onError: (error, input) =>
        setProblem(errors.message(error, { UNAUTHORIZED: input.login ? t("wrongLogin") : t("wrongPassword") })),
    }),
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!password) {
      setProblem(t("noPassword"));
      return;
    }
    setProblem(null);
    // No login: the owner account made from ADMIN_PASSWORD.
    signIn.mutate({ login: login.trim() || undefined, password });
  }

  return (
    <section className="card login" aria-labelledby="login-title">
      <h1 className="login__title" id="login-title">
        {t("title")}
      </h1>
      <p className="muted">{t("lead")}</p>
      <form onSubmit={submit} className="stack" noValidate>
        <TextField
          label={t("login")}
          hint={t("loginHint")}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={login}
          onChange={(e) => setLogin(e.target.value)}
          autoFocus
        />
        <TextField
          label={t("password")}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={problem}
        />
        <Button type="submit" size="lg" block busy={signIn.isPending}>
          {t("signIn")}
        </Button>
      </form>
    </section>
  );
}
