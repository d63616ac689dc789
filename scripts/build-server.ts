/**
 * Compiles the server into dist/server with esbuild: what `npm start`, the
 * `resume-agent` launcher and the container image run. Tests keep running the
 * TypeScript sources through tsx.
 *
 * Our sources are bundled with code splitting, so every `await import()` in
 * them stays a separate chunk that loads only when used (the renderer, the
 * Azure SDK, tracing). Packages stay in node_modules, except the few listed in
 * BUNDLED_PACKAGES. Usage: `node scripts/build-server.ts`.
 */
import { rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
export const SERVER_OUT_DIR = resolve(ROOT, "dist/server");
/** Written last: its mtime is when the build finished (build-freshness.js compares against it). */
const BUILD_STAMP = "build.json";

/**
 * Packages compiled into the bundle instead of loaded from node_modules.
 * drizzle-orm: Node re-reads its 179 KB package.json `exports` for every one of
 * the ~110 modules it loads, which cost ~0.3 s and ~90 MB of heap at start.
 * Only pure ESM packages that read no files of their own belong here.
 */
const BUNDLED_PACKAGES = new Set(["drizzle-orm"]);

/** Every entry point, and the worker-thread file that `new URL("./parse-worker.js", import.meta.url)` finds beside it. */
const ENTRY_POINTS = {
  main: "src/cli/main.ts",
  "parse-worker": "src/resume/parse/parse-worker.ts",
};

/** Bare imports stay external unless their package is in BUNDLED_PACKAGES. */
const externalPackages: Plugin = {
  name: "external-packages",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith("node:")) return { external: true };
      const parts = args.path.split("/");
      const name = args.path.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
      return name && BUNDLED_PACKAGES.has(name) ? undefined : { external: true };
    });
  },
};

const RELATIVE_URL = /new URL\(\s*"(\.\.?\/[^"]*)"\s*,\s*import\.meta\.url\s*\)/g;

/**
 * Files outside src/ that a source module finds with `new URL("../..", import.meta.url)`
 * (the migrations, the built web UI) must be found from the chunk the module
 * lands in, so the relative path is recomputed from the output directory. Every
 * chunk is written flat into it, so the result does not depend on which chunk.
 */
function relocateFileUrls(outDir: string): Plugin {
  return {
    name: "relocate-file-urls",
    setup(b) {
      const srcDir = resolve(ROOT, "src");
      b.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (relative(srcDir, args.path).startsWith("..")) return undefined;
        const source = await readFile(args.path, "utf8");
        const contents = source.replace(RELATIVE_URL, (whole, rel: string) => {
          const target = resolve(dirname(args.path), rel);
          if (!relative(srcDir, target).startsWith("..")) return whole;
          let fromOut = relative(outDir, target);
          if (!fromOut.startsWith(".")) fromOut = `./${fromOut}`;
          return `new URL(${JSON.stringify(fromOut)}, import.meta.url)`;
        });
        return { contents, loader: "ts" };
      });
    },
  };
}

/**
 * Build the server from scratch and return the time it took in milliseconds.
 * `outDir` (default dist/server) must be inside the checkout, so that the
 * external packages resolve from its node_modules.
 */
export async function buildServer(options: { outDir?: string; quiet?: boolean } = {}): Promise<number> {
  const started = performance.now();
  const outDir = resolve(options.outDir ?? SERVER_OUT_DIR);
  rmSync(outDir, { recursive: true, force: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRY_POINTS,
    outdir: outDir,
    entryNames: "[name]",
    chunkNames: "[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node22",
    sourcemap: "linked",
    // Names stay readable in stack traces and logs (class names appear in errors).
    keepNames: true,
    legalComments: "linked",
    logLevel: options.quiet ? "error" : "warning",
    plugins: [externalPackages, relocateFileUrls(outDir)],
  });
  // Without its own package.json, dist/server inherits `"type": "module"` from the root one.
  writeFileSync(resolve(outDir, BUILD_STAMP), `${JSON.stringify({ builtAt: new Date().toISOString() })}\n`);
  return performance.now() - started;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildServer().then(
    (ms) => console.log(`server built into ${relative(ROOT, SERVER_OUT_DIR)} in ${(ms / 1000).toFixed(1)} s`),
    (error: unknown) => {
      console.error("building the server failed:", error);
      process.exit(1);
    },
  );
}
