import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  compileSpread,
  filesDefiningHelper,
  installedTrpc,
  readSpreadPatch,
  spreadHelper,
} from "@/test/trpc-spread-patch";

describe("the patch of tRPC's spread helper (patches/@trpc+server+*.patch)", () => {
  const patch = readSpreadPatch();
  const trpc = installedTrpc();

  it("is for the installed version of @trpc/server (an upgrade must redo or drop the patch)", () => {
    expect(trpc.version).toBe(patch.version);
  });

  it("covers every file of the installed tRPC that defines the helper, each holding the patched one", () => {
    expect(filesDefiningHelper(trpc.dir)).toEqual(patch.files.map((f) => f.file).sort());
    for (const { file, original, patched } of patch.files) {
      const installed = spreadHelper(readFileSync(path.join(trpc.dir, file), "utf8"));
      expect(installed, file).toBe(patched);
      expect(installed, file).not.toBe(original);
      expect(patched).toContain("Object.assign(e, arguments[r])");
    }
  });

  it("copies what tRPC's own helper copies, for the objects tRPC spreads", () => {
    const { file, original, patched } = patch.files[0]!;
    const before = compileSpread(trpc.dir, file, original);
    const after = compileSpread(trpc.dir, file, patched);
    const sym = Symbol("s");
    const next = () => undefined;
    const [ctx, meta, input, list] = [{ deps: 1 }, { openapi: {} }, { x: 1 }, [1]];
    // Each case builds fresh arguments (the values they carry are shared), as each tRPC call does:
    // the shapes of callRecursive's options and context merges, and of the error formatter's.
    const cases: (() => [object, ...unknown[]])[] = [
      () => [{}, { path: "queue.status", type: "query", ctx, input: undefined, [sym]: 1 }],
      () => [{ a: 1 }, {}, { meta, input, next }],
      () => [{}, null, undefined, { ctx }],
      () => [{ a: 1, b: 2 }, { b: 3 }, { c: list }, { a: undefined }],
    ];
    for (const make of cases) {
      const a = before(...make());
      const b = after(...make());
      expect(Reflect.ownKeys(b)).toEqual(Reflect.ownKeys(a));
      for (const key of Reflect.ownKeys(a)) expect(b[key]).toBe(a[key]);
    }
  });
});
