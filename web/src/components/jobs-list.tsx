/** Past uploads, newest first, with open and delete. */
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { errorMessage } from "../api/problem.js";
import { queryKeys } from "../api/queries.js";
import type { JobSummary } from "../api/types.js";
import { useApi } from "../hooks/use-api.js";
import { jobPath } from "../router.js";
import { useConfirm } from "./confirm-dialog.js";
import { formatBytes, formatDateTime } from "./format.js";
import { format } from "./job-messages.js";
import { Notice } from "./notice.js";
import { StatusBadge } from "./status-badge.js";
import "./jobs-list.css";

export function JobsList() {
  const api = useApi();
  const client = useQueryClient();
  const confirm = useConfirm();
  const [status, setStatus] = useState<string | null>(null);
  const query = useInfiniteQuery({
    queryKey: queryKeys.jobList(),
    queryFn: ({ pageParam }) => api.listJobs(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
    // A CV still being read changes state soon: refresh the list until none is pending.
    refetchInterval: (q) =>
      q.state.data?.pages.some((p) => p.items.some((j) => j.parse_status === "pending")) ? 2000 : false,
  });
  const jobs = query.data?.pages.flatMap((p) => p.items) ?? null;
  const deletion = useMutation({
    mutationFn: (job: JobSummary) => api.deleteJob(job.id),
    onSuccess: (_, job) => {
      client.removeQueries({ queryKey: queryKeys.job(job.id) });
      client.setQueryData(queryKeys.jobList(), (data: typeof query.data) =>
        data
          ? {
              ...data,
              pages: data.pages.map((p) => ({ ...p, items: p.items.filter((j) => j.id !== job.id) })),
            }
          : data,
      );
      setStatus(format("jobs.deleted", { name: job.original_filename ?? "" }));
      return client.invalidateQueries({ queryKey: queryKeys.jobList() });
    },
  });
  const failure = query.error ?? deletion.error;
  const error = failure ? errorMessage(failure) : null;

  const remove = async (job: JobSummary) => {
    const ok = await confirm({
      title: format("jobs.delete.title"),
      message: format("jobs.delete.message", { name: job.original_filename ?? "" }),
      confirmLabel: format("jobs.delete"),
      danger: true,
    });
    if (ok) deletion.mutate(job);
  };

  return (
    <section className="card" aria-labelledby="jobs-title">
      <h2 id="jobs-title" className="card__title">
        {format("jobs.title")}
      </h2>
      {error ? <Notice tone="error">{error}</Notice> : null}
      <p className="visually-hidden" role="status">
        {status ?? ""}
      </p>
      {jobs === null && !error ? <p className="muted">{format("jobs.loading")}</p> : null}
      {jobs?.length === 0 ? <p className="muted empty">{format("jobs.empty")}</p> : null}
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
                  {formatDateTime(job.created_at)}
                  {job.size_bytes === null ? null : ` · ${formatBytes(job.size_bytes)}`}
                </span>
              </div>
              <div className="job-list__meta">
                <StatusBadge job={job} />
                <button
                  type="button"
                  className="btn btn--ghost btn--small btn--danger-text"
                  aria-label={format("jobs.delete.label", { name: job.original_filename ?? "" })}
                  onClick={() => void remove(job)}
                >
                  {format("jobs.delete")}
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {query.hasNextPage ? (
        <button
          type="button"
          className="btn btn--secondary btn--small"
          disabled={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          {format("jobs.more")}
        </button>
      ) : null}
    </section>
  );
}
