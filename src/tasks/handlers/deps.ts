/**
 * What the parse, optimize and export handlers receive from the composition root.
 */
import type { Config } from "../../config.js";
import type { Database } from "../../db/client.js";
import type { Logger } from "../../observability/logger.js";
import type { Registry } from "../../observability/metrics.js";
import type { BlobStore } from "../../storage/blob-store.js";

export type HandlerDeps = {
  config: Config;
  database: Database;
  blobStore: BlobStore;
  logger: Logger;
  metrics: Registry;
};
