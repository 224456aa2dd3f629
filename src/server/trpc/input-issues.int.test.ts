import { describe, expect, it } from "vitest";
import { useTestApp } from "@/test/app";

/** Refused input names its fields in `issues` (docs/API.md, errors), over REST and over tRPC alike. */
const app = useTestApp();

const json = { "content-type": "application/json" };

async function rest(body: unknown) {
  const res = await fetch(`${app.url}/api/v1/users`, { method: "POST", headers: json, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { issues?: unknown; code?: string } };
}

async function trpc(body: unknown) {
  const res = await fetch(`${app.url}/api/trpc/users.create`, {
    method: "POST",
    headers: json,
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as { error?: { data?: { reason?: string; issues?: unknown } } };
  return { status: res.status, data: answer.error?.data };
}

const fieldIssue = (path: string) => ({ path, message: expect.any(String) });

describe("input issues", () => {
  it("REST: a 400 lists each refused field by its path", async () => {
    const wrongType = await rest({ name: 5 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.issues).toEqual([fieldIssue("name")]);

    const controlCharacter = await rest({ name: "a\u0007b" });
    expect(controlCharacter.status).toBe(400);
    expect(controlCharacter.body.issues).toEqual([
      { path: "name", message: expect.stringContaining("control character U+0007") },
    ]);
  });

  it('REST: an unknown key is an issue of the input as a whole (path "")', async () => {
    const answer = await rest({ name: "Mina", extra: 1 });
    expect(answer.status).toBe(400);
    expect(answer.body.issues).toEqual([{ path: "", message: expect.stringContaining("extra") }]);
  });

  it("tRPC: a BAD_REQUEST carries the same issues in its data", async () => {
    const answer = await trpc({ name: 5 });
    expect(answer.status).toBe(400);
    expect(answer.data?.reason).toBe("BAD_REQUEST");
    expect(answer.data?.issues).toEqual([fieldIssue("name")]);
  });

  it("an accepted input and a refusal that is not about the input carry no issues", async () => {
    const created = await fetch(`${app.url}/api/v1/users`, { method: "POST", headers: json, body: "{}" });
    expect(created.status).toBe(201);
    const notJson = await fetch(`${app.url}/api/v1/users`, { method: "POST", headers: json, body: "{nope" });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { issues?: unknown }).issues).toBeUndefined();
  });
});
