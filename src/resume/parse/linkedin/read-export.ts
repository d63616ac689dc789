/**
 * A LinkedIn export ZIP → the text of the CSV files the importer reads.
 *
 * The archive first passes the same central-directory limits as a DOCX
 * (entries, total size, compression ratio), then only the known CV files are
 * inflated, each with a size cap; yauzl also checks that each entry inflates
 * to exactly the size its header declares.
 */
import yauzl from "yauzl";
import { AppError, isAppError } from "../../../errors.js";
import { checkArchiveLimits } from "../archive-limits.js";
import type { ParseLimits } from "../limits.js";
import { isLinkedInExport, type LinkedInFile, linkedInFileOf } from "./export-files.js";

const corrupt = (cause?: unknown) =>
  new AppError(
    "archive_corrupt",
    "This ZIP file is damaged and cannot be opened; download the export again.",
    {
      cause,
    },
  );

/** Reads the known CSV files of an export. Throws `archive_corrupt`, `archive_limits_exceeded`, `text_too_large`. */
export async function readLinkedInExport(
  bytes: Uint8Array,
  limits: ParseLimits,
): Promise<Map<LinkedInFile, string>> {
  let names: string[];
  try {
    ({ names } = await checkArchiveLimits(bytes, limits));
  } catch (error) {
    // The limit check speaks of DOCX when it cannot open the archive.
    if (isAppError(error, "docx_corrupt")) throw corrupt(error);
    throw error;
  }
  if (!isLinkedInExport(names)) {
    throw new AppError(
      "unsupported_media_type",
      "This ZIP file is not a LinkedIn data export (it has no Profile.csv, Positions.csv, …).",
    );
  }
  // A CV's CSV files are small; text beyond the parser's text budget is not a CV.
  const maxBytes = limits.maxTextChars * 4;
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      Buffer.from(bytes),
      { lazyEntries: true, autoClose: true, strictFileNames: false, validateEntrySizes: true },
      (error, zip) => {
        if (error || !zip) {
          reject(corrupt(error));
          return;
        }
        const files = new Map<LinkedInFile, string>();
        let total = 0;
        const fail = (e: unknown) => {
          zip.close();
          reject(e);
        };
        zip.on("error", (e: unknown) => reject(corrupt(e)));
        zip.on("end", () => resolve(files));
        zip.on("entry", (entry: yauzl.Entry) => {
          const file = linkedInFileOf(entry.fileName);
          if (!file || files.has(file) || entry.fileName.endsWith("/")) {
            zip.readEntry();
            return;
          }
          total += entry.uncompressedSize;
          if (entry.uncompressedSize > maxBytes || total > maxBytes) {
            fail(new AppError("text_too_large", "The LinkedIn export holds more text than a CV can."));
            return;
          }
          zip.openReadStream(entry, (streamError, stream) => {
            if (streamError || !stream) {
              fail(corrupt(streamError));
              return;
            }
            const chunks: Buffer[] = [];
            stream.on("data", (chunk: Buffer) => chunks.push(chunk));
            stream.on("error", (e) => fail(corrupt(e)));
            stream.on("end", () => {
              files.set(file, decodeCsv(Buffer.concat(chunks)));
              zip.readEntry();
            });
          });
        });
        zip.readEntry();
      },
    );
  });
}

/** UTF-8 (with or without a byte-order mark), or UTF-16 with one, as spreadsheet tools re-save CSV files. */
function decodeCsv(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  return new TextDecoder("utf-8").decode(bytes);
}
