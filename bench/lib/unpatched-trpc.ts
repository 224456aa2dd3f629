import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Plugin } from "esbuild";
import { installedTrpc, readSpreadPatch } from "@/test/trpc-spread-patch";

/**
 * An esbuild plugin that bundles tRPC as published: in each file the patch of its spread helper
 * changes, the patched helper is put back to the original (both read from the patch file). The
 * bench runs the production entry built this way next to the real one, to measure the patch.
 * `applied` counts the files rewritten; a build that rewrote none measured nothing.
 */
export function unpatchedTrpc(): { plugin: Plugin; applied: () => number } {
  const { files } = readSpreadPatch();
  const { dir } = installedTrpc();
  const byPath = new Map(files.map((f) => [path.join(dir, f.file), f]));
  let applied = 0;
  const plugin: Plugin = {
    name: "unpatched-trpc",
    setup(b) {
      b.onLoad({ filter: /[\\/]@trpc[\\/]server[\\/]dist[\\/]/ }, async (args) => {
        const file = byPath.get(args.path);
        if (!file) return undefined;
        const source = await readFile(args.path, "utf8");
        if (!source.includes(file.patched)) throw new Error(`${file.file} does not hold the patched helper`);
        applied++;
        return { contents: source.replace(file.patched, () => file.original), loader: "js" };
      });
    },
  };
  return { plugin, applied: () => applied };
}
