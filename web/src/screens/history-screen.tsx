/**
 * The Versions tab: the CV's kept versions of its content (`VersionsPanel`: name, compare, restore,
 * undo), then the exported files per format: the latest and the five before it, each downloadable.
 */
import { useQuery } from "@tanstack/react-query";
import { RENDERED_KINDS } from "../../../src/resume/export-kinds.js";
import { errorMessage } from "../api/problem.js";
import { queryKeys } from "../api/queries.js";
import type { ArtifactKind } from "../api/types.js";
import { ArtifactLink, kindLabel } from "../components/artifact-link.js";
import { fileLabel, format as fileText } from "../components/file-messages.js";
import { formatBytes, formatDateTime } from "../components/format.js";
import { Notice } from "../components/notice.js";
import { formatVariant as t } from "../components/variant-messages.js";
import { useApi } from "../hooks/use-api.js";
import { useClearWhenServerBack } from "../hooks/use-server-back.js";
import { format } from "./export-messages.js";
import type { JobScreenProps } from "./job-screen.js";
import { VersionsPanel } from "./versions-panel.js";
import "./history-screen.css";

/** Files first, in the order an export lists them, then the bundle. */
const ORDER: ArtifactKind[] = [...RENDERED_KINDS, "cover_letter_pdf", "cover_letter_docx", "zip"];

export function HistoryScreen(props: JobScreenProps) {
  return (
    <div className="history">
      <VersionsPanel {...props} />
      <ExportedFiles {...props} />
    </div>
  );
}

function ExportedFiles({ versioned }: JobScreenProps) {
  const api = useApi();
  const { job } = versioned;
  const {
    data: items,
    error,
    refetch,
  } = useQuery({
    queryKey: queryKeys.artifacts(job.id),
    queryFn: () => api.listArtifacts(job.id),
  });
  useClearWhenServerBack(error, () => void refetch());

  if (error) return <Notice tone="error">{errorMessage(error)}</Notice>;
  if (!items) return <p className="muted">{format("history.loading")}</p>;
  if (items.length === 0)
    return (
      <section className="card">
        <h2 className="card__title">{t("versions.files.title")}</h2>
        <p className="muted empty">{format("history.empty")}</p>
      </section>
    );

  return (
    <>
      {job.schema_dirty ? (
        <Notice tone="info" title={format("history.stale.title")}>
          {format("history.stale.text")}
        </Notice>
      ) : null}
      {ORDER.filter((kind) => items.some((a) => a.kind === kind)).map((kind) => (
        <section key={kind} className="card" aria-labelledby={`history-${kind}`}>
          <h2 id={`history-${kind}`} className="card__title">
            {kindLabel(kind)}
          </h2>
          <table className="table">
            <caption className="visually-hidden">
              {format("history.caption", { kind: kindLabel(kind) })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{format("history.col.version")}</th>
                <th scope="col">{fileText("file.label.column")}</th>
                <th scope="col">{format("history.col.created")}</th>
                <th scope="col">{format("history.col.size")}</th>
                <th scope="col">
                  <span className="visually-hidden">{format("history.col.download")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items
                .filter((a) => a.kind === kind)
                .sort((a, b) => b.version - a.version)
                .map((a) => (
                  <tr key={a.id}>
                    <td>
                      <span className="version">{format("history.version", { version: a.version })}</span>
                      {a.is_latest ? (
                        <span className="badge badge--success">{format("history.latest")}</span>
                      ) : null}
                      {a.out_of_date ? (
                        <span className="badge badge--warning" title={fileText("file.out_of_date.hint")}>
                          {fileText("file.out_of_date")}
                        </span>
                      ) : null}
                    </td>
                    <td>{fileLabel(a)}</td>
                    <td>{formatDateTime(a.created_at)}</td>
                    <td>{formatBytes(a.size_bytes)}</td>
                    <td className="table__action">
                      <ArtifactLink artifact={a} />
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </section>
      ))}
      <p className="muted small">{format("history.kept")}</p>
    </>
  );
}
