/**
 * The uploaded original beside the review form (below it on phones, collapsible): a PDF drawn
 * page by page with pdf.js (the same lazily loaded chunk as the export preview), a text file as
 * numbered lines. The source of the focused field (`meta.sources`) is highlighted and scrolled
 * into view inside the pane, never moving the page away from the field being edited. Word
 * documents are not drawn; the pane names the paragraph the field came from instead.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { ApiError, errorMessage } from "../api/problem.js";
import type { Resume } from "../api/types.js";
import { format } from "../editor/original-messages.js";
import { blockIndex, type PageBox, pageBox, sourceFor, sourcesOf } from "../editor/source-highlight.js";
import { useApi } from "../hooks/use-api.js";
import "./original-pane.css";

/** Pages drawn at most: a CV is one to three; a long file is cut short and says so. */
const MAX_PAGES = 8;
/** Lines of a text file shown at most. */
const MAX_LINES = 3000;

type Kind = "pdf" | "text" | "docx" | "other";

function kindOf(contentType: string | null): Kind {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "application/pdf") return "pdf";
  if (type.startsWith("text/")) return "text";
  if (type === "application/vnd.openxmlformats-officedocument.wordprocessingml.document") return "docx";
  return "other";
}

type Loaded =
  | { state: "loading" }
  | { state: "ready"; bytes: Uint8Array }
  | { state: "failed"; message: string };

export function OriginalPane({
  jobId,
  contentType,
  filename,
  resume,
  focusedPath,
}: {
  jobId: string;
  contentType: string | null;
  filename: string | null;
  resume: Resume | null;
  focusedPath: string | null;
}) {
  const api = useApi();
  const kind = kindOf(contentType);
  const drawn = kind === "pdf" || kind === "text";
  const [open, setOpen] = useState(
    () => typeof window === "undefined" || !window.matchMedia?.("(max-width: 900px)").matches,
  );
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
  const sources = useMemo(() => sourcesOf(resume), [resume]);
  const ref = sourceFor(sources, focusedPath);

  // Fetched once the pane is open (a phone that keeps it closed never downloads the file).
  const wanted = open && drawn;
  useEffect(() => {
    if (!wanted) return;
    const controller = new AbortController();
    setLoaded({ state: "loading" });
    api.getOriginal(jobId, controller.signal).then(
      (bytes) => setLoaded({ state: "ready", bytes }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const message =
          error instanceof ApiError && error.code === "original_unavailable"
            ? format("original.unavailable")
            : format("original.failed", { reason: errorMessage(error) });
        setLoaded({ state: "failed", message });
      },
    );
    return () => controller.abort();
  }, [api, jobId, wanted]);

  const where =
    focusedPath === null
      ? format("original.where.idle")
      : ref && "page" in ref
        ? format("original.where.page", { page: ref.page })
        : ref && "line" in ref
          ? format("original.where.line", { line: ref.line + 1 })
          : ref && "paragraph" in ref
            ? format("original.docx", { paragraph: ref.paragraph + 1 })
            : format("original.where.none");

  return (
    <section className="original" aria-label={format("original.label", { name: filename ?? "" })}>
      <details open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
        <summary className="original__summary">{format("original.title")}</summary>
        {kind === "docx" ? (
          <p className="muted small">
            {ref && "paragraph" in ref
              ? format("original.docx", { paragraph: ref.paragraph + 1 })
              : format("original.docx.none")}
          </p>
        ) : kind === "other" ? (
          <p className="muted small">{format("original.other")}</p>
        ) : (
          <>
            <p className="original__where small" data-testid="original-where">
              {where}
            </p>
            {loaded.state === "loading" ? <p className="muted small">{format("original.loading")}</p> : null}
            {loaded.state === "failed" ? <p className="muted small">{loaded.message}</p> : null}
            {loaded.state === "ready" && kind === "pdf" ? (
              <PdfPages bytes={loaded.bytes} box={ref && "page" in ref ? ref : null} />
            ) : null}
            {loaded.state === "ready" && kind === "text" ? (
              <TextLines bytes={loaded.bytes} line={blockIndex(ref, "line")} />
            ) : null}
          </>
        )}
      </details>
    </section>
  );
}

/** Scroll `target` into view inside `container` only (the page itself stays where it is). */
function revealIn(container: HTMLElement | null, target: HTMLElement | null): void {
  if (!container || !target) return;
  const c = container.getBoundingClientRect();
  const t = target.getBoundingClientRect();
  if (t.top >= c.top && t.bottom <= c.bottom) return;
  container.scrollTop += t.top - c.top - Math.max(0, (c.height - t.height) / 3);
}

type PageSize = { width: number; height: number };

function PdfPages({
  bytes,
  box: source,
}: {
  bytes: Uint8Array;
  box: { page: number; x: number; y: number; w: number; h: number } | null;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const canvases = useRef<(HTMLCanvasElement | null)[]>([]);
  const highlightRef = useRef<HTMLDivElement>(null);
  const [pages, setPages] = useState<{ total: number; sizes: PageSize[] } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [drawnPages, setDrawnPages] = useState(0);

  useEffect(() => {
    let canceled = false;
    let destroy: (() => void) | undefined;
    setPages(null);
    setDrawnPages(0);
    (async () => {
      const pdfjs = await import("pdfjs-dist");
      const worker = await import("pdfjs-dist/build/pdf.worker.min.mjs?url");
      pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
      // pdf.js takes ownership of the buffer it is given, so it gets a copy.
      const loading = pdfjs.getDocument({ data: bytes.slice() });
      destroy = () => void loading.destroy();
      const doc = await loading.promise;
      const count = Math.min(doc.numPages, MAX_PAGES);
      const sizes: PageSize[] = [];
      const loadedPages = [];
      for (let n = 1; n <= count; n++) {
        const page = await doc.getPage(n);
        const base = page.getViewport({ scale: 1 });
        sizes.push({ width: base.width, height: base.height });
        loadedPages.push(page);
      }
      if (canceled) return;
      setPages({ total: doc.numPages, sizes });
      // Drawn after the page frames are laid out, at the pane's width and the screen's density.
      await new Promise((resolve) => requestAnimationFrame(resolve));
      for (const [i, page] of loadedPages.entries()) {
        const canvas = canvases.current[i];
        if (canceled || !canvas) return;
        const base = page.getViewport({ scale: 1 });
        const cssWidth = canvas.parentElement?.clientWidth || 420;
        const viewport = page.getViewport({
          scale: (cssWidth / base.width) * (window.devicePixelRatio || 1),
        });
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        await page.render({ canvas, viewport }).promise;
        if (!canceled) setDrawnPages(i + 1);
      }
    })().catch((error: unknown) => {
      if (!canceled) setFailed(error instanceof Error ? error.message : String(error));
    });
    return () => {
      canceled = true;
      destroy?.();
    };
  }, [bytes]);

  const size = source && pages ? pages.sizes[source.page - 1] : undefined;
  const box: PageBox | null = size ? pageBox(source, size.width, size.height) : null;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the highlight moved, so it is revealed again
  useEffect(() => {
    revealIn(scrollRef.current, highlightRef.current);
  }, [box?.page, box?.top, box?.left, drawnPages]);

  if (failed) return <p className="muted small">{format("original.failed", { reason: failed })}</p>;
  if (!pages) return <p className="muted small">{format("original.loading")}</p>;
  return (
    <div className="original__scroll" ref={scrollRef}>
      {pages.sizes.map((s, i) => (
        <div
          // biome-ignore lint/suspicious/noArrayIndexKey: pages are positional
          key={i}
          className="original__page"
          data-page={i + 1}
          style={{ aspectRatio: `${s.width} / ${s.height}` }}
        >
          <canvas
            ref={(el) => {
              canvases.current[i] = el;
            }}
            className="original__canvas"
            role="img"
            aria-label={format("original.page", { page: i + 1, pages: pages.total })}
          />
          {box && box.page === i + 1 ? (
            <div
              ref={highlightRef}
              className="original__highlight"
              data-testid="original-highlight"
              aria-hidden="true"
              style={{
                left: `${box.left}%`,
                top: `${box.top}%`,
                width: `${box.width}%`,
                height: `${box.height}%`,
              }}
            />
          ) : null}
        </div>
      ))}
      {pages.total > pages.sizes.length ? (
        <p className="muted small">
          {format("original.pages.more", { shown: pages.sizes.length, pages: pages.total })}
        </p>
      ) : null}
    </div>
  );
}

function TextLines({ bytes, line }: { bytes: Uint8Array; line: number | null }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const highlightRef = useRef<HTMLLIElement>(null);
  const lines = useMemo(() => new TextDecoder("utf-8").decode(bytes).split(/\r\n|\r|\n/), [bytes]);
  const shown = lines.slice(0, MAX_LINES);

  useEffect(() => {
    if (line !== null) revealIn(scrollRef.current, highlightRef.current);
  }, [line]);

  return (
    <div className="original__scroll" ref={scrollRef}>
      <ol className="original__lines" aria-label={format("original.lines")}>
        {shown.map((text, i) => (
          <li
            // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional
            key={i}
            ref={i === line ? highlightRef : undefined}
            className={i === line ? "original__line original__line--source" : "original__line"}
            data-testid={i === line ? "original-highlight" : undefined}
          >
            {text || "\u00a0"}
          </li>
        ))}
      </ol>
      {lines.length > MAX_LINES ? (
        <p className="muted small">{format("original.lines.more", { shown: MAX_LINES })}</p>
      ) : null}
    </div>
  );
}
