/**
 * Optimize: optional job description → suggestions as before/after diffs
 * with their reasons and the keyword coverage; accept or reject each (or
 * all) and apply the accepted ones.
 */
import { useEffect, useState } from "react";
import { errorMessage, humanMessage } from "../api/problem.js";
import type { OptimizeResult, Proposal, Task } from "../api/types.js";
import { humanizeStage } from "../components/format.js";
import { blockedReason, NeedsConfirmation } from "../components/needs-confirmation.js";
import { Notice } from "../components/notice.js";
import { ProgressBar } from "../components/progress-bar.js";
import { describePath } from "../editor/describe-path.js";
import { acceptedIds, type Decisions, decideAll, tally, toggleDecision } from "../editor/proposal-review.js";
import { diffWords } from "../editor/word-diff.js";
import { useApi } from "../hooks/use-api.js";
import { useTask } from "../hooks/use-task.js";
import type { JobScreenProps } from "./job-screen.js";

const CATEGORY_LABELS: Record<string, string> = {
  wording: "Wording",
  quantification: "Add numbers",
  keyword_alignment: "Keywords",
  consistency: "Consistency",
  length: "Length",
};

function storageKey(jobId: string) {
  return `resume-agent:optimize:${jobId}`;
}

function Diff({ before, after }: { before: string; after: string }) {
  const segments = diffWords(before, after);
  return (
    <div className="diff">
      <div className="diff__side">
        <span className="diff__label">Before</span>
        <p className="diff__text">
          {segments
            .filter((s) => s.kind !== "added")
            .map((s, i) =>
              s.kind === "removed" ? (
                // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional
                <del key={i}>{s.text}</del>
              ) : (
                // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional
                <span key={i}>{s.text}</span>
              ),
            )}
          {before === "" ? <em className="muted">(empty)</em> : null}
        </p>
      </div>
      <div className="diff__side diff__side--after">
        <span className="diff__label">After</span>
        <p className="diff__text">
          {segments
            .filter((s) => s.kind !== "removed")
            .map((s, i) =>
              s.kind === "added" ? (
                // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional
                <ins key={i}>{s.text}</ins>
              ) : (
                // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional
                <span key={i}>{s.text}</span>
              ),
            )}
        </p>
      </div>
    </div>
  );
}

function Coverage({ result }: { result: OptimizeResult }) {
  const c = result.keyword_coverage;
  if (!c) return null;
  const pct = Math.round(c.score <= 1 ? c.score * 100 : c.score);
  return (
    <section className="card coverage" aria-labelledby="coverage-title">
      <h2 id="coverage-title" className="card__title">
        Keyword coverage
      </h2>
      <div className="coverage__score">
        <span className="coverage__number">{pct}%</span>
        <span className="muted">of the job description's key terms appear in your CV</span>
      </div>
      <div className="meter" role="img" aria-label={`Keyword coverage ${pct}%`}>
        <div className="meter__fill" style={{ width: `${pct}%` }} />
      </div>
      <div className="coverage__lists">
        <div>
          <h3 className="subheading">Found ({c.matched.length})</h3>
          <ul className="chips">
            {c.matched.map((k) => (
              <li key={k} className="chip chip--success">
                {k}
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3 className="subheading">Missing ({c.missing.length})</h3>
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
  const { job } = versioned;
  const [jd, setJd] = useState("");
  const [taskId, setTaskId] = useState<string | null>(() => sessionStorage.getItem(storageKey(job.id)));
  const [startError, setStartError] = useState<string | null>(null);
  const [decisions, setDecisions] = useState<Decisions>({});
  const [applying, setApplying] = useState(false);
  const [applied, setApplied] = useState<{ applied: number; stale: number } | null>(null);
  const view = useTask(taskId);
  const task: Task | null = view.task;
  const blocked = blockedReason(job);
  const running = task !== null && (task.status === "queued" || task.status === "running");

  useEffect(() => {
    if (taskId) sessionStorage.setItem(storageKey(job.id), taskId);
  }, [taskId, job.id]);

  const start = async () => {
    setStartError(null);
    setApplied(null);
    setDecisions({});
    try {
      const t = await api.startOptimize(job.id, jd);
      setTaskId(t.id);
    } catch (e) {
      setStartError(errorMessage(e));
    }
  };

  const result = task?.status === "completed" ? (task.result as OptimizeResult | null) : null;
  const proposals: Proposal[] = result?.proposals ?? [];
  const counts = tally(proposals, decisions);

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
        <Notice
          tone="success"
          title={`Applied ${applied.applied} ${applied.applied === 1 ? "suggestion" : "suggestions"}`}
        >
          {applied.stale > 0
            ? `${applied.stale} could not be applied because that text changed since the suggestion was made. `
            : ""}
          {job.cv_sections_confirmed
            ? "Your CV is updated."
            : "Your CV changed, so review and confirm it again before exporting."}
        </Notice>
      ) : null}
      <section className="card" aria-labelledby="jd-title">
        <h2 id="jd-title" className="card__title">
          Tailor to a job
        </h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void start();
          }}
        >
          <div className="field field--wide">
            <label htmlFor="job-description" className="field__label">
              Job description <span className="muted small">(optional)</span>
            </label>
            <textarea
              id="job-description"
              className="input input--area"
              rows={7}
              value={jd}
              disabled={blocked !== null}
              placeholder="Paste the job ad to check keyword coverage and get targeted suggestions. Leave empty for general improvements."
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
              {running ? "Working…" : "Suggest improvements"}
            </button>
          </div>
        </form>
        {startError ? <Notice tone="error">{startError}</Notice> : null}
        <div aria-live="polite">
          {running && task ? (
            <ProgressBar
              label="Finding improvements"
              value={task.progress}
              detail={humanizeStage(task.stage)}
            />
          ) : null}
          {view.reconnecting ? <p className="muted small">Connection lost; reconnecting…</p> : null}
        </div>
        {task?.status === "failed" ? (
          <Notice tone="error" title="No suggestions this time">
            {humanMessage(task.error?.code, task.error?.message)}
          </Notice>
        ) : null}
      </section>

      {result ? <Coverage result={result} /> : null}

      {result ? (
        <section className="card" aria-labelledby="proposals-title">
          <div className="card__header-row">
            <h2 id="proposals-title" className="card__title">
              Suggestions ({proposals.length})
            </h2>
            {proposals.length > 0 ? (
              <div className="button-row">
                <button
                  type="button"
                  className="btn btn--secondary btn--small"
                  onClick={() => setDecisions(decideAll(proposals, "accepted"))}
                >
                  Accept all
                </button>
                <button
                  type="button"
                  className="btn btn--secondary btn--small"
                  onClick={() => setDecisions(decideAll(proposals, "rejected"))}
                >
                  Reject all
                </button>
              </div>
            ) : null}
          </div>
          {proposals.length === 0 ? (
            <p className="muted empty">No suggestions: your CV already reads well.</p>
          ) : null}
          <ol className="proposals">
            {proposals.map((p, i) => {
              const decision = decisions[p.id];
              const where = describePath(job.sections, p.path);
              return (
                <li
                  key={p.id}
                  className={`proposal${decision ? ` proposal--${decision}` : ""}`}
                  aria-label={`Suggestion ${i + 1}: ${where}`}
                >
                  <div className="proposal__head">
                    <span className="badge badge--neutral">{CATEGORY_LABELS[p.category] ?? p.category}</span>
                    <span className="proposal__where">{where}</span>
                  </div>
                  <Diff before={p.original} after={p.proposed} />
                  <p className="proposal__reason">
                    <span className="visually-hidden">Why: </span>
                    {p.reason}
                  </p>
                  <div className="button-row">
                    <button
                      type="button"
                      className={
                        decision === "accepted"
                          ? "btn btn--success btn--small"
                          : "btn btn--secondary btn--small"
                      }
                      aria-pressed={decision === "accepted"}
                      onClick={() => setDecisions((d) => toggleDecision(d, p.id, "accepted"))}
                    >
                      {decision === "accepted" ? "Accepted ✓" : "Accept"}
                    </button>
                    <button
                      type="button"
                      className={
                        decision === "rejected"
                          ? "btn btn--danger btn--small"
                          : "btn btn--secondary btn--small"
                      }
                      aria-pressed={decision === "rejected"}
                      onClick={() => setDecisions((d) => toggleDecision(d, p.id, "rejected"))}
                    >
                      {decision === "rejected" ? "Rejected" : "Reject"}
                    </button>
                  </div>
                </li>
              );
            })}
          </ol>
          {proposals.length > 0 ? (
            <section className="action-bar" aria-label="Apply suggestions">
              <p className="action-bar__status" role="status">
                {counts.accepted} accepted · {counts.rejected} rejected · {counts.undecided} undecided
              </p>
              <div className="action-bar__buttons">
                <button
                  type="button"
                  className="btn btn--primary"
                  disabled={counts.accepted === 0 || applying}
                  onClick={() => void apply()}
                >
                  {applying ? "Applying…" : `Apply ${counts.accepted} accepted`}
                </button>
              </div>
            </section>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
