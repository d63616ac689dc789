/**
 * Test databases: each test file gets its own, migrated.
 *
 * Which server: TEST_DATABASE_URL (or DATABASE_URL) when set, else PostgreSQL
 * on 127.0.0.1:5432 when reachable, else the embedded PGlite. With CI=true a
 * missing PostgreSQL is an error, never a silent fallback.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDatabase, type Database } from "../../src/db/client.js";
import { runMigrations } from "../../src/db/migrate.js";

const DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

let probe: Promise<string | undefined> | undefined;

/** The admin URL of a reachable PostgreSQL server, or undefined when there is none. */
export function postgresAdminUrl(): Promise<string | undefined> {
  probe ??= (async () => {
    const configured = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
    const url = configured ?? DEFAULT_ADMIN_URL;
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query("SELECT 1");
      return url;
    } catch (error) {
      if (configured || process.env.CI === "true") {
        throw new Error(`PostgreSQL is required for tests but ${redact(url)} is unreachable`, {
          cause: error,
        });
      }
      return undefined;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return probe;
}

/** True when the suite runs against a real PostgreSQL server. */
export async function hasPostgres(): Promise<boolean> {
  return (await postgresAdminUrl()) !== undefined;
}

const skipNotices = new Set<string>();

/**
 * Use as `it.skipIf(!(await hasPostgres()))` companions: prints once why PostgreSQL-only tests were skipped.
 */
export function noteSkippedWithoutPostgres(what: string): void {
  if (skipNotices.has(what)) return;
  skipNotices.add(what);
  console.warn(`[skipped] ${what}: needs a PostgreSQL server (none reachable; running on PGlite)`);
}

/** The engines a test file should cover: both when PostgreSQL is reachable, else PGlite with a printed notice. */
export async function testEngines(what: string): Promise<("postgres" | "pglite")[]> {
  if (await hasPostgres()) return ["postgres", "pglite"];
  noteSkippedWithoutPostgres(what);
  return ["pglite"];
}

export type TestDatabase = {
  database: Database;
  /** Connection string of the fresh database (PostgreSQL only), for child processes and raw clients. */
  url: string | undefined;
  name: string;
  /** Close every connection and drop the database. */
  drop(): Promise<void>;
};

export type TestDatabaseOptions = {
  /** Force the engine; default: PostgreSQL when reachable. */
  engine?: "postgres" | "pglite";
  poolMax?: number;
  migrate?: boolean;
};

/** Create a fresh, migrated database for one test file. */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const adminUrl = options.engine === "pglite" ? undefined : await postgresAdminUrl();
  if (options.engine === "postgres" && !adminUrl) throw new Error("PostgreSQL requested but unreachable");
  const name = `ra_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;

  if (!adminUrl) {
    const database = await createDatabase({ url: undefined });
    if (options.migrate !== false) await runMigrations(database);
    return { database, url: undefined, name, drop: () => database.close() };
  }

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const database = await createDatabase({ url, poolMax: options.poolMax ?? 20 });
  if (options.migrate !== false) await runMigrations(database);
  return {
    database,
    url,
    name,
    async drop() {
      await database.close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      try {
        await a.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await a.end();
      }
    },
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "<invalid url>";
  }
}
