/** Past uploads, newest first, with open and delete. */
import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router";
import { errorMessage } from "../api/problem.js";
import type { JobSummary } from "../api/types.js";
import { useConfirm } from "../components/confirm-dialog.js";
import { formatBytes, formatDateTime } from "../components/format.js";
import { Notice } from "../components/notice.js";
import { StatusBadge } from "../components/status-badge.js";
import { useApi } from "../hooks/use-api.js";
import { jobPath } from "../router.js";

export function JobsList({ refreshKey }: { refreshKey: number }) {
  const api = useApi();
  const confirm = useConfirm();
  const [jobs, setJobs] = useState<JobSummary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const page = await api.listJobs();
      setJobs(page.items);
      setCursor(page.next_cursor);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [api]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey is the reload signal
  useEffect(() => {
    void load();
  }, [load, refreshKey]);

  // A CV still being read changes state soon: refresh the list until none is pending.
  const pending = jobs?.some((j) => j.parse_status === "pending") ?? false;
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => void load(), 2000);
    return () => clearInterval(timer);
  }, [pending, load]);

  const more = async () => {
    if (!cursor) return;
    try {
      const page = await api.listJobs(cursor);
      setJobs((j) => [...(j ?? []), ...page.items]);
      setCursor(page.next_cursor);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const remove = async (job: JobSummary) => {
    const ok = await confirm({
      title: "Delete this CV?",
      message: `“${job.original_filename}” and all its exports will be deleted. This cannot be undone.`,
      confirmLabel: "Delete",
      danger: true,
    });
    if (!ok) return;
    try {
      await api.deleteJob(job.id);
      setJobs((list) => (list ?? []).filter((j) => j.id !== job.id));
      setStatus(`Deleted ${job.original_filename}.`);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <section className="card" aria-labelledby="jobs-title">
      <h2 id="jobs-title" className="card__title">
        Your CVs
      </h2>
      {error ? <Notice tone="error">{error}</Notice> : null}
      <p className="visually-hidden" role="status">
        {status ?? ""}
      </p>
      {jobs === null && !error ? <p className="muted">Loading…</p> : null}
      {jobs?.length === 0 ? <p className="muted empty">No CVs yet. Upload one to get started.</p> : null}
      {jobs && jobs.length > 0 ? (
        <ul className="job-list">
          {jobs.map((job) => (
            <li key={job.id} className="job-list__item">
              <div className="job-list__main">
                <Link className="job-list__name" to={jobPath(job.id, "review")}>
                  {job.name ?? job.original_filename}
                </Link>
                <span className="muted small">
                  {job.name ? `${job.original_filename} · ` : ""}
                  {formatDateTime(job.created_at)} · {formatBytes(job.size_bytes)}
                </span>
              </div>
              <div className="job-list__meta">
                <StatusBadge job={job} />
                <button
                  type="button"
                  className="btn btn--ghost btn--small btn--danger-text"
                  aria-label={`Delete ${job.original_filename}`}
                  onClick={() => void remove(job)}
                >
                  Delete
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {cursor ? (
        <button type="button" className="btn btn--secondary btn--small" onClick={() => void more()}>
          Show more
        </button>
      ) : null}
    </section>
  );
}
