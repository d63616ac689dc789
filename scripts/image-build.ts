/**
 * `npm run image:build`: build the container image from the Dockerfile.
 *
 * With a running Docker engine it is a plain `docker build` on the public
 * Node base image. Without one (these machines, CI) it builds with buildah:
 * first a local Node base from Debian packages (image-base.ts), then the
 * Dockerfile with `--build-arg NODE_IMAGE=<that base>`, chroot isolation and
 * the host's open-file limit (the sandbox refuses any other rlimit change).
 *
 * buildah mounts this machine's npm cache into the build, so the packages
 * `npm ci` already fetched here (CI installs before it builds) are not fetched
 * again. Behind a TLS-intercepting proxy (NODE_EXTRA_CA_CERTS set, or --ca-file),
 * the proxy's CA reaches `npm ci` in the build as the secret `npm_ca`, which
 * is mounted for that step only and stored in no layer.
 *
 * Options: --tag NAME (default resume-agent:<package version>), --engine
 * docker|buildah, --node-image IMAGE (skip the local base), --mirror URL,
 * --ca-file FILE, --rebuild-base. Prints the build time and the image size.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ensureLocalBase } from "./image-base.js";
import { capture, formatSeconds, run, step, succeeds } from "./image-commands.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const VERSION = (JSON.parse(readFileSync(`${ROOT}package.json`, "utf8")) as { version: string }).version;
/** The Helm chart's default image reference: `image.repository` with the chart's appVersion. */
export const DEFAULT_TAG = `resume-agent:${VERSION}`;

export type Engine = "docker" | "buildah";

export type BuildOptions = {
  tag?: string;
  engine?: Engine;
  nodeImage?: string;
  mirror?: string;
  caFile?: string;
  rebuildBase?: boolean;
};

export type BuiltImage = { tag: string; engine: Engine; seconds: number; size: string };

/** Docker when its engine answers, else buildah. */
export function detectEngine(): Engine {
  if (succeeds("docker", ["info"])) return "docker";
  if (succeeds("buildah", ["--version"])) return "buildah";
  throw new Error("neither a Docker engine nor buildah is available");
}

/** The open-file limit the build may ask for: exactly the current one. */
function nofileLimit(): string {
  return capture("sh", ["-c", "echo $(ulimit -Sn):$(ulimit -Hn)"]);
}

/** Size of an image in local storage, as the engine reports it (uncompressed). */
export function imageSize(engine: Engine, tag: string): string {
  if (engine === "docker") {
    const bytes = Number(capture("docker", ["image", "inspect", "--format", "{{.Size}}", tag]));
    return `${(bytes / 1e6).toFixed(0)} MB`;
  }
  const [entry] = JSON.parse(capture("buildah", ["images", "--json", tag])) as { size?: string }[];
  if (!entry?.size) throw new Error(`buildah lists no size for ${tag}`);
  return entry.size;
}

/** Build the image and report what it took. */
export async function buildImage(options: BuildOptions = {}): Promise<BuiltImage> {
  const tag = options.tag ?? DEFAULT_TAG;
  const engine = options.engine ?? detectEngine();
  const started = performance.now();
  const caFile = options.caFile ?? process.env.NODE_EXTRA_CA_CERTS;
  const secret = caFile && existsSync(caFile) ? ["--secret", `id=npm_ca,src=${caFile}`] : [];
  if (engine === "docker") {
    const args = ["build", "--tag", tag, "--file", "Dockerfile", ...secret];
    if (options.nodeImage) args.push("--build-arg", `NODE_IMAGE=${options.nodeImage}`);
    await step("docker build", () => run("docker", [...args, "."], { cwd: ROOT }));
  } else {
    const nodeImage =
      options.nodeImage ??
      (await step("local Node base image", () =>
        ensureLocalBase({ mirror: options.mirror, rebuild: options.rebuildBase }),
      ));
    const npmCache = capture("npm", ["config", "get", "cache"]);
    await step("buildah build", () =>
      run(
        "buildah",
        [
          "build",
          "--isolation=chroot",
          `--ulimit=nofile=${nofileLimit()}`,
          // Docker format keeps the HEALTHCHECK, which OCI image configs cannot hold.
          "--format=docker",
          "--layers",
          ...secret,
          "--volume",
          `${npmCache}:/build-npm-cache:rw`,
          "--build-arg",
          "npm_config_cache=/build-npm-cache",
          "--build-arg",
          `NODE_IMAGE=${nodeImage}`,
          "--tag",
          tag,
          "--file",
          "Dockerfile",
          ".",
        ],
        { cwd: ROOT },
      ),
    );
  }
  const seconds = (performance.now() - started) / 1000;
  return { tag, engine, seconds, size: imageSize(engine, tag) };
}

export function describeImage(image: BuiltImage): string {
  return `${image.tag} built with ${image.engine} in ${formatSeconds(image.seconds * 1000)}; size ${image.size}`;
}

/** Command-line options shared with image-test.ts. */
export function parseBuildArgs(argv: string[]): BuildOptions & { skipBuild: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      tag: { type: "string" },
      engine: { type: "string" },
      "node-image": { type: "string" },
      mirror: { type: "string" },
      "ca-file": { type: "string" },
      "rebuild-base": { type: "boolean", default: false },
      "skip-build": { type: "boolean", default: false },
    },
  });
  if (values.engine !== undefined && values.engine !== "docker" && values.engine !== "buildah") {
    throw new Error(`--engine must be docker or buildah, not ${values.engine}`);
  }
  return {
    tag: values.tag,
    engine: values.engine,
    nodeImage: values["node-image"],
    mirror: values.mirror,
    caFile: values["ca-file"],
    rebuildBase: values["rebuild-base"],
    skipBuild: values["skip-build"],
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildImage(parseBuildArgs(process.argv.slice(2))).then(
    (image) => console.log(describeImage(image)),
    (error: unknown) => {
      console.error(`image build failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
