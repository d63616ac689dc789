/**
 * What every application service receives from the composition root.
 */

import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import type { Logger } from "../observability/logger.js";
import type { Registry } from "../observability/metrics.js";
import type { FontSet } from "../resume/fonts/font-set.js";
import type { BlobStore } from "../storage/blob-store.js";
import type { HandlerRegistry } from "../tasks/registry.js";

export type ServiceDeps = {
  config: Config;
  database: Database;
  blobStore: BlobStore;
  logger: Logger;
  metrics: Registry;
  handlers: HandlerRegistry;
  /** Parsed fonts, loaded on first use (previews and cover letters render PDFs). */
  fonts: () => Promise<FontSet>;
};

/** Who is asking and under which trace: passed to every service call that writes. */
export type RequestScope = {
  ownerUserId: string;
  traceId: string;
};
