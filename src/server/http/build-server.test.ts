import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { withFastSpread } from "./build-server";

/** The installed tRPC's ES module that defines the spread helper, and its runtime-helpers region. */
function trpcHelpers(): { file: string; source: string; region: string } {
  const dist = path.dirname(createRequire(import.meta.url).resolve("@trpc/server/package.json")) + "/dist";
  for (const name of readdirSync(dist).filter((n) => n.endsWith(".mjs"))) {
    const source = readFileSync(path.join(dist, name), "utf8");
    if (!source.includes("function _objectSpread2(e)")) continue;
    const start = source.lastIndexOf("//#region", source.indexOf("@oxc-project+runtime"));
    const end = source.indexOf("//#region src/", start);
    return { file: name, source, region: source.slice(start, end) };
  }
  throw new Error("tRPC's _objectSpread2 helper is gone: review withFastSpread in build-server.ts");
}

type Spread = (...args: unknown[]) => Record<PropertyKey, unknown>;
const compile = (region: string) => new Function(`${region}\nreturn _objectSpread2;`)() as Spread;

describe("the production bundle's faster tRPC spread", () => {
  it("finds tRPC's helper in the installed version (else the server silently runs slower)", () => {
    const { source } = trpcHelpers();
    expect(withFastSpread(source)).toContain("Object.assign(e, arguments[r])");
  });

  it("copies what tRPC's own helper copies, for the objects tRPC spreads", () => {
    const { region } = trpcHelpers();
    const original = compile(region);
    const fast = compile(withFastSpread(region)!);
    const sym = Symbol("s");
    const next = () => undefined;
    const [ctx, meta, input, list] = [{ deps: 1 }, { openapi: {} }, { x: 1 }, [1]];
    // Each case builds fresh arguments (the values they carry are shared), as each tRPC call does.
    const cases: (() => unknown[])[] = [
      () => [{}, { path: "queue.status", type: "query", ctx, input: undefined, [sym]: 1 }],
      () => [{ a: 1 }, {}, { meta, input, next }],
      () => [{}, null, undefined, { ctx }],
      () => [{ a: 1, b: 2 }, { b: 3 }, { c: list }, { a: undefined }],
    ];
    for (const make of cases) {
      const a = original(...make());
      const b = fast(...make());
      expect(Reflect.ownKeys(b)).toEqual(Reflect.ownKeys(a));
      for (const key of Reflect.ownKeys(a)) expect(b[key]).toBe(a[key]);
    }
  });
});
