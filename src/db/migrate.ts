/**
 * Apply the committed drizzle-kit migrations, forward only.
 *
 * On PostgreSQL the run holds a session-level advisory lock on a dedicated
 * connection, so two pods (or a Helm hook and a starting server) migrating at
 * once apply each migration exactly once: the second waits, then finds
 * nothing left to do.
 */
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { Database } from "./client.js";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../drizzle", import.meta.url));

/** Any fixed 64-bit key; the value spells "resumeMG". */
const MIGRATION_LOCK_KEY = 0x726573756d654d47n;

export type MigrationResult = { applied: number; total: number };

/** Apply pending migrations. Returns how many were applied by this call. */
export async function runMigrations(
  database: Database,
  options: { migrationsFolder?: string } = {},
): Promise<MigrationResult> {
  const migrationsFolder = options.migrationsFolder ?? MIGRATIONS_FOLDER;
  if (database.pglite) {
    const db = drizzlePglite(database.pglite);
    const before = await countApplied(db);
    await migratePglite(db, { migrationsFolder });
    const after = await countApplied(db);
    return { applied: after - before, total: after };
  }
  const pool = database.pool;
  if (!pool) throw new Error("database has neither a pool nor an embedded engine");
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY.toString()]);
    try {
      const db = drizzlePg(client);
      const before = await countApplied(db);
      await migratePg(db, { migrationsFolder });
      const after = await countApplied(db);
      return { applied: after - before, total: after };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY.toString()]);
    }
  } finally {
    client.release();
  }
}

type Executor = { execute: (query: ReturnType<typeof sql>) => Promise<{ rows: unknown[] }> };

async function countApplied(db: Executor): Promise<number> {
  const exists = await db.execute(
    sql`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present`,
  );
  if (!(exists.rows[0] as { present: boolean } | undefined)?.present) return 0;
  const result = await db.execute(sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`);
  return (result.rows[0] as { n: number }).n;
}
