/** The job's audit log: what happened, when, and the trace id to quote to support. */
import { useInfiniteQuery } from "@tanstack/react-query";
import { errorMessage, humanMessage } from "../api/problem.js";
import { queryKeys } from "../api/queries.js";
import type { JobEvent } from "../api/types.js";
import { formatDateTime, formatTime, humanizeEventType } from "../components/format.js";
import { Notice } from "../components/notice.js";
import { useApi } from "../hooks/use-api.js";
import type { JobScreenProps } from "./job-screen.js";
import "./activity-screen.css";

function detail(event: JobEvent): string | null {
  const p = event.payload ?? {};
  const error = p.error as { code?: string; message?: string } | undefined;
  if (error?.code || typeof p.error_code === "string") {
    return humanMessage(
      error?.code ?? (p.error_code as string),
      error?.message ?? (p.error_message as string),
    );
  }
  if (typeof p.stage === "string") return p.stage.replace(/[._-]/g, " ");
  if (typeof p.task_type === "string") return `${p.task_type} task`;
  return null;
}

/** Consecutive events of one request or task share a trace id; they are shown as one group. */
function groupByTrace(events: JobEvent[]): JobEvent[][] {
  const groups: JobEvent[][] = [];
  for (const e of events) {
    const last = groups[groups.length - 1];
    if (last && last[0]!.trace_id === e.trace_id) last.push(e);
    else groups.push([e]);
  }
  return groups;
}

export function ActivityScreen({ versioned }: JobScreenProps) {
  const api = useApi();
  const jobId = versioned.job.id;
  const query = useInfiniteQuery({
    queryKey: queryKeys.events(jobId),
    queryFn: ({ pageParam }) => api.listEvents(jobId, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
  });
  const events = query.data?.pages.flatMap((p) => p.items) ?? null;
  const error = query.error ? errorMessage(query.error) : null;

  return (
    <section className="card" aria-labelledby="activity-title">
      <h2 id="activity-title" className="card__title">
        Activity
      </h2>
      <p className="muted small activity__intro">
        Everything that happened to this CV, oldest first. Quote a trace id when you contact support.
      </p>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {events === null && !error ? <p className="muted">Loading…</p> : null}
      {events?.length === 0 ? <p className="muted empty">Nothing has happened yet.</p> : null}
      {events && events.length > 0 ? (
        <ol className="trace-groups">
          {groupByTrace(events).map((group) => (
            <li key={group[0]!.id} className="trace-group">
              <div className="trace-group__head small">
                <time dateTime={group[0]!.created_at}>{formatDateTime(group[0]!.created_at)}</time>
                <span className="trace">
                  Trace <code>{group[0]!.trace_id}</code>
                </span>
              </div>
              <ol className="timeline">
                {group.map((e) => {
                  const d = detail(e);
                  return (
                    <li key={e.id} className="timeline__item">
                      <div className="timeline__main">
                        <span className="timeline__type">{humanizeEventType(e.event_type)}</span>
                        {d ? <span className="timeline__detail muted">{d}</span> : null}
                      </div>
                      <time className="timeline__time small muted" dateTime={e.created_at}>
                        {formatTime(e.created_at)}
                      </time>
                    </li>
                  );
                })}
              </ol>
            </li>
          ))}
        </ol>
      ) : null}
      {query.hasNextPage ? (
        <button
          type="button"
          className="btn btn--secondary btn--small"
          disabled={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          Show more
        </button>
      ) : null}
    </section>
  );
}
