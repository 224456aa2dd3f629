/**
 * Compiles the production entry (server.ts) and everything it imports except Next.js into one
 * ES module, with esbuild, in about a second. `npm start`, the benchmark, the multi-instance tests
 * and the Docker image run that file with plain `node`: no TypeScript loader at run time, and no
 * source-mapped stack traces (with tsx, formatting the stack of every refused request costs more
 * than serving it). Next.js stays outside the bundle, resolved from node_modules next to it.
 *
 *   node --import tsx src/server/http/build-server.ts [outfile]   (default .next/lean-server.mjs)
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const DEFAULT_SERVER_BUNDLE = path.join(ROOT, ".next", "lean-server.mjs");

/**
 * `plugins`: esbuild plugins for a variant of the bundle (the benchmark builds one from tRPC's
 * unpatched sources to measure patches/@trpc+server+*.patch).
 */
export async function buildServerBundle(outfile = DEFAULT_SERVER_BUNDLE, plugins: Plugin[] = []): Promise<string> {
  await build({
    entryPoints: [path.join(ROOT, "src/server/http/server.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    tsconfig: path.join(ROOT, "tsconfig.json"),
    // Next.js loads its own build output at run time; pg-native is an optional addon pg never needs
    // here; argon2's native addon is loaded from node_modules.
    external: ["next", "pg-native", "@node-rs/argon2"],
    plugins,
    // CommonJS packages inside an ES module still call require() for Node's built-ins.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: "warning",
  });
  return outfile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildServerBundle(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  console.log(`Built ${path.relative(process.cwd(), out)}`);
}
