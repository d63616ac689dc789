/**
 * ZIP safety check for archive uploads: entry count, declared and actual
 * uncompressed size, compression ratio. Sizes are counted while inflating
 * (see `archive-reader.ts`), so an archive that lies about its sizes is
 * stopped as it expands, never trusted.
 */

import { readArchive } from "./archive-reader.js";
import type { ParseLimits } from "./limits.js";

export type ArchiveSummary = { entries: number; uncompressedBytes: number; names: string[] };

/** Checks the archive's limits without keeping any entry; throws `archive_limits_exceeded` or `docx_corrupt`. */
export async function checkArchiveLimits(bytes: Uint8Array, limits: ParseLimits): Promise<ArchiveSummary> {
  const archive = await readArchive(bytes, limits, () => false);
  return {
    entries: archive.entries.length,
    uncompressedBytes: archive.uncompressedBytes,
    names: archive.entries.map((e) => e.name),
  };
}
