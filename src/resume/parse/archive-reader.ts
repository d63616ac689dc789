/**
 * Reads a ZIP (DOCX, and any other archive upload) under byte budgets that are
 * enforced while inflating, not only on what the archive declares.
 *
 * The central directory is checked first (entry count, declared total,
 * declared ratio). Then each wanted entry is inflated as a stream and counted:
 * an entry that produces more bytes than it declared stops at once (the
 * archive lied about its size: a bomb), and so does the archive once all
 * entries together pass `maxArchiveUncompressedBytes`. Both are
 * `archive_limits_exceeded`; a damaged archive is `docx_corrupt`.
 */
import yauzl from "yauzl";
import yazl from "yazl";
import { AppError } from "../../errors.js";
import type { ParseLimits } from "./limits.js";

export type ArchiveEntry = { name: string; declaredBytes: number; data: Buffer | undefined };
export type Archive = { entries: ArchiveEntry[]; uncompressedBytes: number };

/** Tiny entries compress oddly; the declared ratio is judged only where it can matter. */
const RATIO_FLOOR_BYTES = 1024 * 1024;

const corrupt = (cause: unknown) =>
  new AppError("docx_corrupt", "This DOCX file is damaged and cannot be opened.", { cause });
const tooBig = (message: string, details: Record<string, unknown>) =>
  new AppError("archive_limits_exceeded", message, { details });

/**
 * Reads the archive; `wanted` entries come back with their bytes, the others
 * with their name only (never inflated).
 */
export function readArchive(
  bytes: Uint8Array,
  limits: ParseLimits,
  wanted: (name: string) => boolean = () => true,
): Promise<Archive> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      // Sizes are checked here against what the archive declared, as the bytes come.
      { lazyEntries: true, autoClose: true, strictFileNames: false, validateEntrySizes: false },
      (error, zip) => {
        if (error || !zip) {
          reject(corrupt(error));
          return;
        }
        let settled = false;
        const fail = (failure: AppError) => {
          if (settled) return;
          settled = true;
          zip.close();
          reject(failure);
        };
        if (zip.entryCount > limits.maxArchiveEntries) {
          fail(
            tooBig(`The document has too many parts (${zip.entryCount}).`, {
              entries: zip.entryCount,
              limit: limits.maxArchiveEntries,
            }),
          );
          return;
        }
        const entries: ArchiveEntry[] = [];
        let declared = 0;
        let declaredCompressed = 0;
        let inflated = 0;

        zip.on("entry", (entry: yauzl.Entry) => {
          declared += entry.uncompressedSize;
          declaredCompressed += entry.compressedSize;
          if (declared > limits.maxArchiveUncompressedBytes) {
            fail(
              tooBig("The document expands to more data than allowed.", {
                limit: limits.maxArchiveUncompressedBytes,
              }),
            );
            return;
          }
          const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
          if (entry.uncompressedSize > RATIO_FLOOR_BYTES && ratio > limits.maxCompressionRatio) {
            fail(
              tooBig("The document is compressed suspiciously well (a possible zip bomb).", {
                entry: entry.fileName,
                ratio: Math.round(ratio),
              }),
            );
            return;
          }
          const name = entry.fileName;
          if (name.endsWith("/") || !wanted(name)) {
            entries.push({ name, declaredBytes: entry.uncompressedSize, data: undefined });
            zip.readEntry();
            return;
          }
          zip.openReadStream(entry, (openError, stream) => {
            if (openError || !stream) {
              fail(corrupt(openError));
              return;
            }
            const chunks: Buffer[] = [];
            let produced = 0;
            stream.on("data", (chunk: Buffer) => {
              produced += chunk.length;
              inflated += chunk.length;
              if (produced > entry.uncompressedSize || inflated > limits.maxArchiveUncompressedBytes) {
                stream.destroy();
                fail(
                  tooBig("A part of the document inflates to more data than it declares (a zip bomb).", {
                    entry: name,
                    declared_bytes: entry.uncompressedSize,
                  }),
                );
                return;
              }
              chunks.push(chunk);
            });
            stream.on("error", (streamError: Error) => fail(corrupt(streamError)));
            stream.on("end", () => {
              if (settled) return;
              if (produced !== entry.uncompressedSize) {
                fail(corrupt(new Error(`${name}: ${produced} bytes, ${entry.uncompressedSize} declared`)));
                return;
              }
              entries.push({ name, declaredBytes: entry.uncompressedSize, data: Buffer.concat(chunks) });
              zip.readEntry();
            });
          });
        });
        zip.on("end", () => {
          if (settled) return;
          const ratio = declared / Math.max(1, declaredCompressed);
          if (declared > RATIO_FLOOR_BYTES && ratio > limits.maxCompressionRatio) {
            fail(tooBig("The document is compressed suspiciously well.", { ratio: Math.round(ratio) }));
            return;
          }
          settled = true;
          resolve({ entries, uncompressedBytes: declared });
        });
        zip.on("error", (zipError: unknown) => fail(corrupt(zipError)));
        zip.readEntry();
      },
    );
  });
}

/**
 * The entries as a new ZIP whose entries are all STORED (not compressed), so
 * a reader that inflates on its own (mammoth's JSZip) has nothing left to
 * inflate. Entries read without data are written empty.
 */
export function storedZip(archive: Archive): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    const seen = new Set<string>();
    for (const entry of archive.entries) {
      if (seen.has(entry.name) || entry.name.endsWith("/")) continue;
      seen.add(entry.name);
      try {
        zip.addBuffer(entry.data ?? Buffer.alloc(0), entry.name, { compress: false });
      } catch {
        // A name yazl refuses (absolute, "..", backslashes) is no part a document reader looks up.
      }
    }
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on("error", reject);
    zip.end();
  });
}
