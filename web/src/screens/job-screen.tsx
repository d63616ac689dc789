/**
 * One CV: loads the job and shows its tabs (review, optimize, export,
 * history, activity). The job and its ETag live in the query cache under
 * one key, so every tab sees the same version and a save in one is visible
 * in the others.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { Link } from "react-router";
import type { VersionedJob } from "../api/client.js";
import { errorMessage } from "../api/problem.js";
import { queryKeys } from "../api/queries.js";
import { format, formatRich } from "../components/job-messages.js";
import { Notice } from "../components/notice.js";
import { StatusBadge } from "../components/status-badge.js";
import { formatVariant } from "../components/variant-messages.js";
import { useApi } from "../hooks/use-api.js";
import { JOB_TABS, type JobTab, jobPath } from "../router.js";
import { ActivityScreen } from "./activity-screen.js";
import { ExportScreen } from "./export-screen.js";
import { HistoryScreen } from "./history-screen.js";
import { OptimizeScreen } from "./optimize-screen.js";
import { ReviewScreen } from "./review-screen.js";
import { TranslationsScreen } from "./translations-screen.js";
import { VariantsScreen } from "./variants-screen.js";
import "./job-screen.css";

/** A tab's name in the current language. */
function tabLabel(tab: JobTab): string {
  return tab === "variants" ? formatVariant("variants.tab") : format(`job.tab.${tab}`);
}

export type JobScreenProps = {
  versioned: VersionedJob;
  onChange(next: VersionedJob): void;
  reload(): Promise<VersionedJob | null>;
};

export function JobScreen({ jobId, tab }: { jobId: string; tab: JobTab }) {
  const api = useApi();
  const client = useQueryClient();
  const query = useQuery({
    queryKey: queryKeys.job(jobId),
    queryFn: () => api.getJob(jobId),
    // While the parse is still running, poll until it finishes.
    refetchInterval: (q) => (q.state.data?.job.parse_status === "pending" ? 1500 : false),
  });
  const versioned = query.data ?? null;
  const error = query.error ? errorMessage(query.error) : null;

  const onChange = useCallback(
    (next: VersionedJob) => client.setQueryData(queryKeys.job(jobId), next),
    [client, jobId],
  );
  const { refetch } = query;
  const reload = useCallback(async () => {
    const result = await refetch();
    return result.isError ? null : (result.data ?? null);
  }, [refetch]);

  if (error && !versioned) {
    return (
      <div className="narrow">
        <Notice tone="error" title={format("job.error.title")}>
          {error}
        </Notice>
        <Link className="btn btn--secondary" to="/">
          {format("job.back")}
        </Link>
      </div>
    );
  }
  if (!versioned) return <p className="muted">{format("job.loading")}</p>;
  const { job } = versioned;
  const props: JobScreenProps = { versioned, onChange, reload };

  return (
    <div className="job">
      <nav aria-label={format("job.breadcrumb")} className="breadcrumb">
        <Link to="/">{format("jobs.title")}</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{job.original_filename}</span>
      </nav>
      <header className="job__header">
        <h1 className="page-title job__title">{job.original_filename}</h1>
        <StatusBadge job={job} />
        {job.schema_dirty ? <span className="badge badge--neutral">{format("job.export_stale")}</span> : null}
      </header>
      {error ? <Notice tone="error">{error}</Notice> : null}
      <nav aria-label={format("job.tabs.label")} className="tabs">
        <ul className="tabs__list">
          {JOB_TABS.map((t) => {
            return (
              <li key={t}>
                <Link
                  to={jobPath(jobId, t)}
                  className={t === tab ? "tabs__tab tabs__tab--current" : "tabs__tab"}
                  aria-current={t === tab ? "page" : undefined}
                >
                  {tabLabel(t)}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <div className="job__content">
        {job.parse_status === "pending" ? (
          <Notice tone="info" title={format("job.pending.title")}>
            {format("job.pending.text")}
          </Notice>
        ) : job.parse_status === "failed" ? (
          <Notice tone="error" title={format("job.failed.title")}>
            {formatRich("job.failed.text", { link: (chunks) => <Link to="/">{chunks}</Link> })}
          </Notice>
        ) : null}
        {tab === "review" && job.sections ? <ReviewScreen {...props} /> : null}
        {tab === "optimize" ? <OptimizeScreen {...props} /> : null}
        {tab === "export" ? <ExportScreen {...props} /> : null}
        {tab === "history" ? <HistoryScreen {...props} /> : null}
        {tab === "variants" ? <VariantsScreen {...props} /> : null}
        {tab === "activity" ? <ActivityScreen {...props} /> : null}
        {tab === "languages" ? <TranslationsScreen {...props} /> : null}
      </div>
    </div>
  );
}
