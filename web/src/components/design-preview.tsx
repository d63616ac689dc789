/**
 * The live preview: page 1 of the PDF the current settings would export,
 * re-rendered by the server (`POST /jobs/{id}/preview`) a moment after the
 * last change; a newer change cancels the request of an older one.
 */
import { useEffect, useState } from "react";
import type { ExportSettings } from "../../../src/resume/settings.js";
import { errorMessage } from "../api/problem.js";
import { useApi } from "../hooks/use-api.js";
import { format } from "./design-messages.js";
import { PdfPreview } from "./pdf-preview.js";

/** Wait this long after a change before asking for a preview (dragging a slider sends many). */
const SETTLE_MS = 250;

export function DesignPreview({
  jobId,
  settings,
  version,
}: {
  jobId: string;
  settings: ExportSettings;
  version: string;
}) {
  const api = useApi();
  const [pdf, setPdf] = useState<Uint8Array | null>(null);
  const [state, setState] = useState<"loading" | "ready" | "failed">("loading");
  const [reason, setReason] = useState("");
  // `version` (the job's ETag) is part of the key: a photo change or an edit re-renders.
  const key = JSON.stringify({ settings, version });

  useEffect(() => {
    const controller = new AbortController();
    setState("loading");
    const timer = setTimeout(() => {
      api
        .previewPdf(jobId, (JSON.parse(key) as { settings: ExportSettings }).settings, controller.signal)
        .then(async (blob) => {
          const bytes = new Uint8Array(await blob.arrayBuffer());
          if (controller.signal.aborted) return;
          setPdf(bytes);
          setState("ready");
        })
        .catch((e: unknown) => {
          if (controller.signal.aborted) return;
          setReason(errorMessage(e));
          setState("failed");
        });
    }, SETTLE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [api, jobId, key]);

  return (
    <section className="card design-preview" aria-labelledby="preview-title" aria-busy={state === "loading"}>
      <h2 id="preview-title" className="card__title">
        {format("preview.title")}
      </h2>
      <p className="muted small" aria-live="polite">
        {state === "loading"
          ? format("preview.loading")
          : state === "failed"
            ? format("preview.failed", { reason })
            : format("preview.pages")}
      </p>
      {pdf ? <PdfPreview data={pdf} title={format("preview.title")} /> : null}
    </section>
  );
}
