import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/**
 * patches/@trpc+server+<version>.patch replaces tRPC's compiled object-spread helper (oxc's
 * `_objectSpread2`, which copies every property through property descriptors) with Object.assign:
 * tRPC spreads the call options and the context several times per middleware of every call, and
 * for those plain objects Object.assign copies the same own enumerable properties, faster
 * (docs/BENCHMARKS.md: "one middleware step" in the per-call costs, and queue-poll through the
 * production entry with tRPC unpatched in "Serving the API").
 * This module reads that patch and the installed tRPC, for the test that fails when either drifts
 * (src/server/http/build-server.test.ts) and for the benchmark that measures the patch.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const PATCH_NAME = /^@trpc\+server\+(\d+\.\d+\.\d+)\.patch$/;
const HELPER_START = "function _objectSpread2(e) {\n";
const HELPER_END = "\n\treturn e;\n}";

/** One file the patch changes: its path inside the package, and the helper before and after. */
type PatchedFile = { file: string; original: string; patched: string };

export type SpreadPatch = { patchFile: string; version: string; files: PatchedFile[] };

/** The helper's definition inside some source text, or undefined when it has none. */
export function spreadHelper(source: string): string | undefined {
  const start = source.indexOf(HELPER_START);
  if (start === -1) return undefined;
  const end = source.indexOf(HELPER_END, start);
  return end === -1 ? undefined : source.slice(start, end + HELPER_END.length);
}

export function readSpreadPatch(): SpreadPatch {
  const names = readdirSync(path.join(ROOT, "patches")).filter((n) => PATCH_NAME.test(n));
  if (names.length !== 1) throw new Error(`expected one @trpc/server patch in patches/, found ${names.length}`);
  const patchFile = path.join(ROOT, "patches", names[0]!);
  const version = PATCH_NAME.exec(names[0]!)![1]!;
  const files: PatchedFile[] = [];
  for (const section of readFileSync(patchFile, "utf8")
    .split(/^diff --git /m)
    .slice(1)) {
    const file = /^a\/node_modules\/@trpc\/server\/(\S+) /.exec(section)?.[1];
    if (!file) throw new Error(`unexpected file header in ${patchFile}: ${section.slice(0, 80)}`);
    const before: string[] = [];
    const after: string[] = [];
    let inHunk = false;
    for (const line of section.split("\n")) {
      if (line.startsWith("@@")) inHunk = true;
      else if (!inHunk || line.startsWith("\\")) continue;
      else if (line.startsWith("-")) before.push(line.slice(1));
      else if (line.startsWith("+")) after.push(line.slice(1));
      else if (line.startsWith(" ") || line === "") {
        before.push(line.slice(1));
        after.push(line.slice(1));
      }
    }
    const original = spreadHelper(before.join("\n"));
    const patched = spreadHelper(after.join("\n"));
    if (!original || !patched) throw new Error(`${patchFile}: no _objectSpread2 on both sides for ${file}`);
    files.push({ file, original, patched });
  }
  return { patchFile, version, files };
}

/** The installed @trpc/server: its version and folder. */
export function installedTrpc(): { version: string; dir: string } {
  const manifest = createRequire(import.meta.url).resolve("@trpc/server/package.json");
  const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version: string };
  return { version, dir: path.dirname(manifest) };
}

/** Every file under the installed package's dist that defines the helper, relative to the package. */
export function filesDefiningHelper(dir: string): string[] {
  return readdirSync(path.join(dir, "dist"), { recursive: true, encoding: "utf8" })
    .filter((name) => /\.(c|m)?js$/.test(name))
    .filter((name) => readFileSync(path.join(dir, "dist", name), "utf8").includes(HELPER_START))
    .map((name) => `dist/${name.split(path.sep).join("/")}`)
    .sort();
}

export type Spread = (target: object, ...sources: unknown[]) => Record<PropertyKey, unknown>;

/**
 * The helper compiled with the runtime helpers it calls (`ownKeys`, `_defineProperty` and theirs),
 * taken from the installed package's file: `helper` replaces the definition found there.
 */
export function compileSpread(dir: string, file: string, helper: string): Spread {
  const source = readFileSync(path.join(dir, file), "utf8");
  const start = source.lastIndexOf("//#region", source.indexOf("@oxc-project+runtime"));
  const end = source.indexOf("//#region src/", start);
  const region = source.slice(start, end);
  const installed = spreadHelper(region);
  if (start === -1 || end === -1 || !installed) throw new Error(`no runtime helpers region in ${file}`);
  return new Function(`${region.replace(installed, () => helper)}\nreturn _objectSpread2;`)() as Spread;
}
