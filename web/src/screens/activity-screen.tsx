/** The job's audit log: what happened, when, and the trace id to quote to support. */
import { useCallback, useEffect, useState } from "react";
import { errorMessage, humanMessage } from "../api/problem.js";
import type { JobEvent } from "../api/types.js";
import { formatPreciseTime, humanizeEventType } from "../components/format.js";
import { Notice } from "../components/notice.js";
import { useApi } from "../hooks/use-api.js";
import type { JobScreenProps } from "./job-screen.js";

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

export function ActivityScreen({ versioned }: JobScreenProps) {
  const api = useApi();
  const jobId = versioned.job.id;
  const [events, setEvents] = useState<JobEvent[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (from: string | null) => {
      try {
        const page = await api.listEvents(jobId, from);
        setEvents((prev) => (from ? [...(prev ?? []), ...page.items] : page.items));
        setCursor(page.next_cursor);
      } catch (e) {
        setError(errorMessage(e));
      }
    },
    [api, jobId],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  return (
    <section className="card" aria-labelledby="activity-title">
      <h2 id="activity-title" className="card__title">
        Activity
      </h2>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {events === null && !error ? <p className="muted">Loading…</p> : null}
      {events?.length === 0 ? <p className="muted empty">Nothing has happened yet.</p> : null}
      {events && events.length > 0 ? (
        <ol className="timeline">
          {events.map((e) => {
            const d = detail(e);
            return (
              <li key={e.id} className="timeline__item">
                <div className="timeline__main">
                  <span className="timeline__type">{humanizeEventType(e.event_type)}</span>
                  {d ? <span className="timeline__detail muted">{d}</span> : null}
                </div>
                <div className="timeline__meta small">
                  <time dateTime={e.created_at}>{formatPreciseTime(e.created_at)}</time>
                  <span className="trace">
                    Trace <code>{e.trace_id}</code>
                  </span>
                </div>
              </li>
            );
          })}
        </ol>
      ) : null}
      {cursor ? (
        <button type="button" className="btn btn--secondary btn--small" onClick={() => void load(cursor)}>
          Show older
        </button>
      ) : null}
    </section>
  );
}
