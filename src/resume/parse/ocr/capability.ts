/**
 * OCR is a declared capability: it works where Tesseract (with its language
 * data) and poppler's `pdftoppm`/`pdfinfo` are installed, and the service says
 * so instead of failing obscurely where they are not. `probeOcr` asks the
 * binaries themselves; `requireOcr` turns a missing piece into the
 * `ocr_unavailable` error users and operators see.
 */
import { AppError } from "../../../errors.js";
import { runTool, TOOL_PATH, ToolError } from "./run-tool.js";

/** The languages OCR is meant to read (Tesseract codes), as the container image installs them. */
export const OCR_LANGUAGES = [
  "eng",
  "deu",
  "fra",
  "spa",
  "ita",
  "por",
  "nld",
  "pol",
  "swe",
  "ces",
  "chi_sim",
  "jpn",
] as const;
export type OcrLanguage = (typeof OCR_LANGUAGES)[number];

export type OcrCapability = {
  /** Images can be read: tesseract runs and has at least English. */
  images: boolean;
  /** Image-only PDFs can be read: images, plus pdftoppm and pdfinfo. */
  pdfs: boolean;
  tesseractVersion?: string;
  /** Installed languages among `OCR_LANGUAGES`. */
  languages: OcrLanguage[];
  /** Languages of `OCR_LANGUAGES` that are not installed. */
  missingLanguages: OcrLanguage[];
  /** The binaries found, and the search path they were found on. */
  tools: { tesseract?: string; pdftoppm?: string; pdfinfo?: string; prlimit?: string; toolPath: string };
};

const PROBE = { timeoutMs: 5_000, maxOutputBytes: 64 * 1024 };

async function answers(command: string, args: string[], toolPath: string): Promise<string | undefined> {
  try {
    return (await runTool(command, args, { ...PROBE, toolPath })).toString("utf8");
  } catch (error) {
    // pdftoppm -v prints its version on stderr and exits 0 or 99 depending on the release.
    if (error instanceof ToolError && error.kind === "failed") return error.stderr;
    return undefined;
  }
}

/**
 * Asks the installed binaries what OCR can do on this host (a few short
 * process runs). `toolPath` overrides where they are looked up.
 */
export async function probeOcr(options: { toolPath?: string } = {}): Promise<OcrCapability> {
  const toolPath = options.toolPath ?? TOOL_PATH;
  const [version, langs, pdftoppm, pdfinfo, prlimit] = await Promise.all([
    answers("tesseract", ["--version"], toolPath),
    answers("tesseract", ["--list-langs"], toolPath),
    answers("pdftoppm", ["-v"], toolPath),
    answers("pdfinfo", ["-v"], toolPath),
    answers("prlimit", ["--version"], toolPath),
  ]);
  const listed = new Set(
    (langs ?? "")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => /^[a-z_]+$/.test(l)),
  );
  const languages = OCR_LANGUAGES.filter((l) => listed.has(l));
  const tesseract = version !== undefined && languages.includes("eng") ? "tesseract" : undefined;
  const tools = {
    toolPath,
    ...(tesseract ? { tesseract } : {}),
    ...(pdftoppm !== undefined ? { pdftoppm: "pdftoppm" } : {}),
    ...(pdfinfo !== undefined ? { pdfinfo: "pdfinfo" } : {}),
    ...(prlimit !== undefined ? { prlimit: "prlimit" } : {}),
  };
  const versionLine = /tesseract\s+v?([\d.]+)/i.exec(version ?? "")?.[1];
  return {
    images: tesseract !== undefined,
    pdfs: tesseract !== undefined && pdftoppm !== undefined && pdfinfo !== undefined,
    ...(versionLine ? { tesseractVersion: versionLine } : {}),
    languages,
    missingLanguages: OCR_LANGUAGES.filter((l) => !listed.has(l)),
    tools,
  };
}

let cached: Promise<OcrCapability> | undefined;

/** `probeOcr` once per thread: the parse path asks for every scanned document. */
export function ocrCapability(): Promise<OcrCapability> {
  cached ??= probeOcr();
  return cached;
}

/** Throws `ocr_unavailable` unless OCR of `what` works here. */
export function requireOcr(capability: OcrCapability, what: "image" | "pdf"): void {
  const ok = what === "pdf" ? capability.pdfs : capability.images;
  if (ok) return;
  const message =
    what === "pdf"
      ? "This PDF is a scan (it has no text layer) and text recognition is not installed on this server; upload the original document."
      : "Images are read with text recognition, which is not installed on this server; upload a PDF or DOCX instead.";
  throw new AppError("ocr_unavailable", message, {
    details: {
      tesseract: capability.images,
      rasterizer: capability.tools.pdftoppm !== undefined && capability.tools.pdfinfo !== undefined,
    },
  });
}
