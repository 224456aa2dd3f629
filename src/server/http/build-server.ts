/**
 * Compiles the production entry (server.ts) and everything it imports except Next.js into one
 * ES module, with esbuild, in about a second. `npm start`, the benchmark, the multi-instance tests
 * and the Docker image run that file with plain `node`: no TypeScript loader at run time, and no
 * source-mapped stack traces (with tsx, formatting the stack of every refused request costs more
 * than serving it). Next.js stays outside the bundle, resolved from node_modules next to it.
 *
 *   node --import tsx src/server/http/build-server.ts [outfile]   (default .next/lean-server.mjs)
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "../../..");
export const DEFAULT_SERVER_BUNDLE = path.join(ROOT, ".next", "lean-server.mjs");

/**
 * tRPC ships its object spreads compiled to a helper (oxc's `_objectSpread2`) that copies every
 * property through property descriptors; each middleware of each call spreads the call options and
 * the context several times, and that helper alone is about a third of the server's CPU on a queue
 * poll (docs/BENCHMARKS.md). For the plain objects tRPC spreads (options, contexts), Object.assign
 * onto the fresh target copies exactly the same own enumerable properties, several times faster.
 * Returns the rewritten module, or undefined when the helper is not in it.
 */
const SPREAD_HELPER = /function _objectSpread2\(e\) \{\n[\s\S]*?\n\treturn e;\n\}/;

export function withFastSpread(source: string): string | undefined {
  if (!SPREAD_HELPER.test(source)) return undefined;
  return source.replace(
    SPREAD_HELPER,
    "function _objectSpread2(e) {\n\tfor (var r = 1; r < arguments.length; r++) if (arguments[r] != null) Object.assign(e, arguments[r]);\n\treturn e;\n}",
  );
}

function fastSpreadPlugin(applied: { count: number }): Plugin {
  return {
    name: "trpc-fast-spread",
    setup(b) {
      b.onLoad({ filter: /[\\/]@trpc[\\/]server[\\/]dist[\\/].*\.mjs$/ }, async (args) => {
        const source = await readFile(args.path, "utf8");
        const fast = withFastSpread(source);
        if (fast === undefined) return undefined;
        applied.count++;
        return { contents: fast, loader: "js" };
      });
    },
  };
}

export async function buildServerBundle(outfile = DEFAULT_SERVER_BUNDLE): Promise<string> {
  const applied = { count: 0 };
  await build({
    entryPoints: [path.join(ROOT, "src/server/http/server.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    tsconfig: path.join(ROOT, "tsconfig.json"),
    // Next.js loads its own build output at run time; pg-native is an optional addon pg never needs here.
    external: ["next", "pg-native"],
    plugins: [fastSpreadPlugin(applied)],
    // CommonJS packages inside an ES module still call require() for Node's built-ins.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: "warning",
  });
  if (applied.count === 0)
    console.warn("build-server: tRPC's spread helper was not found; the server runs at tRPC's own speed");
  return outfile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildServerBundle(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  console.log(`Built ${path.relative(process.cwd(), out)}`);
}
