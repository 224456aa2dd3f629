"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import { Button } from "@/components/button";
import { TextField } from "@/components/field";
import { Notice } from "@/components/notice";
import { useErrorMessage } from "@/i18n/use-error-message";
import { LIMITS } from "@/lib/limits";
import { refetchAfterWrite } from "@/lib/trpc/refresh";
import { useTRPC } from "@/lib/trpc/client";

const MIN_PASSWORD = LIMITS.accountPassword.min;
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

type Problems = { email?: string; password?: string; form?: string };

type T = ReturnType<typeof useTranslations<"auth">>;

function checkCredentials(
  email: string,
  password: string,
  { newPassword, t }: { newPassword: boolean; t: T },
): Problems {
  const problems: Problems = {};
  if (!EMAIL.test(email.trim())) problems.email = t("badEmail");
  if (newPassword && [...password].length < MIN_PASSWORD) problems.password = t("shortPassword", { min: MIN_PASSWORD });
  else if (!password) problems.password = t("noPassword");
  return problems;
}

/** The email and password an account form asks for, and what is wrong with them. */
function useCredentials() {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [problems, setProblems] = useState<Problems>({});
  return { email, setEmail, password, setPassword, problems, setProblems };
}

/** The email and password fields and the form's problem; typing in a field clears its problem. */
function CredentialFields({ form, newPassword }: { form: ReturnType<typeof useCredentials>; newPassword: boolean }) {
  const t = useTranslations("auth");
  const { problems, setProblems } = form;
  return (
    <>
      <TextField
        label={t("email")}
        type="email"
        autoComplete={newPassword ? "email" : "username"}
        value={form.email}
        onChange={(e) => {
          form.setEmail(e.target.value);
          setProblems({ ...problems, email: undefined });
        }}
        error={problems.email}
        autoFocus
      />
      <TextField
        label={t("password")}
        type="password"
        autoComplete={newPassword ? "new-password" : "current-password"}
        hint={newPassword ? t("passwordHint", { min: MIN_PASSWORD }) : undefined}
        value={form.password}
        onChange={(e) => {
          form.setPassword(e.target.value);
          setProblems({ ...problems, password: undefined });
        }}
        error={problems.password}
      />
      {problems.form ? <Notice tone="danger">{problems.form}</Notice> : null}
    </>
  );
}

function AuthCard({ title, lead, children }: { title: string; lead: ReactNode; children: ReactNode }) {
  return (
    <section className="card login" aria-labelledby="auth-title">
      <h1 className="login__title" id="auth-title">
        {title}
      </h1>
      <p className="muted">{lead}</p>
      {children}
    </section>
  );
}

/**
 * Makes an account of the fan on this device: the guest they are becomes it, so their holds,
 * tickets and points stay. Then back to `next`.
 */
export function SignUpForm({ next }: { next: string }) {
  const trpc = useTRPC();
  const t = useTranslations("auth");
  const errors = useErrorMessage();
  const queryClient = useQueryClient();
  const router = useRouter();
  const form = useCredentials();
  const signUp = useMutation(
    trpc.session.signUp.mutationOptions({
      onSuccess: async () => {
        await refetchAfterWrite(queryClient, trpc.session.account.queryFilter());
        router.push(next);
      },
      onError: (error) =>
        form.setProblems({
          ...errors.fieldErrors(error, { email: "email", password: "password" }),
          form: errors.message(error, { EMAIL_TAKEN: t("emailTaken") }),
        }),
    }),
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = checkCredentials(form.email, form.password, { newPassword: true, t });
    form.setProblems(found);
    if (found.email || found.password) return;
    signUp.mutate({ email: form.email.trim(), password: form.password });
  }

  return (
    <AuthCard title={t("signUpTitle")} lead={t("signUpLead")}>
      <form onSubmit={submit} className="stack" noValidate>
        <CredentialFields form={form} newPassword />
        <Button type="submit" size="lg" block busy={signUp.isPending}>
          {t("signUpSubmit")}
        </Button>
      </form>
      <p className="muted">
        {t("haveAccount")} <Link href={`/account/sign-in?next=${encodeURIComponent(next)}`}>{t("signIn")}</Link>
      </p>
    </AuthCard>
  );
}

/**
 * Signs in to an account on this device. What was done as a guest here stays with that guest: every
 * query is read again as the account.
 */
export function SignInForm({ next }: { next: string }) {
  const trpc = useTRPC();
  const t = useTranslations("auth");
  const errors = useErrorMessage();
  const queryClient = useQueryClient();
  const router = useRouter();
  const form = useCredentials();
  const signIn = useMutation(
    trpc.session.signIn.mutationOptions({
      // Everything read as the guest is dropped and read again as the account.
      onSuccess: async () => {
        await queryClient.resetQueries();
        router.push(next);
      },
      onError: (error) => form.setProblems({ form: errors.message(error, { UNAUTHORIZED: t("wrongCredentials") }) }),
    }),
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = checkCredentials(form.email, form.password, { newPassword: false, t });
    form.setProblems(found);
    if (found.email || found.password) return;
    signIn.mutate({ email: form.email.trim(), password: form.password });
  }

  return (
    <AuthCard title={t("signIn")} lead={t("signInLead")}>
      <form onSubmit={submit} className="stack" noValidate>
        <CredentialFields form={form} newPassword={false} />
        <Button type="submit" size="lg" block busy={signIn.isPending}>
          {t("signIn")}
        </Button>
      </form>
      <p className="muted">
        <Link href="/account/forgot">{t("forgot")}</Link> · {t("newHere")}{" "}
        <Link href={`/account/sign-up?next=${encodeURIComponent(next)}`}>{t("signUpTitle")}</Link>
      </p>
    </AuthCard>
  );
}

/** Asks for a reset link by email; the answer is the same whether or not the email has an account. */
export function ForgotPasswordForm() {
  const trpc = useTRPC();
  const t = useTranslations("auth");
  const errors = useErrorMessage();
  const [email, setEmail] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const request = useMutation(
    trpc.accounts.requestPasswordReset.mutationOptions({ onError: (error) => setProblem(errors.message(error)) }),
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!EMAIL.test(email.trim())) {
      setProblem(t("badEmail"));
      return;
    }
    setProblem(null);
    request.mutate({ email: email.trim() });
  }

  return (
    <AuthCard title={t("forgotTitle")} lead={t("forgotLead")}>
      {request.isSuccess ? (
        <Notice tone="success" title={t("checkEmail")}>
          {t("linkSent", { email: email.trim() })}
        </Notice>
      ) : (
        <form onSubmit={submit} className="stack" noValidate>
          <TextField
            label={t("email")}
            type="email"
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={problem}
            autoFocus
          />
          <Button type="submit" size="lg" block busy={request.isPending}>
            {t("sendLink")}
          </Button>
        </form>
      )}
      <p className="muted">
        <Link href="/account/sign-in">{t("backToSignIn")}</Link>
      </p>
    </AuthCard>
  );
}

/** Sets a new password through the link's token; every device is signed out. */
export function ResetPasswordForm({ token }: { token: string | undefined }) {
  const trpc = useTRPC();
  const t = useTranslations("auth");
  const errors = useErrorMessage();
  const [password, setPassword] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const confirm = useMutation(
    trpc.accounts.confirmPasswordReset.mutationOptions({
      onError: (error) =>
        setProblem(
          errors.fieldErrors(error, { password: "password" }).password ??
            errors.message(error, { LINK_EXPIRED: t("linkExpired") }),
        ),
    }),
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    if ([...password].length < MIN_PASSWORD) {
      setProblem(t("shortPassword", { min: MIN_PASSWORD }));
      return;
    }
    setProblem(null);
    if (token) confirm.mutate({ token, password });
  }

  if (!token) {
    return (
      <AuthCard title={t("resetTitle")} lead={t("resetNeedsLink")}>
        <p>
          <Link href="/account/forgot">{t("askNewLink")}</Link>
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={t("resetTitle")} lead={t("resetLead")}>
      {confirm.isSuccess ? (
        <Notice tone="success" title={t("changed")}>
          {t.rich("signInWithNew", { link: (chunks) => <Link href="/account/sign-in">{chunks}</Link> })}
        </Notice>
      ) : (
        <form onSubmit={submit} className="stack" noValidate>
          <TextField
            label={t("newPassword")}
            type="password"
            autoComplete="new-password"
            hint={t("passwordHint", { min: MIN_PASSWORD })}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={problem}
            autoFocus
          />
          <Button type="submit" size="lg" block busy={confirm.isPending}>
            {t("setPassword")}
          </Button>
        </form>
      )}
    </AuthCard>
  );
}
