/**
 * Structure tags for the tagged PDF (PDF/UA): every drawn item carries the
 * structure element it belongs to. Elements are plain objects linked to their
 * parent; the painter turns each distinct object into one structure element,
 * in the order first drawn, so the tree follows the reading order.
 */

/** Standard structure types we use (ISO 32000-1, 14.8.4). */
export type StructRole =
  | "Sect"
  | "H1"
  | "H2"
  | "H3"
  | "H4"
  | "P"
  | "L"
  | "LI"
  | "Lbl"
  | "LBody"
  | "Link"
  | "Figure"
  | "Table"
  | "TR"
  | "TH"
  | "TD";

export type Tag = Readonly<{
  role: StructRole;
  parent?: Tag | undefined;
  /** Alternate text (links, figures). */
  alt?: string | undefined;
}>;

/** Content that is not part of the document's text: rules, fills, page numbers. */
export const ARTIFACT = Object.freeze({ role: "Artifact" as const });
export type ItemTag = Tag | typeof ARTIFACT;

export const tag = (role: StructRole, parent?: Tag, alt?: string): Tag => ({ role, parent, alt });
