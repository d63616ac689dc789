/**
 * The kinds of file an export produces: the one table every layer reads
 * (the database's CHECK constraints, the API's enums, the export task, the
 * CLI and the web client). Adding a kind is adding a row here, a renderer,
 * and the migration the schema's CHECK constraints then call for.
 */

export const MEDIA_TYPES = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  json: "application/json",
  zip: "application/zip",
  text: "text/plain",
  markdown: "text/markdown",
  png: "image/png",
  jpeg: "image/jpeg",
  html: "text/html",
} as const;

type KindInfo = {
  /** Content-Type of the stored file. */
  readonly contentType: string;
  /** File name extension, without the dot. */
  readonly extension: string;
  /** A file an export renders from the sections (the bundle is built from those). */
  readonly rendered: boolean;
  /** A tailoring's cover letter, rendered in the CV's design (its own kind, so its own versions). */
  readonly coverLetter?: true;
};

export const EXPORT_KINDS = {
  pdf: { contentType: MEDIA_TYPES.pdf, extension: "pdf", rendered: true },
  docx: { contentType: MEDIA_TYPES.docx, extension: "docx", rendered: true },
  zip: { contentType: MEDIA_TYPES.zip, extension: "zip", rendered: false },
  json: { contentType: MEDIA_TYPES.json, extension: "json", rendered: true },
  html: { contentType: MEDIA_TYPES.html, extension: "html", rendered: true },
  markdown: { contentType: MEDIA_TYPES.markdown, extension: "md", rendered: true },
  cover_letter_pdf: { contentType: MEDIA_TYPES.pdf, extension: "pdf", rendered: false, coverLetter: true },
  cover_letter_docx: { contentType: MEDIA_TYPES.docx, extension: "docx", rendered: false, coverLetter: true },
} as const satisfies Record<string, KindInfo>;

export type ArtifactKind = keyof typeof EXPORT_KINDS;

/** Every artifact kind, in the order of the schema's CHECK constraints. */
export const ARTIFACT_KINDS = Object.keys(EXPORT_KINDS) as [ArtifactKind, ...ArtifactKind[]];

/** The kinds an export renders from the sections; `zip` bundles them. */
export type RenderedKind = {
  [K in ArtifactKind]: (typeof EXPORT_KINDS)[K]["rendered"] extends true ? K : never;
}[ArtifactKind];
export const RENDERED_KINDS = ARTIFACT_KINDS.filter((k) => EXPORT_KINDS[k].rendered) as [
  RenderedKind,
  ...RenderedKind[],
];

/** The cover letter's formats and the artifact kind each is kept as. */
export const COVER_LETTER_FORMATS = ["pdf", "docx"] as const;
export type CoverLetterFormat = (typeof COVER_LETTER_FORMATS)[number];
export const COVER_LETTER_KIND = {
  pdf: "cover_letter_pdf",
  docx: "cover_letter_docx",
} as const satisfies Record<CoverLetterFormat, ArtifactKind>;
