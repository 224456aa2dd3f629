import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldIssues } from "./errors";

function issuesOf(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  if (result.success) throw new Error("expected the input to be refused");
  return fieldIssues(result.error.issues);
}

describe("fieldIssues", () => {
  const schema = z
    .object({
      name: z.string().max(3),
      seats: z.array(z.number().int().min(1)),
      window: z.object({ opensAt: z.iso.datetime() }),
    })
    .strict();

  it("joins nested paths and array indexes with dots, keeping zod's message", () => {
    const issues = issuesOf(schema, { name: "long", seats: [1, 0], window: { opensAt: "soon" } });
    expect(issues.map((i) => i.path)).toEqual(["name", "seats.1", "window.opensAt"]);
    for (const issue of issues) expect(issue.message).toEqual(expect.any(String));
    expect(issues[0]!.message).toBe(schema.safeParse({ name: "long" }).error!.issues[0]!.message);
  });

  it("names the input as a whole with the empty path (unknown keys, object refinements)", () => {
    const issues = issuesOf(schema, { name: "a", seats: [], window: { opensAt: "2030-01-01T00:00:00Z" }, extra: 1 });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe("");
    expect(issues[0]!.message).toContain("extra");

    const refined = z.object({ a: z.number().optional() }).refine((v) => v.a !== undefined, "Give a");
    expect(issuesOf(refined, {})).toEqual([{ path: "", message: "Give a" }]);
  });

  it("has exactly the two documented fields, as plain JSON", () => {
    const [issue] = issuesOf(z.object({ n: z.number() }), { n: "1" });
    expect(Object.keys(issue!).sort()).toEqual(["message", "path"]);
    expect(JSON.parse(JSON.stringify(issue))).toEqual(issue);
  });
});
