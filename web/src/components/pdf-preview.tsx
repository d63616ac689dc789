/**
 * Page 1 of a PDF drawn on a canvas with pdf.js, loaded on demand so the
 * library's weight is paid only on the export screen.
 */
import { useEffect, useRef, useState } from "react";
import { format } from "./job-messages.js";
import "./pdf-preview.css";

/**
 * `url` loads the PDF from the server; `data` draws bytes already in hand (the live preview:
 * the page's content security policy lets pdf.js fetch only from its own origin, not blob: URLs).
 */
export function PdfPreview({ url, data, title }: { url?: string; data?: Uint8Array; title: string }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<"loading" | "ready" | "failed">("loading");

  useEffect(() => {
    let canceled = false;
    let destroy: (() => void) | undefined;
    setState("loading");
    (async () => {
      const pdfjs = await import("pdfjs-dist");
      const worker = await import("pdfjs-dist/build/pdf.worker.min.mjs?url");
      pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
      // pdf.js takes ownership of the buffer it is given, so it gets a copy.
      const loading = pdfjs.getDocument(
        data ? { data: data.slice() } : { url: url ?? "", withCredentials: false },
      );
      destroy = () => void loading.destroy();
      const doc = await loading.promise;
      const page = await doc.getPage(1);
      const canvas = canvasRef.current;
      if (canceled || !canvas) return;
      const cssWidth = Math.min(560, canvas.parentElement?.clientWidth ?? 560);
      const base = page.getViewport({ scale: 1 });
      const scale = (cssWidth / base.width) * (window.devicePixelRatio || 1);
      const viewport = page.getViewport({ scale });
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      canvas.style.width = `${cssWidth}px`;
      canvas.style.height = `${Math.floor((cssWidth / base.width) * base.height)}px`;
      await page.render({ canvas, viewport }).promise;
      if (!canceled) setState("ready");
    })().catch(() => {
      if (!canceled) setState("failed");
    });
    return () => {
      canceled = true;
      destroy?.();
    };
  }, [url, data]);

  return (
    <figure className="pdf-preview">
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={format("preview.label", { title })}
        data-state={state}
        className={
          state === "ready" ? "pdf-preview__canvas" : "pdf-preview__canvas pdf-preview__canvas--hidden"
        }
      />
      {state === "loading" ? <p className="muted">{format("preview.drawing")}</p> : null}
      {state === "failed" ? <p className="muted">{format("preview.draw_failed")}</p> : null}
      <figcaption className="muted small">{format("preview.caption")}</figcaption>
    </figure>
  );
}
