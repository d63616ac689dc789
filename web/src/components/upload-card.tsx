/**
 * Upload: drop or choose a file, watch the upload (XHR progress) and then the
 * parse task live (SSE), and land in the editor when it is done. Rejections
 * (wrong type, too large, no text layer, …) are explained in plain words.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type DragEvent, useEffect, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { ApiError, errorMessage, humanMessage } from "../api/problem.js";
import { queryKeys } from "../api/queries.js";
import type { Job, Task } from "../api/types.js";
import { useApi } from "../hooks/use-api.js";
import { useClearWhenServerBack } from "../hooks/use-server-back.js";
import { useTask } from "../hooks/use-task.js";
import { jobPath } from "../router.js";
import { formatBytes, humanizeStage } from "./format.js";
import { Notice } from "./notice.js";
import { ProgressBar } from "./progress-bar.js";
import { format as progressText } from "./progress-messages.js";
import { format, refuseBeforeUpload, uploadRefusal } from "./upload-messages.js";
import "./upload-card.css";

const ACCEPT =
  ".pdf,.docx,.txt,.md,.markdown,.json,application/pdf,text/plain,text/markdown,application/json";

type Phase =
  | { name: "idle" }
  | { name: "uploading"; file: string; fraction: number }
  | { name: "parsing"; file: string; job: Job; task: Task }
  | { name: "failed"; file: string; message: string; error?: unknown };

export function UploadCard() {
  const api = useApi();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [phase, setPhase] = useState<Phase>({ name: "idle" });
  const [dragging, setDragging] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const uploadAbort = useRef<AbortController | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const parseTask = useTask(
    phase.name === "parsing" ? phase.task.id : null,
    phase.name === "parsing" ? phase.task : null,
  );

  // The limits are read once; without them the server still refuses, only later.
  const limits =
    useQuery({
      queryKey: queryKeys.limits(),
      queryFn: () => api.getLimits(),
      staleTime: Number.POSITIVE_INFINITY,
    }).data ?? null;

  const start = async (file: File) => {
    setNotice(null);
    const refused = refuseBeforeUpload(file, limits);
    if (refused) {
      setPhase({ name: "failed", file: file.name, message: refused });
      if (inputRef.current) inputRef.current.value = "";
      return;
    }
    setPhase({ name: "uploading", file: file.name, fraction: 0 });
    const abort = new AbortController();
    uploadAbort.current = abort;
    try {
      const { job, task } = await api.uploadJob(
        file,
        (fraction) => setPhase((p) => (p.name === "uploading" ? { ...p, fraction } : p)),
        abort.signal,
      );
      setPhase({ name: "parsing", file: file.name, job, task });
      // The new CV shows in the list at once; the finished parse refreshes it again (`useTask`).
      void client.invalidateQueries({ queryKey: queryKeys.jobList() });
    } catch (error) {
      if (abort.signal.aborted) {
        setPhase({ name: "idle" });
        setNotice(format("upload.canceled", { file: file.name }));
      } else {
        const specific = error instanceof ApiError ? uploadRefusal(error, limits) : null;
        setPhase({ name: "failed", file: file.name, message: specific ?? errorMessage(error), error });
      }
    } finally {
      uploadAbort.current = null;
      if (inputRef.current) inputRef.current.value = "";
    }
  };

  // "Cannot reach the server" goes away by itself once it answers again; the person chooses the file anew.
  useClearWhenServerBack(phase.name === "failed" ? phase.error : null, () => setPhase({ name: "idle" }));

  const task = parseTask.task;
  useEffect(() => {
    if (phase.name !== "parsing" || !task) return;
    if (task.status === "completed") {
      void navigate(jobPath(phase.job.id, "review"));
    } else if (task.status === "failed" || task.status === "canceled") {
      setPhase({
        name: "failed",
        file: phase.file,
        message: humanMessage(task.error?.code, task.error?.message),
      });
    }
  }, [task, phase, navigate]);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) void start(file);
  };

  const busy = phase.name === "uploading" || phase.name === "parsing";
  return (
    <section className="card upload" aria-labelledby="upload-title">
      <h2 id="upload-title" className="card__title">
        {format("upload.title")}
      </h2>
      <p className="muted">
        {format("upload.intro")}
        {limits ? ` ${format("upload.limit", { limit: formatBytes(limits.upload_max_bytes) })}` : null}
      </p>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: dropping is a pointer shortcut; the file input inside is the keyboard path */}
      <div
        className={["dropzone", dragging ? "dropzone--active" : "", busy ? "dropzone--busy" : ""].join(" ")}
        onDragOver={(e) => {
          e.preventDefault();
          if (!busy) setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={busy ? (e) => e.preventDefault() : onDrop}
      >
        <svg className="dropzone__icon" viewBox="0 0 24 24" aria-hidden="true" width="36" height="36">
          <path fill="currentColor" d="M12 3l5 5h-3v6h-4V8H7l5-5zm-7 14h14v2H5v-2z" />
        </svg>
        <p className="dropzone__text">{format("upload.drop")}</p>
        <input
          ref={inputRef}
          id="cv-file"
          type="file"
          className="visually-hidden"
          accept={ACCEPT}
          disabled={busy}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void start(file);
          }}
        />
        <label htmlFor="cv-file" className={busy ? "btn btn--primary btn--disabled" : "btn btn--primary"}>
          {format("upload.choose")}
        </label>
      </div>
      <div aria-live="polite">
        {phase.name === "uploading" ? (
          <div className="upload__progress">
            <ProgressBar
              label={format("upload.uploading", { file: phase.file })}
              value={phase.fraction * 100}
            />
            <button
              type="button"
              className="btn btn--ghost btn--small"
              onClick={() => uploadAbort.current?.abort()}
            >
              {format("upload.cancel")}
            </button>
          </div>
        ) : null}
        {notice ? <p className="muted small">{notice}</p> : null}
        {phase.name === "parsing" ? (
          <>
            <ProgressBar
              label={format("upload.reading", { file: phase.file })}
              value={task?.progress ?? null}
              detail={humanizeStage(task?.stage)}
            />
            {parseTask.reconnecting ? (
              <p className="muted small">{progressText("progress.reconnecting")}</p>
            ) : null}
          </>
        ) : null}
      </div>
      {phase.name === "failed" ? (
        <Notice
          tone="error"
          title={format("upload.failed", { file: phase.file })}
          actions={
            <button
              type="button"
              className="btn btn--secondary btn--small"
              onClick={() => setPhase({ name: "idle" })}
            >
              {format("upload.dismiss")}
            </button>
          }
        >
          {phase.message}
        </Notice>
      ) : null}
      {parseTask.error ? <Notice tone="error">{parseTask.error.message}</Notice> : null}
    </section>
  );
}
