/**
 * Runs commands in the built image for image-test.ts, with either engine.
 *
 * buildah: each process gets its own working container (`buildah from`) and
 * runs with `buildah run --isolation=chroot`, which shares this machine's
 * network, so the container reaches PostgreSQL on 127.0.0.1 and its server is
 * reachable there. buildah does not pass SIGTERM on to the process (it kills
 * it), so a graceful stop signals the node process itself.
 *
 * docker: `docker run --network=host --read-only --tmpfs /tmp`, the way
 * compose.yaml and the Helm chart run it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import type { Engine } from "./image-build.js";
import { capture, run } from "./image-commands.js";

export type RunSpec = {
  /** The CLI's arguments (`["serve", "--no-worker"]`), or a full command with `shell`. */
  args: string[];
  env?: Record<string, string>;
  /** Run `args` as a command of its own instead of the resume-agent CLI. */
  shell?: boolean;
};

export type Finished = { code: number | null; stdout: string; stderr: string };

export class ImageRunner {
  private readonly containers: string[] = [];
  private readonly names = new Map<ChildProcess, string>();
  private serial = 0;

  constructor(
    readonly engine: Engine,
    readonly image: string,
    /** Host directory mounted at /data (owned by the image's user). */
    readonly dataDir: string,
  ) {}

  /** Start a process in the image; the caller reads its output and awaits its exit. */
  start(spec: RunSpec): ChildProcess {
    const command = spec.shell ? spec.args : ["node", "bin/resume-agent.js", ...spec.args];
    const env = Object.entries(spec.env ?? {}).flatMap(([k, v]) => ["--env", `${k}=${v}`]);
    if (this.engine === "docker") {
      const name = `resume-agent-test-${process.pid}-${++this.serial}`;
      const child = spawn(
        "docker",
        [
          "run",
          "--rm",
          "--name",
          name,
          "--network=host",
          "--read-only",
          "--tmpfs",
          "/tmp",
          "--volume",
          `${this.dataDir}:/data`,
          ...env,
          ...(spec.shell
            ? ["--entrypoint", command[0]!, this.image, ...command.slice(1)]
            : [this.image, ...spec.args]),
        ],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      this.names.set(child, name);
      return child;
    }
    const container = capture("buildah", ["from", "--pull-never", "--quiet", this.image]);
    this.containers.push(container);
    return spawn(
      "buildah",
      [
        "run",
        "--isolation=chroot",
        "--volume",
        `${this.dataDir}:/data:rw`,
        ...env,
        container,
        "--",
        ...command,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
  }

  /** Run to completion and collect the output. */
  async run(spec: RunSpec): Promise<Finished> {
    const child = this.start(spec);
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", resolve);
    });
    return { code, stdout, stderr };
  }

  /** Ask the process to shut down gracefully (SIGTERM to node itself). */
  terminate(child: ChildProcess): void {
    const name = this.names.get(child);
    if (name) {
      void run("docker", ["kill", "--signal", "TERM", name], { quiet: true }).catch(() => {});
      return;
    }
    // buildah's own helper processes carry the command in their arguments too; only node itself.
    for (const pid of descendants(child.pid!)) {
      const [executable, script] = readCmdline(pid);
      if (executable?.endsWith("node") && script === "bin/resume-agent.js") process.kill(pid, "SIGTERM");
    }
  }

  /** Remove the working containers. */
  async cleanup(): Promise<void> {
    if (this.containers.length > 0) {
      await run("buildah", ["rm", ...this.containers.splice(0)], { quiet: true }).catch(() => {});
    }
  }
}

function readCmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return [];
  }
}

/** Every process below `root` in the process tree (from /proc). */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name may contain spaces and parentheses; fields resume after the last ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}
