/**
 * Readiness: the database answers and is migrated, and the blob store answers.
 * Optional capabilities (OCR) are reported beside the checks; lacking one
 * makes the service less capable, not unready.
 */
import { readdirSync } from "node:fs";
import { sql } from "drizzle-orm";
import { MIGRATIONS_FOLDER } from "../db/migrate.js";
import { type OcrCapability, probeOcr } from "../resume/parse/ocr/capability.js";
import type { ServiceDeps } from "./deps.js";

export type OcrReadiness = {
  /** PNG/JPEG uploads can be read. */
  images: boolean;
  /** Scanned (image-only) PDFs can be read. */
  pdfs: boolean;
  languages: string[];
  missing_languages: string[];
};

export type Readiness = {
  ready: boolean;
  checks: { database: "ok" | "unavailable" | "not_migrated"; storage: "ok" | "unavailable" };
  capabilities: { ocr: OcrReadiness };
};

const CHECK_TIMEOUT_MS = 2_000;
/** Installed binaries rarely change: probe them at most this often, not on every readiness poll. */
const CAPABILITY_TTL_MS = 60_000;

export class HealthService {
  private readonly expectedMigrations: number;
  private ocr: { at: number; value: Promise<OcrReadiness> } | undefined;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly options: { probeOcr?: () => Promise<OcrCapability> } = {},
  ) {
    this.expectedMigrations = readdirSync(MIGRATIONS_FOLDER).filter((f) => f.endsWith(".sql")).length;
  }

  async readiness(): Promise<Readiness> {
    const [database, storage, ocr] = await Promise.all([
      this.checkDatabase(),
      this.checkStorage(),
      this.ocrCapability(),
    ]);
    return {
      ready: database === "ok" && storage === "ok",
      checks: { database, storage },
      capabilities: { ocr },
    };
  }

  private ocrCapability(): Promise<OcrReadiness> {
    const now = Date.now();
    if (!this.ocr || now - this.ocr.at > CAPABILITY_TTL_MS) {
      const probe = this.options.probeOcr ?? probeOcr;
      const value = probe().then(
        (c) => ({
          images: c.images,
          pdfs: c.pdfs,
          languages: [...c.languages],
          missing_languages: [...c.missingLanguages],
        }),
        () => ({ images: false, pdfs: false, languages: [], missing_languages: [] }),
      );
      this.ocr = { at: now, value };
    }
    return this.ocr.value;
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
