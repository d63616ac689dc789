/**
 * Optimize: optional job description → suggestions as before/after diffs
 * with their reasons and the keyword coverage; accept or reject each (or
 * all) and apply the accepted ones.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { errorMessage, humanMessage } from "../api/problem.js";
import { queryKeys } from "../api/queries.js";
import type { OptimizeResult, Proposal, Tailoring, Task } from "../api/types.js";
import { humanizeStage } from "../components/format.js";
import { blockedReason, NeedsConfirmation } from "../components/needs-confirmation.js";
import { Notice } from "../components/notice.js";
import { ProgressBar } from "../components/progress-bar.js";
import { format as progressText } from "../components/progress-messages.js";
import { HintItem, ProposalCard } from "../components/proposal-card.js";
import { TailoringPanel } from "../components/tailoring/tailoring-panel.js";
import { describePath } from "../editor/describe-path.js";
import {
  acceptedIds,
  applicable,
  type Decisions,
  decideAll,
  tally,
  toggleDecision,
} from "../editor/proposal-review.js";
import { useApi } from "../hooks/use-api.js";
import { useTask } from "../hooks/use-task.js";
import type { JobScreenProps } from "./job-screen.js";
import { format } from "./optimize-messages.js";
import "./optimize-screen.css";

function storageKey(jobId: string) {
  return `resume-agent:optimize:${jobId}`;
}

function Coverage({ result }: { result: OptimizeResult }) {
  const c = result.keyword_coverage;
  if (!c) return null;
  const pct = Math.round(c.score <= 1 ? c.score * 100 : c.score);
  return (
    <section className="card coverage" aria-labelledby="coverage-title">
      <h2 id="coverage-title" className="card__title">
        {format("coverage.title")}
      </h2>
      <div className="coverage__score">
        <span className="coverage__number">{pct}%</span>
        <span className="muted">{format("coverage.text")}</span>
      </div>
      <div className="meter" role="img" aria-label={format("coverage.label", { pct })}>
        <div className="meter__fill" style={{ width: `${pct}%` }} />
      </div>
      <div className="coverage__lists">
        <div>
          <h3 className="subheading">{format("coverage.found", { count: c.matched.length })}</h3>
          <ul className="chips">
            {c.matched.map((k) => (
              <li key={k} className="chip chip--success">
                {k}
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3 className="subheading">{format("coverage.missing", { count: c.missing.length })}</h3>
          <ul className="chips">
            {c.missing.map((k) => (
              <li key={k} className="chip chip--warning">
                {k}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}

export function OptimizeScreen({ versioned, onChange }: JobScreenProps) {
  const api = useApi();
  const client = useQueryClient();
  const { job } = versioned;
  const [jd, setJd] = useState("");
  const [taskId, setTaskId] = useState<string | null>(() => sessionStorage.getItem(storageKey(job.id)));
  const [startError, setStartError] = useState<string | null>(null);
  const [decisions, setDecisions] = useState<Decisions>({});
  const [applying, setApplying] = useState(false);
  const [applied, setApplied] = useState<{ applied: number; stale: number } | null>(null);
  /** The tailoring shown: undefined for the newest one kept, null for none. */
  const [chosen, setChosen] = useState<string | null | undefined>(undefined);
  const view = useTask(taskId);
  const task: Task | null = view.task;
  const blocked = blockedReason(job);
  const running = task !== null && (task.status === "queued" || task.status === "running");

  useEffect(() => {
    if (taskId) sessionStorage.setItem(storageKey(job.id), taskId);
  }, [taskId, job.id]);

  // The kept work survives reloads: open the newest tailoring of this CV.
  const latest = useQuery({
    queryKey: queryKeys.latestTailoring(job.id),
    queryFn: async () => (await api.listTailorings(job.id)).items[0]?.id ?? null,
  });

  const start = async (tailoringId?: string) => {
    setStartError(null);
    setApplied(null);
    setDecisions({});
    if (!tailoringId) setChosen(null);
    try {
      const t = await api.startOptimize(job.id, jd, tailoringId);
      setTaskId(t.id);
    } catch (e) {
      setStartError(errorMessage(e));
    }
  };

  const result = task?.status === "completed" ? (task.result as OptimizeResult | null) : null;
  const resultTailoring = result?.tailoring_id ?? null;
  // A finished run's tailoring stays shown while the next run (after answering questions) works.
  useEffect(() => {
    if (resultTailoring) setChosen(resultTailoring);
  }, [resultTailoring]);
  const tailoringId = resultTailoring ?? (chosen === undefined ? (latest.data ?? null) : chosen);
  const shownTailoring = useQuery({
    queryKey: queryKeys.tailoring(job.id, tailoringId ?? ""),
    queryFn: () => api.getTailoring(job.id, tailoringId as string),
    enabled: tailoringId !== null,
  });
  const tailoring = tailoringId ? (shownTailoring.data ?? null) : null;
  const setTailoring = (next: Tailoring) => client.setQueryData(queryKeys.tailoring(job.id, next.id), next);
  const readError = resultTailoring && shownTailoring.error ? errorMessage(shownTailoring.error) : null;
  // What the guards refused is in the result of the run that made the shown proposals: read it once
  // when this screen did not follow that run (a reload, another tab).
  const producedBy = tailoring && result?.tailoring_id !== tailoring.id ? tailoring.task_id : null;
  const lastRun = useQuery({
    queryKey: queryKeys.task(producedBy ?? ""),
    queryFn: () => api.getTask(producedBy as string),
    enabled: producedBy !== null,
    retry: false,
  });
  const refused =
    (result?.tailoring_id === tailoring?.id
      ? result?.rejected
      : (lastRun.data?.result as OptimizeResult | null | undefined)?.rejected) ?? [];
  const proposals: Proposal[] = result?.proposals ?? [];
  const changes = applicable(proposals);
  const hints = proposals.filter((p) => p.applicable === false);
  const counts = tally(changes, decisions);

  const apply = async () => {
    if (!task) return;
    setApplying(true);
    try {
      const ids = acceptedIds(proposals, decisions);
      const out = await api.applyProposals(job.id, task.id, ids);
      onChange({ job: out.job, etag: `"${out.job.updated_at}"` });
      setApplied({ applied: out.applied.length, stale: out.stale.length });
      sessionStorage.removeItem(storageKey(job.id));
      setTaskId(null);
      setDecisions({});
    } catch (e) {
      setStartError(errorMessage(e));
    } finally {
      setApplying(false);
    }
  };

  return (
    <div className="optimize">
      <NeedsConfirmation job={job} reasonId="optimize-blocked" />
      {applied ? (
        <Notice tone="success" title={format("applied.title", { count: applied.applied })}>
          {applied.stale > 0 ? format("applied.stale", { count: applied.stale }) : ""}
          {job.cv_sections_confirmed ? format("applied.confirmed") : format("applied.unconfirmed")}
        </Notice>
      ) : null}
      <section className="card" aria-labelledby="jd-title">
        <h2 id="jd-title" className="card__title">
          {format("optimize.title")}
        </h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void start();
          }}
        >
          <div className="field field--wide">
            <label htmlFor="job-description" className="field__label">
              {format("optimize.jd")} <span className="muted small">{format("optimize.optional")}</span>
            </label>
            <textarea
              id="job-description"
              className="input input--area"
              rows={7}
              value={jd}
              disabled={blocked !== null}
              placeholder={format("optimize.jd.placeholder")}
              onChange={(e) => setJd(e.target.value)}
            />
          </div>
          <div className="form-actions">
            <button
              type="submit"
              className="btn btn--primary"
              disabled={blocked !== null || running}
              aria-describedby={blocked ? "optimize-blocked" : undefined}
            >
              {running ? format("optimize.working") : format("optimize.submit")}
            </button>
          </div>
        </form>
        {startError || readError ? <Notice tone="error">{startError ?? readError}</Notice> : null}
        <div aria-live="polite">
          {running && task ? (
            <ProgressBar
              label={format("optimize.progress")}
              value={task.progress}
              detail={humanizeStage(task.stage)}
            />
          ) : null}
          {view.reconnecting ? <p className="muted small">{progressText("progress.reconnecting")}</p> : null}
        </div>
        {task?.status === "failed" ? (
          <Notice tone="error" title={format("optimize.failed")}>
            {humanMessage(task.error?.code, task.error?.message)}
          </Notice>
        ) : null}
      </section>

      {result && !tailoring ? <Coverage result={result} /> : null}

      {tailoring ? (
        <TailoringPanel
          api={api}
          tailoring={tailoring}
          refused={refused}
          onTailoring={setTailoring}
          onJob={(next) => onChange({ job: next, etag: `"${next.updated_at}"` })}
          onRerun={() => void start(tailoring.id)}
        />
      ) : null}

      {result && !tailoring ? (
        <section className="card" aria-labelledby="proposals-title">
          <div className="card__header-row">
            <h2 id="proposals-title" className="card__title">
              {format("suggestions.title", { count: changes.length })}
            </h2>
            {changes.length > 0 ? (
              <div className="button-row">
                <button
                  type="button"
                  className="btn btn--secondary btn--small"
                  onClick={() => setDecisions(decideAll(changes, "accepted"))}
                >
                  {format("suggestions.accept_all")}
                </button>
                <button
                  type="button"
                  className="btn btn--secondary btn--small"
                  onClick={() => setDecisions(decideAll(changes, "rejected"))}
                >
                  {format("suggestions.reject_all")}
                </button>
              </div>
            ) : null}
          </div>
          {changes.length === 0 ? <p className="muted empty">{format("suggestions.none")}</p> : null}
          <ol className="proposals">
            {changes.map((p, i) => (
              <ProposalCard
                key={p.id}
                proposal={p}
                index={i}
                where={describePath(job.sections, p.path)}
                decision={decisions[p.id]}
                onDecide={(d) => setDecisions((all) => toggleDecision(all, p.id, d))}
              />
            ))}
          </ol>
          {changes.length > 0 ? (
            <section className="action-bar" aria-label={format("suggestions.actions")}>
              <p className="action-bar__status" role="status">
                {format("suggestions.tally", {
                  accepted: counts.accepted,
                  rejected: counts.rejected,
                  undecided: counts.undecided,
                })}
              </p>
              <div className="action-bar__buttons">
                <button
                  type="button"
                  className="btn btn--primary"
                  disabled={counts.accepted === 0 || applying}
                  onClick={() => void apply()}
                >
                  {applying
                    ? format("suggestions.applying")
                    : format("suggestions.apply", { count: counts.accepted })}
                </button>
              </div>
            </section>
          ) : null}
        </section>
      ) : null}

      {hints.length > 0 ? (
        <section className="card" aria-labelledby="hints-title">
          <h2 id="hints-title" className="card__title">
            {format("tips.title", { count: hints.length })}
          </h2>
          <p className="muted">{format("tips.intro")}</p>
          <ul className="hints">
            {hints.map((p) => (
              <HintItem key={p.id} proposal={p} where={describePath(job.sections, p.path)} />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
