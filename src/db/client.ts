/**
 * The database handle: one per process, built by the composition root.
 *
 * Two engines behind one Drizzle type: PostgreSQL through a node-postgres pool
 * (`DATABASE_URL` set) and the embedded PGlite (no server; the default for a
 * first `npm start`). Nothing imports a global client; every component
 * receives a `Database`.
 */
import { mkdirSync } from "node:fs";
import type { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import * as schema from "./schema.js";

export type Schema = typeof schema;

/** Both drivers return `{ rows }` from `execute`; this makes that visible to the compiler. */
export interface RowsResultHKT extends PgQueryResultHKT {
  type: { rows: Record<string, unknown>[] };
}

/** A Drizzle handle on either engine. */
export type Db = PgDatabase<RowsResultHKT, Schema>;
/** A Drizzle transaction. Functions that lock rows take this type so callers must open one. */
export type Tx = PgTransaction<RowsResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either a plain handle or an open transaction. */
export type Queryable = Db | Tx;

export type DatabaseKind = "postgres" | "pglite";

export type Database = {
  readonly kind: DatabaseKind;
  readonly db: Db;
  /** The node-postgres pool (PostgreSQL only), for the few places that need a dedicated session. */
  readonly pool: pg.Pool | undefined;
  /** The embedded engine (PGlite only). */
  readonly pglite: PGlite | undefined;
  /**
   * Subscribe to NOTIFY on `channel`. NOTIFY is a hint: listeners must also poll.
   * On PostgreSQL this holds one dedicated connection and re-subscribes after it drops.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
};

export type DatabaseOptions = {
  /** PostgreSQL connection string; undefined selects PGlite. */
  url: string | undefined;
  poolMax?: number;
  /** PGlite data directory; undefined keeps the embedded database in memory. */
  embeddedDir?: string | undefined;
  /** Called for errors on idle pooled connections (e.g. the server terminated them). */
  onError?: (error: Error) => void;
  applicationName?: string;
};

/** Build the process's database handle. */
export async function createDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url ? createPostgres(options.url, options) : createPglite(options);
}

function createPostgres(url: string, options: DatabaseOptions): Database {
  const onError = options.onError ?? (() => {});
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolMax ?? 10,
    application_name: options.applicationName ?? "resume-agent",
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client whose backend was terminated emits here; without a listener the process would crash.
  pool.on("error", onError);
  returnDeadClients(pool, onError);
  const db = drizzlePg(pool, { schema, casing: "snake_case" }) as unknown as Db;
  const listeners = new Set<ListenSession>();

  return {
    kind: "postgres",
    db,
    pool,
    pglite: undefined,
    async listen(channel, onNotify) {
      const session = new ListenSession(url, channel, onNotify, onError);
      listeners.add(session);
      await session.start();
      return async () => {
        listeners.delete(session);
        await session.stop();
      };
    },
    async close() {
      await Promise.all([...listeners].map((s) => s.stop()));
      listeners.clear();
      await pool.end();
    },
  };
}

/**
 * Make a checked-out client whose connection dies leave the pool at once.
 *
 * The pool listens for "error" only while a client is idle. A checked-out
 * client whose backend is terminated (pg_terminate_backend, failover, network
 * cut) emits "error" after failing its query: unhandled, that event would crash
 * the process. And Drizzle's `transaction` sends BEGIN outside its try block,
 * so a client that is already dead when BEGIN fails is never released: each
 * outage would leak a pool slot until no connection is left. Here such a
 * client is released with its error (the pool then discards it), and release
 * is made idempotent so the caller's own later release is harmless.
 */
function returnDeadClients(pool: pg.Pool, onError: (error: Error) => void): void {
  type Release = (err?: Error | boolean) => void;
  pool.on("connect", (client) => {
    // The pool assigns a fresh `release` on every checkout; wrap each one so that only the first call
    // of a checkout counts.
    let release: Release | undefined;
    let checkedOut = false;
    Object.defineProperty(client, "release", {
      configurable: true,
      get: () => release,
      set: (poolRelease: Release) => {
        checkedOut = true;
        release = (err) => {
          if (!checkedOut) return;
          checkedOut = false;
          poolRelease(err);
        };
      },
    });
    client.on("error", (error) => {
      onError(error);
      if (checkedOut) release?.(error);
    });
  });
}

/** One LISTEN connection that reconnects with backoff when the server drops it. */
class ListenSession {
  private client: pg.Client | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempt = 0;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly onNotify: (payload: string) => void,
    private readonly onError: (error: Error) => void,
  ) {}

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: "resume-agent-listen" });
    client.on("error", (error) => {
      this.onError(error);
      this.reconnect();
    });
    client.on("end", () => this.reconnect());
    client.on("notification", (n) => {
      if (n.channel === this.channel) this.onNotify(n.payload ?? "");
    });
    this.client = client;
    await client.connect();
    await client.query(`LISTEN ${pg.escapeIdentifier(this.channel)}`);
    this.attempt = 0;
  }

  private reconnect(): void {
    if (this.stopped || this.retryTimer) return;
    const old = this.client;
    this.client = undefined;
    old?.removeAllListeners();
    old?.on("error", () => {});
    void old?.end().catch(() => {});
    const delay = Math.min(30_000, 250 * 2 ** this.attempt++);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.stopped) return;
      this.start().catch((error: Error) => {
        this.onError(error);
        this.reconnect();
      });
    }, delay);
    this.retryTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    if (client) {
      client.removeAllListeners();
      client.on("error", () => {});
      await client.end().catch(() => {});
    }
  }
}

async function createPglite(options: DatabaseOptions): Promise<Database> {
  if (options.embeddedDir) mkdirSync(options.embeddedDir, { recursive: true });
  // Loaded only for the embedded engine: processes on PostgreSQL never pay for it.
  const { PGlite } = await import("@electric-sql/pglite");
  const client = options.embeddedDir ? new PGlite(options.embeddedDir) : new PGlite();
  await client.waitReady;
  const db = drizzlePglite(client, { schema, casing: "snake_case" }) as unknown as Db;
  return {
    kind: "pglite",
    db,
    pool: undefined,
    pglite: client,
    async listen(channel, onNotify) {
      const unsubscribe = await client.listen(channel, onNotify);
      return async () => {
        await unsubscribe();
      };
    },
    async close() {
      await client.close();
    },
  };
}
