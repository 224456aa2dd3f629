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
  const [password, setPassword] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const login = useMutation(
    trpc.session.adminLogin.mutationOptions({
      onSuccess: () => refetchAfterWrite(queryClient, trpc.session.admin.queryFilter()),
      onError: (error) => setProblem(errorMessage(error, { UNAUTHORIZED: "That password isn't right. Try again." })),
    }),
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!password) {
      setProblem("Enter the admin password.");
      return;
    }
    setProblem(null);
    login.mutate({ password });
  }

  return (
    <section className="card login" aria-labelledby="login-title">
      <h1 className="login__title" id="login-title">
        Admin sign in
      </h1>
      <p className="muted">Manage concerts and dates, and watch sales as they happen.</p>
      <form onSubmit={submit} className="stack" noValidate>
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={problem}
          autoFocus
        />
        <Button type="submit" size="lg" block busy={login.isPending}>
          Sign in
        </Button>
      </form>
    </section>
  );
}
