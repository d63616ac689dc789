/**
 * Export: template, page size, formats and bundle → an export task followed
 * live → the files of this export with a page-1 preview of the PDF.
 */

import { useMutation, useQuery } from "@tanstack/react-query";
import { useReducer, useState } from "react";
import { RENDERED_KINDS, type RenderedKind } from "../../../src/resume/export-kinds.js";
import { TEMPLATES } from "../../../src/resume/render/templates/index.js";
import { TEMPLATE_IDS } from "../../../src/resume/settings.js";
import { errorMessage, humanMessage } from "../api/problem.js";
import { queryKeys } from "../api/queries.js";
import type { Artifact, ExportResult, Task } from "../api/types.js";
import { ArtifactLink, kindLabel } from "../components/artifact-link.js";
import { DesignControls } from "../components/design-controls.js";
import { DesignPreview } from "../components/design-preview.js";
import { ExportLanguages } from "../components/export-languages.js";
import { fileLabel, format as fileText, templateDescription } from "../components/file-messages.js";
import { formatBytes, humanizeStage } from "../components/format.js";
import { blockedReason, NeedsConfirmation } from "../components/needs-confirmation.js";
import { Notice } from "../components/notice.js";
import { PdfPreview } from "../components/pdf-preview.js";
import { ProgressBar } from "../components/progress-bar.js";
import { format as progressText } from "../components/progress-messages.js";
import { SectionVisibility } from "../components/section-visibility.js";
import {
  chosenFormats,
  exportFormReducer,
  initExportForm,
  layoutChanged,
  settingsOf,
} from "../editor/export-form.js";
import { useApi } from "../hooks/use-api.js";
import { useClearWhenServerBack } from "../hooks/use-server-back.js";
import { useTask } from "../hooks/use-task.js";
import { format } from "./export-messages.js";
import type { JobScreenProps } from "./job-screen.js";
import "./export-screen.css";
import { languageName } from "./translations-messages.js";

/** Names and descriptions come from the template definitions, so the screen says what the file shows. */
const formatLabel = (kind: RenderedKind) => format(`export.format.${kind}`);

/**
 * The files shown: before any export here, the latest of earlier exports
 * (so the preview is always one click away); after one, the files it made,
 * once the list holds them all.
 */
function shownFiles(
  all: Artifact[] | undefined,
  started: boolean,
  task: Task | null,
): { files: Artifact[]; earlier: boolean } | null {
  if (!all) return null;
  if (!started) {
    const latest = all.filter((a) => a.is_latest);
    return latest.length > 0 ? { files: latest, earlier: true } : null;
  }
  if (task?.status !== "completed") return null;
  const made = new Set(((task.result as ExportResult | null)?.artifacts ?? []).map((a) => a.id));
  const files = all.filter((a) => made.has(a.id));
  return files.length === made.size ? { files, earlier: false } : null;
}

export function ExportScreen({ versioned, onChange, reload }: JobScreenProps) {
  const api = useApi();
  const { job } = versioned;
  const [form, dispatch] = useReducer(exportFormReducer, job, initExportForm);
  const { template, pageSize, formats, bundle } = form;
  // The languages to export (null: the CV's own); several are exported as a bundle.
  const [languages, setLanguages] = useState<string[] | null>(null);
  const several = languages !== null && languages.length > 1;
  const start = useMutation({
    mutationFn: async () => {
      // The layout choices are remembered in the job's export settings for next time.
      if (layoutChanged(form, job.export_settings)) {
        const settings = settingsOf(form, job.export_settings);
        onChange(await api.patchJob(job.id, { export_settings: settings }, versioned.etag));
      }
      return api.startExport(job.id, {
        formats: chosenFormats(form),
        bundle: bundle || several,
        template,
        page_size: pageSize,
        ...(languages ? { languages } : {}),
      });
    },
  });
  const taskId = start.data?.id ?? null;
  const error = start.error ? errorMessage(start.error) : null;
  const view = useTask(taskId);
  const task = view.task;
  const blocked = blockedReason(job);
  const running = task !== null && (task.status === "queued" || task.status === "running");
  // The finished task refreshes this list (`useTask`), so it holds the new files once they exist.
  const artifacts = useQuery({
    queryKey: queryKeys.artifacts(job.id),
    queryFn: () => api.listArtifacts(job.id),
  });
  const shown = shownFiles(artifacts.data, !start.isIdle, task);
  // A "cannot reach the server" banner goes away by itself once the server answers again.
  useClearWhenServerBack(start.error, () => start.reset());
  useClearWhenServerBack(artifacts.error, () => void artifacts.refetch());

  const pdf = shown?.files.find((a) => a.kind === "pdf");
  const disabled = blocked !== null;

  return (
    <div className="export">
      <NeedsConfirmation job={job} reasonId="export-blocked" />
      {job.schema_dirty ? (
        <Notice tone="info" title={format("export.stale.title")}>
          {format("export.stale.text")}
        </Notice>
      ) : null}
      <section className="card" aria-labelledby="export-title">
        <h2 id="export-title" className="card__title">
          {format("export.title")}
        </h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            start.mutate();
          }}
        >
          <fieldset className="choice-group" disabled={disabled}>
            <legend className="field__label">{format("export.template")}</legend>
            <div className="template-grid">
              {TEMPLATE_IDS.map((id) => (
                <label key={id} className={template === id ? "template template--selected" : "template"}>
                  <input
                    type="radio"
                    name="template"
                    value={id}
                    checked={template === id}
                    onChange={() => dispatch({ type: "template", template: id })}
                  />
                  <span className={`template__thumb template__thumb--${id}`} aria-hidden="true">
                    <span />
                    <span />
                    <span />
                    <span />
                  </span>
                  <span className="template__name">{TEMPLATES[id].name}</span>
                  <span className="template__text muted small">{templateDescription(id)}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <SectionVisibility
            sections={form.sections}
            hidden={form.hidden}
            onHiddenChange={(hidden) => dispatch({ type: "hidden", hidden })}
            onMove={(from, to) => dispatch({ type: "move", from, to })}
            disabled={disabled}
          />
          <DesignControls
            value={form.design}
            template={template}
            onChange={(design) => dispatch({ type: "design", design })}
            disabled={disabled}
            photo={{
              present: job.has_photo,
              url: null,
              upload: async (file) => {
                await api.putPhoto(job.id, file);
                await reload();
              },
              remove: async () => {
                await api.deletePhoto(job.id);
                await reload();
              },
            }}
          />
          <div className="export__options">
            <fieldset className="choice-group" disabled={disabled}>
              <legend className="field__label">{format("export.page_size")}</legend>
              {(["A4", "Letter"] as const).map((size) => (
                <label key={size} className="check">
                  <input
                    type="radio"
                    name="page-size"
                    value={size}
                    checked={pageSize === size}
                    onChange={() => dispatch({ type: "pageSize", pageSize: size })}
                  />
                  {size === "A4" ? format("export.page_size.a4") : format("export.page_size.letter")}
                </label>
              ))}
            </fieldset>
            <fieldset className="choice-group" disabled={disabled}>
              <legend className="field__label">{format("export.formats")}</legend>
              {RENDERED_KINDS.map((kind) => (
                <label key={kind} className="check">
                  <input
                    type="checkbox"
                    checked={formats.has(kind)}
                    onChange={() => dispatch({ type: "toggleFormat", format: kind })}
                  />
                  {formatLabel(kind)}
                </label>
              ))}
              <label className="check">
                <input
                  type="checkbox"
                  checked={bundle || several}
                  disabled={several}
                  onChange={(e) => dispatch({ type: "bundle", bundle: e.target.checked })}
                />
                {format("export.zip")}
              </label>
            </fieldset>
          </div>
          <ExportLanguages
            jobId={job.id}
            chosen={languages ? new Set(languages) : null}
            onChange={setLanguages}
            disabled={disabled}
          />
          <div className="form-actions">
            <button
              type="submit"
              className="btn btn--primary"
              disabled={disabled || running || formats.size === 0 || languages?.length === 0}
              aria-describedby={
                disabled ? "export-blocked" : formats.size === 0 ? "formats-needed" : undefined
              }
            >
              {running ? format("export.running") : format("export.submit")}
            </button>
            {formats.size === 0 && !disabled ? (
              <span id="formats-needed" className="muted small">
                {format("export.formats.needed")}
              </span>
            ) : null}
          </div>
        </form>
        {error ? <Notice tone="error">{error}</Notice> : null}
        {taskId && artifacts.error ? <Notice tone="error">{errorMessage(artifacts.error)}</Notice> : null}
        <div aria-live="polite">
          {running && task ? (
            <ProgressBar
              label={format("export.progress")}
              value={task.progress}
              detail={humanizeStage(task.stage)}
            />
          ) : null}
          {view.reconnecting ? <p className="muted small">{progressText("progress.reconnecting")}</p> : null}
        </div>
        {task?.status === "failed" ? (
          <Notice tone="error" title={format("export.failed")}>
            {humanMessage(task.error?.code, task.error?.message)}
          </Notice>
        ) : null}
      </section>

      {job.sections ? (
        <DesignPreview
          jobId={job.id}
          version={versioned.etag}
          resume={job.sections}
          settings={settingsOf(form, job.export_settings)}
        />
      ) : null}

      {shown ? (
        <section className="card" aria-labelledby="files-title">
          <h2 id="files-title" className="card__title">
            {shown.earlier ? format("export.files.latest") : format("export.files.yours")}
          </h2>
          <div className="export__result">
            <ul className="file-list">
              {shown.files.map((a) => (
                <li key={a.id} className="file-list__item">
                  <span className={`file-icon file-icon--${a.kind}`} aria-hidden="true">
                    {a.kind.toUpperCase()}
                  </span>
                  <span className="file-list__name">
                    <strong>
                      {kindLabel(a.kind)}
                      {a.out_of_date ? (
                        <span className="badge badge--warning" title={fileText("file.out_of_date.hint")}>
                          {fileText("file.out_of_date")}
                        </span>
                      ) : null}
                    </strong>
                    <span className="muted small">
                      {format("export.file.version", { version: a.version, size: formatBytes(a.size_bytes) })}
                      {a.languages?.length
                        ? ` · ${a.languages.map((l) => languageName(l)).join(", ")}`
                        : null}
                    </span>
                    <span className="muted small file-list__label">{fileLabel(a)}</span>
                  </span>
                  <ArtifactLink artifact={a} />
                </li>
              ))}
            </ul>
            {pdf ? <PdfPreview url={pdf.download_url} title={pdf.filename} /> : null}
          </div>
        </section>
      ) : null}
    </div>
  );
}
