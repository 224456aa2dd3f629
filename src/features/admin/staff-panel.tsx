"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/button";
import { TextField } from "@/components/field";
import { Notice } from "@/components/notice";
import { LoadingBlock } from "@/components/skeleton";
import { useErrorMessage } from "@/i18n/use-error-message";
import { useFormat } from "@/i18n/use-format";
import { refetchAfterWrite } from "@/lib/trpc/refresh";
import { LIMITS } from "@/lib/limits";
import { useTRPC } from "@/lib/trpc/client";

const MIN_PASSWORD = LIMITS.staffPassword.min;

/** Staff accounts: shown to owners only (the server refuses the rest with 403 anyway). */
export function StaffPanel() {
  const trpc = useTRPC();
  const session = useQuery(trpc.session.admin.queryOptions(undefined, { staleTime: Infinity }));
  const me = session.data;
  if (!me?.signedIn || me.role !== "owner") return null;
  return <StaffAccounts self={me.login} />;
}

function StaffAccounts({ self }: { self: string }) {
  const trpc = useTRPC();
  const t = useTranslations("staff");
  const errors = useErrorMessage();
  const f = useFormat();
  const queryClient = useQueryClient();
  const staff = useQuery(trpc.staff.list.queryOptions());
  const [problem, setProblem] = useState<string | null>(null);
  const remove = useMutation(
    trpc.staff.remove.mutationOptions({
      onSuccess: () => refetchAfterWrite(queryClient, trpc.staff.list.queryFilter(), trpc.admin.audit.pathFilter()),
      onError: (error) => setProblem(errors.message(error)),
    }),
  );

  return (
    <section className="card staff" aria-labelledby="staff-title">
      <h2 className="section-title" id="staff-title">
        {t("title")}
      </h2>
      {staff.isPending ? <LoadingBlock label={t("loading")} height={80} /> : null}
      {staff.isError ? (
        <Notice tone="danger" title={t("loadFailed")}>
          {errors.message(staff.error)}
        </Notice>
      ) : null}
      {problem ? <Notice tone="danger">{problem}</Notice> : null}
      {staff.data ? (
        <div className="table-wrap">
          <table className="schedule-table" data-testid="staff-table">
            <caption className="visually-hidden">{t("title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("login")}</th>
                <th scope="col">{t("role")}</th>
                <th scope="col">{t("added")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {staff.data.items.map((m) => (
                <tr key={m.login} data-testid="staff-row">
                  <td>{m.login}</td>
                  <td>{t(`roles.${m.role}`)}</td>
                  <td>{f.dateTime(m.createdAt)}</td>
                  <td>
                    {m.login === self ? (
                      <span className="muted">{t("you")}</span>
                    ) : (
                      <Button
                        variant="ghost"
                        size="sm"
                        onClick={() => {
                          setProblem(null);
                          remove.mutate({ login: m.login });
                        }}
                        busy={remove.isPending && remove.variables?.login === m.login}
                        aria-label={t("removeLogin", { login: m.login })}
                      >
                        {t("remove")}
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <AddStaffForm />
    </section>
  );
}

function AddStaffForm() {
  const trpc = useTRPC();
  const t = useTranslations("staff");
  const errors = useErrorMessage();
  const queryClient = useQueryClient();
  const roleId = useId();
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState<"staff" | "owner">("staff");
  const [problem, setProblem] = useState<{ login?: string; password?: string } | null>(null);
  const create = useMutation(
    trpc.staff.create.mutationOptions({
      onSuccess: () => {
        setLogin("");
        setPassword("");
        setRole("staff");
        return refetchAfterWrite(queryClient, trpc.staff.list.queryFilter(), trpc.admin.audit.pathFilter());
      },
      onError: (error) => {
        const issues = errors.fieldErrors(error, { login: "login", password: "password" });
        if (Object.keys(issues).length) setProblem(issues);
        else setProblem({ login: errors.message(error, { CONFLICT: t("loginTaken") }) });
      },
    }),
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!login.trim()) return setProblem({ login: t("enterLogin") });
    if ([...password].length < MIN_PASSWORD) {
      return setProblem({ password: t("tooShort", { min: MIN_PASSWORD }) });
    }
    setProblem(null);
    create.mutate({ login: login.trim(), password, role });
  }

  return (
    <form onSubmit={submit} className="stack" noValidate aria-label={t("formLabel")}>
      <h3 className="section-title">{t("addTitle")}</h3>
      <TextField
        label={t("newLogin")}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        value={login}
        onChange={(e) => setLogin(e.target.value)}
        error={problem?.login}
      />
      <TextField
        label={t("newPassword")}
        type="password"
        autoComplete="new-password"
        hint={t("passwordHint", { min: MIN_PASSWORD })}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={problem?.password}
      />
      <div className="field">
        <label className="field__label" htmlFor={roleId}>
          {t("role")}
        </label>
        <select
          id={roleId}
          className="input"
          value={role}
          onChange={(e) => setRole(e.target.value === "owner" ? "owner" : "staff")}
        >
          <option value="staff">{t("staffOption")}</option>
          <option value="owner">{t("ownerOption")}</option>
        </select>
      </div>
      <Button type="submit" busy={create.isPending}>
        {t("submit")}
      </Button>
    </form>
  );
}
