/**
 * The cover letter's kept files: every PDF and DOCX version the server
 * keeps (the latest and the five before it per format), each downloadable,
 * and a button that keeps the current letter as new versions.
 */
import { useEffect, useState } from "react";
import type { ApiClient } from "../../api/client.js";
import { errorMessage } from "../../api/problem.js";
import type { Artifact } from "../../api/types.js";
import { formatBytes, formatDateTime } from "../format.js";
import { Notice } from "../notice.js";
import { t } from "./messages.js";

export type CoverLetterFilesProps = {
  api: Pick<ApiClient, "exportCoverLetter" | "listCoverLetterArtifacts" | "downloadUrl">;
  jobId: string;
  tailoringId: string;
  /** False while the letter has unsaved edits or another action runs: keeping then would keep old text. */
  canKeep: boolean;
};

export function CoverLetterFiles({ api, jobId, tailoringId, canKeep }: CoverLetterFilesProps) {
  const [files, setFiles] = useState<Artifact[] | null>(null);
  const [keeping, setKeeping] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.listCoverLetterArtifacts(jobId).then(
      (items) => live && setFiles(items),
      (e: unknown) => live && setError(t("tailor.error", { message: errorMessage(e) })),
    );
    return () => {
      live = false;
    };
  }, [api, jobId]);

  const keep = async () => {
    setKeeping(true);
    setError(null);
    setStatus(null);
    try {
      const items = await api.exportCoverLetter(jobId, tailoringId);
      setFiles(items);
      if (items[0]) setStatus(t("tailor.letter.kept", { version: items[0].version }));
    } catch (e) {
      setError(t("tailor.error", { message: errorMessage(e) }));
    } finally {
      setKeeping(false);
    }
  };

  return (
    <div className="cover-letter-files">
      <h3 className="subheading">{t("tailor.letter.files.title")}</h3>
      <div className="button-row">
        <button
          type="button"
          className="btn btn--secondary"
          disabled={!canKeep || keeping}
          onClick={() => void keep()}
        >
          {keeping ? t("tailor.letter.keeping") : t("tailor.letter.keep")}
        </button>
      </div>
      <p className="muted small" role="status" aria-live="polite">
        {status}
      </p>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {files && files.length === 0 ? <p className="muted small">{t("tailor.letter.files.none")}</p> : null}
      {files && files.length > 0 ? (
        <table className="table">
          <caption className="visually-hidden">{t("tailor.letter.files.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("tailor.letter.files.version")}</th>
              <th scope="col">{t("tailor.letter.files.format")}</th>
              <th scope="col">{t("tailor.letter.files.created")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("tailor.letter.files.download")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {files.map((a) => (
              <tr key={a.id}>
                <td>
                  <span className="version">{t("tailor.letter.files.number", { version: a.version })}</span>
                  {a.is_latest ? (
                    <span className="badge badge--success">{t("tailor.letter.files.latest")}</span>
                  ) : null}
                </td>
                <td>{t(`tailor.letter.files.${a.kind}`)}</td>
                <td>{formatDateTime(a.created_at)}</td>
                <td className="table__action">
                  <a
                    className="btn btn--secondary btn--small"
                    href={api.downloadUrl(a.id)}
                    download={a.filename}
                    aria-label={t("tailor.letter.files.downloadLabel", {
                      format: t(`tailor.letter.files.${a.kind}`),
                      version: a.version,
                      size: formatBytes(a.size_bytes),
                    })}
                  >
                    {t("tailor.letter.files.download")}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
