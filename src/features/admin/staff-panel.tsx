"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/button";
import { TextField } from "@/components/field";
import { Notice } from "@/components/notice";
import { LoadingBlock } from "@/components/skeleton";
import { errorMessage, inputIssues } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { refetchAfterWrite } from "@/lib/trpc/refresh";
import { useTRPC } from "@/lib/trpc/client";

const MIN_PASSWORD = 12;

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
  const queryClient = useQueryClient();
  const staff = useQuery(trpc.staff.list.queryOptions());
  const [problem, setProblem] = useState<string | null>(null);
  const remove = useMutation(
    trpc.staff.remove.mutationOptions({
      onSuccess: () => refetchAfterWrite(queryClient, trpc.staff.list.queryFilter(), trpc.admin.audit.pathFilter()),
      onError: (error) => setProblem(errorMessage(error)),
    }),
  );

  return (
    <section className="card staff" aria-labelledby="staff-title">
      <h2 className="section-title" id="staff-title">
        Staff accounts
      </h2>
      {staff.isPending ? <LoadingBlock label="Loading staff accounts…" height={80} /> : null}
      {staff.isError ? (
        <Notice tone="danger" title="Staff accounts didn't load">
          {errorMessage(staff.error)}
        </Notice>
      ) : null}
      {problem ? <Notice tone="danger">{problem}</Notice> : null}
      {staff.data ? (
        <div className="table-wrap">
          <table className="schedule-table" data-testid="staff-table">
            <caption className="visually-hidden">Staff accounts</caption>
            <thead>
              <tr>
                <th scope="col">Login</th>
                <th scope="col">Role</th>
                <th scope="col">Added</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {staff.data.items.map((m) => (
                <tr key={m.login} data-testid="staff-row">
                  <td>{m.login}</td>
                  <td>{m.role}</td>
                  <td>{formatDateTime(m.createdAt)}</td>
                  <td>
                    {m.login === self ? (
                      <span className="muted">you</span>
                    ) : (
                      <Button
                        variant="ghost"
                        size="sm"
                        onClick={() => {
                          setProblem(null);
                          remove.mutate({ login: m.login });
                        }}
                        busy={remove.isPending && remove.variables?.login === m.login}
                        aria-label={`Remove ${m.login}`}
                      >
                        Remove
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
        const issues = inputIssues(error);
        const byField = (f: string) => issues.find((i) => i.path === f)?.message;
        if (issues.length) setProblem({ login: byField("login"), password: byField("password") });
        else setProblem({ login: errorMessage(error, { CONFLICT: "That login is taken." }) });
      },
    }),
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!login.trim()) return setProblem({ login: "Enter a login." });
    if ([...password].length < MIN_PASSWORD) {
      return setProblem({ password: `Too short: use at least ${MIN_PASSWORD} characters.` });
    }
    setProblem(null);
    create.mutate({ login: login.trim(), password, role });
  }

  return (
    <form onSubmit={submit} className="stack" noValidate aria-label="Add a staff account">
      <h3 className="section-title">Add an account</h3>
      <TextField
        label="New login"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        value={login}
        onChange={(e) => setLogin(e.target.value)}
        error={problem?.login}
      />
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${MIN_PASSWORD} characters.`}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={problem?.password}
      />
      <div className="field">
        <label className="field__label" htmlFor={roleId}>
          Role
        </label>
        <select
          id={roleId}
          className="input"
          value={role}
          onChange={(e) => setRole(e.target.value === "owner" ? "owner" : "staff")}
        >
          <option value="staff">Staff (everything but managing staff)</option>
          <option value="owner">Owner (everything)</option>
        </select>
      </div>
      <Button type="submit" busy={create.isPending}>
        Add account
      </Button>
    </form>
  );
}
