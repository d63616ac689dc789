/**
 * `resume-agent export <file>`: parse a CV and render it offline, with no
 * server, database or blob store; the same parser and renderers the workers use.
 */
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { basename, extname, join, resolve } from "node:path";
import type { Config } from "../../config.js";
import { AppError } from "../../errors.js";
import {
  type ArtifactKind,
  EXPORT_KINDS,
  RENDERED_KINDS,
  type RenderedKind,
} from "../../resume/export-kinds.js";
import { exportSettingsSchema, TEMPLATE_IDS } from "../../resume/settings.js";
import { EXIT, UsageError } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { createProgress } from "../progress.js";
import { VERSION } from "../version.js";

/** What `--format` accepts: the rendered kinds, and `zip` for a bundle of them. */
export const EXPORT_FORMATS = [...RENDERED_KINDS, "zip"] as const satisfies readonly ArtifactKind[];
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ExportCommandOptions = {
  file: string;
  /** Comma-separated, e.g. `pdf,docx`. */
  format: string;
  out: string;
  template?: string;
  pageSize?: "A4" | "Letter";
  plain?: boolean;
};

/** Parse the requested formats; `zip` bundles the other requested formats (all three when alone). */
export function parseFormats(raw: string): ExportFormat[] {
  const requested = raw
    .split(",")
    .map((f) => f.trim().toLowerCase())
    .filter(Boolean);
  if (requested.length === 0)
    throw new UsageError(`--format needs at least one of ${EXPORT_FORMATS.join(", ")}`);
  for (const f of requested) {
    if (!(EXPORT_FORMATS as readonly string[]).includes(f)) {
      throw new UsageError(`unknown format "${f}" (choose from ${EXPORT_FORMATS.join(", ")})`);
    }
  }
  return [...new Set(requested as ExportFormat[])];
}

/** Parse `file`, render each format into `out`, and print progress; returns the exit code. */
export async function exportCommand(
  config: Config,
  options: ExportCommandOptions,
  io: CliIo,
): Promise<number> {
  const formats = parseFormats(options.format);
  if (options.template && !(TEMPLATE_IDS as readonly string[]).includes(options.template)) {
    throw new UsageError(`unknown template "${options.template}" (choose from ${TEMPLATE_IDS.join(", ")})`);
  }
  const settings = exportSettingsSchema.parse({
    ...(options.template ? { template: options.template } : {}),
    ...(options.pageSize ? { page_size: options.pageSize } : {}),
  });
  const bundle = formats.includes("zip");
  const fileFormats = formats.filter((f): f is RenderedKind => f !== "zip");
  const renderFormats = bundle && fileFormats.length === 0 ? RENDERED_KINDS : fileFormats;

  const progress = createProgress({
    stream: io.stderr,
    total: 2 + renderFormats.length + (bundle ? 1 : 0) + 1,
    plain: options.plain,
  });
  try {
    progress.step(`reading ${basename(options.file)}`);
    const bytes = await readInput(options.file);

    progress.step("parsing");
    // Loaded here, not at the top: `--help` and argument errors stay instant.
    const { createDocumentParser } = await import("../../resume/parse/index.js");
    const render = await import("../../resume/render/index.js");
    const parser = createDocumentParser();
    const parsed = await parser
      .parse({ bytes, filename: basename(options.file) })
      .finally(() => parser.close());
    for (const warning of parsed.warnings) io.stderr.write(`warning: ${warning}\n`);

    const stem = basename(options.file, extname(options.file)) || "resume";
    const fonts = () => render.loadFontSet({ fallbackFont: config.render.fallbackFont });
    const rendered: { format: RenderedKind; filename: string; bytes: Buffer }[] = [];
    for (const format of renderFormats) {
      progress.step(`rendering ${format}`);
      const out = await render.renderFile(format, parsed.resume, settings, { fonts });
      rendered.push({ format, filename: `${stem}.${EXPORT_KINDS[format].extension}`, bytes: out });
    }

    const outputs: { filename: string; bytes: Buffer }[] = bundle ? [] : rendered;
    if (bundle) {
      progress.step("bundling zip");
      const zip = await render.buildBundle(
        rendered.map(({ filename, bytes }) => ({ filename, bytes })),
        {
          // No job exists offline; the manifest names the source file instead.
          job_id: `file:${basename(options.file)}`,
          template: settings.template,
          page_size: settings.page_size,
          source_updated_at: (await stat(options.file)).mtime.toISOString(),
          generator: { name: "resume-agent", version: VERSION },
        },
      );
      outputs.push(...rendered.filter((r) => fileFormats.includes(r.format)), {
        filename: `${stem}.${EXPORT_KINDS.zip.extension}`,
        bytes: zip,
      });
    }

    progress.step(`writing to ${options.out}`);
    const outDir = resolve(options.out);
    await mkdir(outDir, { recursive: true });
    const written: string[] = [];
    for (const { filename, bytes: content } of outputs) {
      const target = join(outDir, filename);
      // Temp file + rename: a reader never sees a half-written file.
      const temp = `${target}.${process.pid}.tmp`;
      await writeFile(temp, content);
      await rename(temp, target);
      written.push(`${target} (${content.length} bytes)`);
    }
    progress.done(`parsed ${parsed.format}, wrote ${written.length} file(s)`);
    for (const line of written) io.stdout.write(`${line}\n`);
    return EXIT.ok;
  } catch (error) {
    progress.stop();
    throw error;
  }
}

async function readInput(file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new AppError("not_found", `No such file: ${file}.`, { cause: error });
    if (code === "EISDIR")
      throw new AppError("validation_failed", `${file} is a directory.`, { cause: error });
    throw error;
  }
}
