/**
 * Azurite (the Azure Storage emulator) for tests: blob service only, in-memory,
 * on a free loopback port, started from the npm package and stopped after.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The emulator's well-known development account (public, documented by Microsoft). */
export const AZURITE_ACCOUNT = "devstoreaccount1";
export const AZURITE_KEY =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export type Azurite = {
  /** `http://127.0.0.1:{port}/devstoreaccount1` */
  endpoint: string;
  port: number;
  accountName: string;
  accountKey: string;
  /** Freeze the emulator (SIGSTOP): connections hang, as with a store that stopped answering. */
  pause(): void;
  /** Undo `pause` (SIGCONT). */
  resume(): void;
  /** Kill the emulator (its in-memory data goes with it). */
  stop(): Promise<void>;
};

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const BLOB_MAIN = join(ROOT, "node_modules", "azurite", "dist", "src", "blob", "main.js");

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("no port"));
      });
    });
  });
}

/** Start Azurite's blob service; resolves once it accepts requests. */
export async function startAzurite(options: { port?: number; timeoutMs?: number } = {}): Promise<Azurite> {
  const port = options.port ?? (await freePort());
  const child = spawn(
    process.execPath,
    [
      BLOB_MAIN,
      "--blobHost",
      "127.0.0.1",
      "--blobPort",
      String(port),
      "--inMemoryPersistence",
      "--loose",
      "--skipApiVersionCheck",
      "--disableProductStyleUrl",
    ],
    // A scratch working directory: nothing the emulator might write lands in the repository.
    { stdio: ["ignore", "pipe", "pipe"], cwd: tmpdir(), env: { ...process.env, AZURITE_ACCOUNTS: "" } },
  );
  const endpoint = `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
  await waitUntilListening(child, options.timeoutMs ?? 30_000);
  return {
    endpoint,
    port,
    accountName: AZURITE_ACCOUNT,
    accountKey: AZURITE_KEY,
    pause: () => child.kill("SIGSTOP"),
    resume: () => child.kill("SIGCONT"),
    stop: () => stopProcess(child),
  };
}

/** Azurite prints this line once its HTTP server is bound; a signal, not a sleep. */
function waitUntilListening(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`Azurite did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/successfully listens on/i.test(output)) {
        clearTimeout(timer);
        child.stdout?.off("data", onData);
        // Keep draining so a full pipe never blocks the emulator.
        child.stdout?.resume();
        child.stderr?.resume();
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited early (${code ?? signal}):\n${output}`));
    });
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    // In-memory data has nowhere to be flushed, and a graceful stop waits on keep-alive
    // connections for seconds: kill outright (this is also the abrupt outage tests want).
    child.kill("SIGKILL");
  });
}
