/**
 * Export: template, page size, formats and bundle → an export task followed
 * live → the files of this export with a page-1 preview of the PDF.
 */

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { RENDERED_KINDS, type RenderedKind } from "../../../src/resume/export-kinds.js";
import { TEMPLATES } from "../../../src/resume/render/templates/index.js";
import { TEMPLATE_IDS, type TemplateId } from "../../../src/resume/settings.js";
import { errorMessage, humanMessage } from "../api/problem.js";
import { queryKeys } from "../api/queries.js";
import type { Artifact, ExportResult, Task } from "../api/types.js";
import { ArtifactLink, kindLabel } from "../components/artifact-link.js";
import { DesignControls, type DesignSettings, designOf } from "../components/design-controls.js";
import { DesignPreview } from "../components/design-preview.js";
import { formatBytes, humanizeStage } from "../components/format.js";
import { blockedReason, NeedsConfirmation } from "../components/needs-confirmation.js";
import { Notice } from "../components/notice.js";
import { PdfPreview } from "../components/pdf-preview.js";
import { ProgressBar } from "../components/progress-bar.js";
import {
  mergeOrder,
  orderSections,
  presentSections,
  type SectionRef,
  SectionVisibility,
} from "../components/section-visibility.js";
import { useApi } from "../hooks/use-api.js";
import { useTask } from "../hooks/use-task.js";
import type { JobScreenProps } from "./job-screen.js";

/** Names and descriptions come from the template definitions, so the screen says what the file shows. */
const TEMPLATE_TEXT = Object.fromEntries(
  TEMPLATE_IDS.map((id) => [id, { name: TEMPLATES[id].name, text: TEMPLATES[id].description }]),
) as Record<TemplateId, { name: string; text: string }>;

const FORMAT_LABELS: Record<RenderedKind, string> = {
  pdf: "PDF",
  docx: "Word (DOCX)",
  json: "JSON Resume",
  html: "HTML (one file)",
  markdown: "Markdown",
};
const FORMATS = RENDERED_KINDS.map((id) => ({ id, label: FORMAT_LABELS[id] }));
type Format = RenderedKind;

/**
 * The files shown: before any export here, the latest of earlier exports
 * (so the preview is always one click away); after one, the files it made,
 * once the list holds them all.
 */
function shownFiles(
  all: Artifact[] | undefined,
  taskId: string | null,
  task: Task | null,
): { files: Artifact[]; earlier: boolean } | null {
  if (!all) return null;
  if (taskId === null) {
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
  const [template, setTemplate] = useState<TemplateId>(job.export_settings.template);
  const [pageSize, setPageSize] = useState<"A4" | "Letter">(job.export_settings.page_size);
  const [formats, setFormats] = useState<Set<Format>>(new Set(["pdf", "docx"]));
  const [bundle, setBundle] = useState(false);
  const [design, setDesign] = useState<DesignSettings>(() => designOf(job.export_settings));
  const [hidden, setHidden] = useState<Set<string>>(() => new Set(job.export_settings.hidden_sections));
  const [sections, setSections] = useState<SectionRef[]>(() =>
    orderSections(presentSections(job.sections), job.export_settings.section_order),
  );
  const move = (from: number, to: number) =>
    setSections((list) => {
      const next = list.slice();
      const [moved] = next.splice(from, 1);
      if (moved) next.splice(to, 0, moved);
      return next;
    });
  const [taskId, setTaskId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const view = useTask(taskId);
  const task = view.task;
  const blocked = blockedReason(job);
  const running = task !== null && (task.status === "queued" || task.status === "running");
  // The finished task refreshes this list (`useTask`), so it holds the new files once they exist.
  const artifacts = useQuery({
    queryKey: queryKeys.artifacts(job.id),
    queryFn: () => api.listArtifacts(job.id),
  });
  const shown = shownFiles(artifacts.data, taskId, task);

  const toggle = (f: Format) =>
    setFormats((s) => {
      const next = new Set(s);
      if (next.has(f)) next.delete(f);
      else next.add(f);
      return next;
    });

  const start = async () => {
    setError(null);
    try {
      // The layout choices are remembered in the job's export settings for next time.
      const saved = job.export_settings;
      const hiddenList = [...hidden].sort();
      const sectionOrder = mergeOrder(sections, saved.section_order);
      if (
        JSON.stringify(designOf(saved)) !== JSON.stringify(design) ||
        saved.template !== template ||
        saved.page_size !== pageSize ||
        [...saved.hidden_sections].sort().join() !== hiddenList.join() ||
        saved.section_order.join() !== sectionOrder.join()
      ) {
        const settings = {
          ...saved,
          ...design,
          template,
          page_size: pageSize,
          hidden_sections: hiddenList,
          section_order: sectionOrder,
        };
        const next = await api.patchJob(job.id, { export_settings: settings }, versioned.etag);
        onChange(next);
      }
      const t = await api.startExport(job.id, {
        formats: FORMATS.map((f) => f.id).filter((f) => formats.has(f)),
        bundle,
        template,
        page_size: pageSize,
      });
      setTaskId(t.id);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const pdf = shown?.files.find((a) => a.kind === "pdf");
  const disabled = blocked !== null;

  return (
    <div className="export">
      <NeedsConfirmation job={job} reasonId="export-blocked" />
      {job.schema_dirty ? (
        <Notice tone="info" title="Your latest export is out of date">
          You changed the CV or its layout after the last export. Export again to get files with the changes.
        </Notice>
      ) : null}
      <section className="card" aria-labelledby="export-title">
        <h2 id="export-title" className="card__title">
          Export
        </h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void start();
          }}
        >
          <fieldset className="choice-group" disabled={disabled}>
            <legend className="field__label">Template</legend>
            <div className="template-grid">
              {TEMPLATE_IDS.map((id) => (
                <label key={id} className={template === id ? "template template--selected" : "template"}>
                  <input
                    type="radio"
                    name="template"
                    value={id}
                    checked={template === id}
                    onChange={() => setTemplate(id)}
                  />
                  <span className={`template__thumb template__thumb--${id}`} aria-hidden="true">
                    <span />
                    <span />
                    <span />
                    <span />
                  </span>
                  <span className="template__name">{TEMPLATE_TEXT[id].name}</span>
                  <span className="template__text muted small">{TEMPLATE_TEXT[id].text}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <SectionVisibility
            sections={sections}
            hidden={hidden}
            onHiddenChange={setHidden}
            onMove={move}
            disabled={disabled}
          />
          <DesignControls
            value={design}
            template={template}
            onChange={setDesign}
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
              <legend className="field__label">Page size</legend>
              {(["A4", "Letter"] as const).map((size) => (
                <label key={size} className="check">
                  <input
                    type="radio"
                    name="page-size"
                    value={size}
                    checked={pageSize === size}
                    onChange={() => setPageSize(size)}
                  />
                  {size === "A4" ? "A4 (210 × 297 mm)" : "US Letter (8.5 × 11 in)"}
                </label>
              ))}
            </fieldset>
            <fieldset className="choice-group" disabled={disabled}>
              <legend className="field__label">Formats</legend>
              {FORMATS.map((f) => (
                <label key={f.id} className="check">
                  <input type="checkbox" checked={formats.has(f.id)} onChange={() => toggle(f.id)} />
                  {f.label}
                </label>
              ))}
              <label className="check">
                <input type="checkbox" checked={bundle} onChange={(e) => setBundle(e.target.checked)} />
                Also as one ZIP file
              </label>
            </fieldset>
          </div>
          <div className="form-actions">
            <button
              type="submit"
              className="btn btn--primary"
              disabled={disabled || running || formats.size === 0}
              aria-describedby={
                disabled ? "export-blocked" : formats.size === 0 ? "formats-needed" : undefined
              }
            >
              {running ? "Exporting…" : "Export"}
            </button>
            {formats.size === 0 && !disabled ? (
              <span id="formats-needed" className="muted small">
                Choose at least one format.
              </span>
            ) : null}
          </div>
        </form>
        {error ? <Notice tone="error">{error}</Notice> : null}
        {taskId && artifacts.error ? <Notice tone="error">{errorMessage(artifacts.error)}</Notice> : null}
        <div aria-live="polite">
          {running && task ? (
            <ProgressBar label="Exporting" value={task.progress} detail={humanizeStage(task.stage)} />
          ) : null}
          {view.reconnecting ? <p className="muted small">Connection lost; reconnecting…</p> : null}
        </div>
        {task?.status === "failed" ? (
          <Notice tone="error" title="The export failed">
            {humanMessage(task.error?.code, task.error?.message)}
          </Notice>
        ) : null}
      </section>

      {job.sections ? (
        <DesignPreview
          jobId={job.id}
          version={versioned.etag}
          settings={{
            ...job.export_settings,
            ...design,
            template,
            page_size: pageSize,
            hidden_sections: [...hidden].sort(),
            section_order: mergeOrder(sections, job.export_settings.section_order),
          }}
        />
      ) : null}

      {shown ? (
        <section className="card" aria-labelledby="files-title">
          <h2 id="files-title" className="card__title">
            {shown.earlier ? "Latest files" : "Your files"}
          </h2>
          <div className="export__result">
            <ul className="file-list">
              {shown.files.map((a) => (
                <li key={a.id} className="file-list__item">
                  <span className={`file-icon file-icon--${a.kind}`} aria-hidden="true">
                    {a.kind.toUpperCase()}
                  </span>
                  <span className="file-list__name">
                    <strong>{kindLabel(a.kind)}</strong>
                    <span className="muted small">
                      Version {a.version} · {formatBytes(a.size_bytes)}
                    </span>
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
