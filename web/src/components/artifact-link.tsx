import type { Artifact } from "../api/types.js";
import { useApi } from "../hooks/use-api.js";
import { formatBytes } from "./format.js";

const KIND_LABELS: Record<string, string> = {
  pdf: "PDF",
  docx: "Word",
  json: "JSON Resume",
  zip: "ZIP bundle",
  cover_letter_pdf: "Cover letter (PDF)",
  cover_letter_docx: "Cover letter (Word)",
};

/** The label for an artifact kind. */
export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind.toUpperCase();
}

/**
 * A download link through `GET /artifacts/{id}/download`, which issues a
 * fresh signed URL on every click, so a page left open never offers a dead link.
 */
export function ArtifactLink({ artifact }: { artifact: Artifact }) {
  const api = useApi();
  return (
    <a
      className="btn btn--secondary btn--small"
      href={api.downloadUrl(artifact.id)}
      download={artifact.filename}
      aria-label={`Download ${kindLabel(artifact.kind)} version ${artifact.version} (${formatBytes(artifact.size_bytes)})`}
    >
      Download
    </a>
  );
}
