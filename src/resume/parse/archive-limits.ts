/**
 * ZIP safety check for DOCX uploads, on the central directory only: entry
 * count, total uncompressed size and compression ratio are checked before a
 * single byte is inflated, so a zip bomb is rejected without expanding it.
 */
import yauzl from "yauzl";
import { AppError } from "../../errors.js";
import type { ParseLimits } from "./limits.js";

export type ArchiveSummary = { entries: number; uncompressedBytes: number; names: string[] };

/** Reads the central directory and throws `archive_limits_exceeded` or `docx_corrupt`. */
export function checkArchiveLimits(bytes: Uint8Array, limits: ParseLimits): Promise<ArchiveSummary> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      Buffer.from(bytes),
      { lazyEntries: true, autoClose: true, strictFileNames: false },
      (error, zip) => {
        if (error || !zip) {
          reject(
            new AppError("docx_corrupt", "This DOCX file is damaged and cannot be opened.", { cause: error }),
          );
          return;
        }
        if (zip.entryCount > limits.maxArchiveEntries) {
          zip.close();
          reject(
            new AppError("archive_limits_exceeded", `The document has too many parts (${zip.entryCount}).`, {
              details: { entries: zip.entryCount, limit: limits.maxArchiveEntries },
            }),
          );
          return;
        }
        let uncompressed = 0;
        let compressed = 0;
        const names: string[] = [];
        const fail = (message: string, details: Record<string, unknown>) => {
          zip.close();
          reject(new AppError("archive_limits_exceeded", message, { details }));
        };
        zip.on("entry", (entry: yauzl.Entry) => {
          uncompressed += entry.uncompressedSize;
          compressed += entry.compressedSize;
          names.push(entry.fileName);
          if (uncompressed > limits.maxArchiveUncompressedBytes) {
            fail("The document expands to more data than allowed.", {
              limit: limits.maxArchiveUncompressedBytes,
            });
            return;
          }
          // Tiny entries compress oddly; judge the ratio only where it can matter.
          const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
          if (entry.uncompressedSize > 1024 * 1024 && ratio > limits.maxCompressionRatio) {
            fail("The document is compressed suspiciously well (a possible zip bomb).", {
              entry: entry.fileName,
              ratio: Math.round(ratio),
            });
            return;
          }
          zip.readEntry();
        });
        zip.on("end", () => {
          const ratio = uncompressed / Math.max(1, compressed);
          if (uncompressed > 1024 * 1024 && ratio > limits.maxCompressionRatio) {
            reject(
              new AppError("archive_limits_exceeded", "The document is compressed suspiciously well.", {
                details: { ratio },
              }),
            );
            return;
          }
          resolve({ entries: names.length, uncompressedBytes: uncompressed, names });
        });
        zip.on("error", (cause: unknown) =>
          reject(new AppError("docx_corrupt", "This DOCX file is damaged and cannot be opened.", { cause })),
        );
        zip.readEntry();
      },
    );
  });
}
