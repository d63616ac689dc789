/**
 * ZIP bundle: the exported files plus `manifest.json` describing them.
 *
 * The manifest lets anyone check a bundle offline: every file's sha256 and
 * size, which job and artifact versions it came from, the template, the
 * source's `updated_at` (the optimistic-concurrency token the export read),
 * the job-description hash when the content was optimized, and the
 * generator version.
 */
import { createHash } from "node:crypto";
import { ZipFile } from "yazl";
import { z } from "zod";
import { AppError } from "../../errors.js";
import { TEMPLATE_IDS } from "../settings.js";

export const bundleManifestInputSchema = z.object({
  job_id: z.string().min(1),
  /** For a variant's export: its master and what it targets (company, role). */
  variant: z
    .object({
      master_job_id: z.string().min(1),
      variant_job_id: z.string().min(1),
      company: z.string().max(200).optional(),
      role: z.string().max(200).optional(),
    })
    .optional(),
  template: z.enum(TEMPLATE_IDS),
  page_size: z.enum(["A4", "Letter"]).optional(),
  /** The job's `updated_at` the export rendered from (ISO 8601). */
  source_updated_at: z.string().min(1),
  /** sha256 of the job description the content was optimized against, when it was. */
  job_description_sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable()
    .default(null),
  /** Artifact version per exported kind (of the first language's series), e.g. `{pdf: 3, docx: 3}`. */
  artifact_versions: z.record(z.string(), z.number().int().positive()).default({}),
  generator: z.object({ name: z.string(), version: z.string() }),
  /** With several languages: the files of each, by language (`{en: ["cv-en.pdf"], de: ["cv-de.pdf"]}`). */
  languages: z.record(z.string().regex(/^[a-z]{2,3}$/), z.array(z.string()).max(10)).optional(),
  /** With several languages: each language's artifact versions (`{de: {pdf: 2, docx: 2}}`). */
  language_versions: z
    .record(z.string().regex(/^[a-z]{2,3}$/), z.record(z.string(), z.number().int().positive()))
    .optional(),
  /** When the bundle was built; fixed in tests for reproducible bytes. */
  created_at: z.string().optional(),
});
export type BundleManifestInput = z.input<typeof bundleManifestInputSchema>;

export type BundleFile = { filename: string; bytes: Uint8Array };

export type BundleManifest = z.output<typeof bundleManifestInputSchema> & {
  manifest_version: 1;
  created_at: string;
  files: { filename: string; size: number; sha256: string }[];
};

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,120}$/;

/** sha256 hex of bytes. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The manifest `buildBundle` writes for these files (validated; throws `validation_failed` on bad names). */
export function createBundleManifest(
  files: readonly BundleFile[],
  manifestInput: BundleManifestInput,
): BundleManifest {
  const parsed = bundleManifestInputSchema.safeParse(manifestInput);
  if (!parsed.success) {
    throw new AppError(
      "validation_failed",
      `Invalid bundle manifest: ${parsed.error.issues[0]?.message ?? ""}`,
    );
  }
  const seen = new Set<string>();
  for (const f of files) {
    if (!SAFE_NAME.test(f.filename) || f.filename === "manifest.json" || seen.has(f.filename)) {
      throw new AppError("validation_failed", `Invalid or duplicate bundle file name "${f.filename}"`);
    }
    seen.add(f.filename);
  }
  return {
    manifest_version: 1,
    ...parsed.data,
    created_at: parsed.data.created_at ?? new Date().toISOString(),
    files: files.map((f) => ({ filename: f.filename, size: f.bytes.byteLength, sha256: sha256Hex(f.bytes) })),
  };
}

/**
 * Zip `files` with a `manifest.json` built from `manifestInput`.
 * File names must be plain names (no directories); duplicates are rejected.
 *
 * @example await buildBundle([{ filename: "resume.pdf", bytes: pdf }], { job_id, template: "classic", source_updated_at, generator })
 */
export async function buildBundle(
  files: readonly BundleFile[],
  manifestInput: BundleManifestInput,
): Promise<Buffer> {
  const manifest = createBundleManifest(files, manifestInput);
  // A fixed mtime keeps archives byte-identical for identical input.
  const mtime = new Date(manifest.created_at);
  const zip = new ZipFile();
  for (const f of files) {
    zip.addBuffer(Buffer.from(f.bytes), f.filename, {
      mtime,
      compress: !/\.(pdf|docx|zip)$/i.test(f.filename),
    });
  }
  zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), "manifest.json", { mtime });
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise<Buffer>((resolve, reject) => {
    zip.outputStream.on("data", (c: Buffer) => chunks.push(c));
    zip.outputStream.on("error", reject);
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
  });
}
