/**
 * Readiness: the database answers and is migrated, and the blob store answers.
 */
import { readdirSync } from "node:fs";
import { sql } from "drizzle-orm";
import { MIGRATIONS_FOLDER } from "../db/migrate.js";
import type { ServiceDeps } from "./deps.js";

export type Readiness = {
  ready: boolean;
  checks: { database: "ok" | "unavailable" | "not_migrated"; storage: "ok" | "unavailable" };
};

const CHECK_TIMEOUT_MS = 2_000;

export class HealthService {
  private readonly expectedMigrations: number;

  constructor(private readonly deps: ServiceDeps) {
    this.expectedMigrations = readdirSync(MIGRATIONS_FOLDER).filter((f) => f.endsWith(".sql")).length;
  }

  async readiness(): Promise<Readiness> {
    const [database, storage] = await Promise.all([this.checkDatabase(), this.checkStorage()]);
    return { ready: database === "ok" && storage === "ok", checks: { database, storage } };
  }

  private async checkDatabase(): Promise<Readiness["checks"]["database"]> {
    try {
      const result = await withTimeout(
        this.deps.database.db.execute(
          sql`SELECT CASE WHEN to_regclass('drizzle.__drizzle_migrations') IS NULL THEN 0
                ELSE (SELECT count(*)::int FROM drizzle.__drizzle_migrations) END AS n`,
        ),
      );
      const applied = Number((result.rows[0] as { n: number } | undefined)?.n ?? 0);
      return applied >= this.expectedMigrations ? "ok" : "not_migrated";
    } catch {
      return "unavailable";
    }
  }

  private async checkStorage(): Promise<Readiness["checks"]["storage"]> {
    try {
      await withTimeout(this.deps.blobStore.ping());
      return "ok";
    } catch {
      return "unavailable";
    }
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("readiness check timed out")), CHECK_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
