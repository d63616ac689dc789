import type { Artifact } from "../api/types.js";
import { useApi } from "../hooks/use-api.js";
import { formatBytes } from "./format.js";
import { format } from "./job-messages.js";

const KINDS = ["pdf", "docx", "json", "zip", "cover_letter_pdf", "cover_letter_docx"] as const;

/** The label for an artifact kind, in the current language. */
export function kindLabel(kind: string): string {
  return (KINDS as readonly string[]).includes(kind)
    ? format(`kind.${kind as (typeof KINDS)[number]}`)
    : kind.toUpperCase();
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
      aria-label={format("download.label", {
        kind: kindLabel(artifact.kind),
        version: artifact.version,
        size: formatBytes(artifact.size_bytes),
      })}
    >
      {format("download")}
    </a>
  );
}
