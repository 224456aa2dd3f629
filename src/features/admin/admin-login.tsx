"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/button";
import { TextField } from "@/components/field";
import { errorMessage } from "@/lib/errors";
import { refetchAfterWrite } from "@/lib/trpc/refresh";
import { useTRPC } from "@/lib/trpc/client";

export function AdminLogin() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const signIn = useMutation(
    trpc.session.adminLogin.mutationOptions({
      onSuccess: () => refetchAfterWrite(queryClient, trpc.session.admin.queryFilter()),
      onError: (error, input) =>
        setProblem(
          errorMessage(error, {
            UNAUTHORIZED: input.login
              ? "That login or password isn't right. Try again."
              : "That password isn't right. Try again.",
          }),
        ),
    }),
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!password) {
      setProblem("Enter your password.");
      return;
    }
    setProblem(null);
    // No login: the owner account made from ADMIN_PASSWORD.
    signIn.mutate({ login: login.trim() || undefined, password });
  }

  return (
    <section className="card login" aria-labelledby="login-title">
      <h1 className="login__title" id="login-title">
        Admin sign in
      </h1>
      <p className="muted">Manage concerts and dates, and watch sales as they happen.</p>
      <form onSubmit={submit} className="stack" noValidate>
        <TextField
          label="Login"
          hint="Leave empty for the owner account."
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={login}
          onChange={(e) => setLogin(e.target.value)}
          autoFocus
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={problem}
        />
        <Button type="submit" size="lg" block busy={signIn.isPending}>
          Sign in
        </Button>
      </form>
    </section>
  );
}
