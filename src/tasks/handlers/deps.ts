/**
 * What the task handlers receive from the composition root.
 */
import type { Config } from "../../config.js";
import type { Database } from "../../db/client.js";
import type { Logger } from "../../observability/logger.js";
import type { Registry } from "../../observability/metrics.js";
import type { FontSet } from "../../resume/fonts/font-set.js";
import type { DocumentParser } from "../../resume/parse/index.js";
import type { Spellers } from "../../resume/spelling/speller.js";
import type { BlobStore } from "../../storage/blob-store.js";

export type HandlerDeps = {
  config: Config;
  database: Database;
  blobStore: BlobStore;
  logger: Logger;
  metrics: Registry;
  /** The process's parse thread (sandboxed; started on first use). */
  parser: DocumentParser;
  /** The process's parsed fonts, loaded (with fontkit) on first use: API-only processes never render. */
  fonts: () => Promise<FontSet>;
  /** Hunspell dictionaries, loaded on first use (the spelling pass; German name checks). */
  spellers?: Spellers;
  /** Replaces global fetch for language-model calls (tests). */
  llmFetch?: typeof fetch;
};
