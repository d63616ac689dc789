/** The job's activity in plain language: one entry per action, newest first; ids behind "Details". */
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage } from "../api/problem.js";
import { queryKeys } from "../api/queries.js";
import type { Activity } from "../api/types.js";
import { formatDateTime } from "../components/format.js";
import { Notice } from "../components/notice.js";
import { useApi } from "../hooks/use-api.js";
import { useClearWhenServerBack } from "../hooks/use-server-back.js";
import { describeActivity, format } from "./activity-messages.js";
import type { JobScreenProps } from "./job-screen.js";
import "./activity-screen.css";

const PAGE = 30;
const MAX = 100;

function ActivityDetails({ activity }: { activity: Activity }) {
  const d = activity.details;
  return (
    <details className="activity__details small">
      <summary>{format("activity.details")}</summary>
      <dl>
        {d.task_id ? (
          <>
            <dt>{format("activity.details.task")}</dt>
            <dd>
              <code>{d.task_id}</code>
            </dd>
          </>
        ) : null}
        <dt>{format("activity.details.traces")}</dt>
        <dd>
          {d.trace_ids.map((t) => (
            <code key={t} className="trace">
              {t}
            </code>
          ))}
        </dd>
        {d.attempts > 0 ? (
          <>
            <dt>{format("activity.details.attempts")}</dt>
            <dd>{d.attempts}</dd>
          </>
        ) : null}
        <dt>{format("activity.details.events")}</dt>
        <dd>{d.events}</dd>
      </dl>
    </details>
  );
}

export function ActivityList({ items }: { items: Activity[] }) {
  return (
    <ol className="timeline">
      {items.map((a) => (
        <li key={a.id} className="timeline__item" data-status={a.status}>
          <div className="timeline__main">
            <span className="timeline__type">{describeActivity(a)}</span>
            <time className="timeline__time small muted" dateTime={a.updated_at}>
              {formatDateTime(a.updated_at)}
            </time>
          </div>
          <ActivityDetails activity={a} />
        </li>
      ))}
    </ol>
  );
}

export function ActivityScreen({ versioned }: JobScreenProps) {
  const api = useApi();
  const jobId = versioned.job.id;
  const [limit, setLimit] = useState(PAGE);
  const query = useQuery({
    queryKey: [...queryKeys.activity(jobId), limit],
    queryFn: () => api.listActivity(jobId, limit),
    placeholderData: (previous) => previous,
  });
  useClearWhenServerBack(query.error, () => void query.refetch());
  const items = query.data ?? null;
  const error = query.error ? errorMessage(query.error) : null;

  return (
    <section className="card" aria-labelledby="activity-title">
      <h2 id="activity-title" className="card__title">
        {format("activity.title")}
      </h2>
      <p className="muted small activity__intro">{format("activity.intro")}</p>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {items === null && !error ? <p className="muted">{format("activity.loading")}</p> : null}
      {items?.length === 0 ? <p className="muted empty">{format("activity.empty")}</p> : null}
      {items && items.length > 0 ? <ActivityList items={items} /> : null}
      {items && items.length >= limit && limit < MAX ? (
        <button
          type="button"
          className="btn btn--secondary btn--small"
          disabled={query.isFetching}
          onClick={() => setLimit((l) => Math.min(MAX, l + PAGE))}
        >
          {format("activity.more")}
        </button>
      ) : null}
    </section>
  );
}
