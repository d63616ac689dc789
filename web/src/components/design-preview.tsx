/**
 * The live preview: page 1 of the PDF the current settings would export,
 * re-rendered by the server (`POST /jobs/{id}/preview`) a moment after the
 * last change; a newer change cancels the request of an older one.
 */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { ExportSettings } from "../../../src/resume/settings.js";
import { errorMessage } from "../api/problem.js";
import { queryKeys } from "../api/queries.js";
import type { Resume } from "../api/types.js";
import { useApi } from "../hooks/use-api.js";
import { useClearWhenServerBack } from "../hooks/use-server-back.js";
import { format } from "./design-messages.js";
import { MissingGlyphs, missingGlyphs } from "./missing-glyphs.js";
import { PdfPreview } from "./pdf-preview.js";
import "./design-preview.css";

/** Wait this long after a change before asking for a preview (dragging a slider sends many). */
const SETTLE_MS = 250;

/** `value`, once it has not changed for `ms`. */
function useSettled(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function DesignPreview({
  jobId,
  settings,
  version,
  resume = null,
}: {
  jobId: string;
  settings: ExportSettings;
  version: string;
  /** The CV, to name the fields a failure points at. */
  resume?: Resume | null;
}) {
  const api = useApi();
  // `version` (the job's ETag) is part of the key: a photo change or an edit re-renders.
  const key = JSON.stringify({ settings, version });
  const settled = useSettled(key, SETTLE_MS);
  const query = useQuery({
    queryKey: queryKeys.preview(jobId, settled),
    // Leaving a key (a newer change) aborts its request through `signal`.
    queryFn: async ({ signal }) => {
      const blob = await api.previewPdf(
        jobId,
        (JSON.parse(settled) as { settings: ExportSettings }).settings,
        signal,
      );
      return new Uint8Array(await blob.arrayBuffer());
    },
    placeholderData: keepPreviousData,
    retry: false,
    gcTime: 0,
  });
  useClearWhenServerBack(query.error, () => void query.refetch());
  const pdf = query.data ?? null;
  const state = settled !== key || query.isFetching ? "loading" : query.isError ? "failed" : "ready";
  const reason = query.error ? errorMessage(query.error) : "";
  const glyphs = state === "failed" ? missingGlyphs(query.error) : null;

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
      {glyphs ? <MissingGlyphs jobId={jobId} resume={resume} {...glyphs} /> : null}
      {pdf ? <PdfPreview data={pdf} title={format("preview.title")} /> : null}
    </section>
  );
}
