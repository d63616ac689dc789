/**
 * A kept tailoring beside the CV: the fit report (every requirement with the
 * CV text that covers it, or plainly none), the proposals with their
 * evidence (accept, reject, edit before accepting), questions for what the
 * CV does not show, apply and undo, and the cover letter editor.
 *
 * Everything is read from and written to the server, so a reload or a new
 * tab shows the same state.
 */
import { useState } from "react";
import type { ApiClient } from "../../api/client.js";
import { errorMessage } from "../../api/problem.js";
import type { CoverLetter, Job, RefusedProposal, StoredProposal, Tailoring } from "../../api/types.js";
import { Notice } from "../notice.js";
import { CoverLetterFiles, type CoverLetterFilesProps } from "./cover-letter-files.js";
import { t } from "./messages.js";
import "./tailoring.css";

export type TailoringPanelProps = {
  api: Pick<
    ApiClient,
    | "decideProposal"
    | "answerQuestions"
    | "applyTailoring"
    | "undoTailoring"
    | "draftCoverLetter"
    | "saveCoverLetter"
    | "coverLetterUrl"
  > &
    CoverLetterFilesProps["api"];
  tailoring: Tailoring;
  /** What the last run's guards refused (from its task result): shown, never offered for accepting. */
  refused?: readonly RefusedProposal[];
  onTailoring: (next: Tailoring) => void;
  onJob: (job: Job) => void;
  /** Re-run optimize for this tailoring (after answering questions). */
  onRerun: () => void;
};

const text = (v: string | string[]) => (Array.isArray(v) ? v.join(", ") : v);

function FitReport({ tailoring }: { tailoring: Tailoring }) {
  const fit = tailoring.fit;
  if (!fit) return null;
  const pct = Math.round(fit.score * 100);
  const a = tailoring.analysis;
  return (
    <section className="card" aria-labelledby="fit-title">
      <h2 id="fit-title" className="card__title">
        {t("tailor.fit.title")}
      </h2>
      {a?.title ? (
        <p className="muted">{t("tailor.posting.heading", { title: a.title, company: a.company ?? "—" })}</p>
      ) : null}
      <p>{t("tailor.fit.score", { score: pct })}</p>
      <div className="meter" role="img" aria-label={t("tailor.fit.score", { score: pct })}>
        <div className="meter__fill" style={{ width: `${pct}%` }} />
      </div>
      {fit.warnings.map((w) => (
        <Notice key={w} tone="warning">
          {t(`tailor.fit.${w}`)}
        </Notice>
      ))}
      <ul className="fit-list">
        {fit.requirements.map((r) => (
          <li key={r.requirement_id} className={`fit-item fit-item--${r.status}`}>
            <p>
              <strong>{t(`tailor.fit.${r.status}`)}</strong> ·{" "}
              <span className="muted">{t(`tailor.fit.${r.kind}`)}</span>
            </p>
            <p>{r.text}</p>
            {r.evidence.length ? (
              <details>
                <summary>{t("tailor.fit.evidence")}</summary>
                <ul>
                  {r.evidence.map((e) => (
                    <li key={e.path}>
                      <q>{e.text}</q> <code className="muted small">{e.path}</code>
                    </li>
                  ))}
                </ul>
              </details>
            ) : (
              <p className="muted small">{t("tailor.fit.none")}</p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ProposalItem({
  proposal,
  busy,
  onDecide,
}: {
  proposal: StoredProposal;
  busy: boolean;
  onDecide: (change: { status?: "pending" | "accepted" | "rejected"; edited?: string | null }) => void;
}) {
  const [editing, setEditing] = useState(false);
  const shown = proposal.edited ?? proposal.proposed;
  const [draft, setDraft] = useState(text(shown));
  const id = `proposal-${proposal.id}`;
  const applied = proposal.status === "applied";
  return (
    <li className="proposal" aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`} className="proposal__reason">
        {proposal.reason}{" "}
        <span className="muted small">({t(`tailor.proposals.status.${proposal.status}`)})</span>
        {proposal.edited !== undefined ? (
          <span className="muted small"> · {t("tailor.proposals.edited")}</span>
        ) : null}
      </p>
      <p>
        <del>{text(proposal.original)}</del>
      </p>
      <p>
        <ins>{text(shown)}</ins>
      </p>
      {proposal.evidence?.requirement ? (
        <p className="muted small">
          {t("tailor.proposals.serves", { requirement: proposal.evidence.requirement.text })}
        </p>
      ) : null}
      {proposal.evidence?.cv.length ? (
        <p className="muted small">
          {t("tailor.proposals.drawsOn", { text: proposal.evidence.cv.map((e) => e.text).join(" · ") })}
        </p>
      ) : null}
      {editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            onDecide({ edited: draft, status: "accepted" });
            setEditing(false);
          }}
        >
          <label htmlFor={`${id}-edit`} className="field__label">
            {t("tailor.proposals.editLabel")}
          </label>
          <textarea
            id={`${id}-edit`}
            className="input input--area"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          />
          <div className="button-row">
            <button type="submit" className="btn btn--primary btn--small" disabled={busy}>
              {t("tailor.proposals.save")}
            </button>
            <button type="button" className="btn btn--secondary btn--small" onClick={() => setEditing(false)}>
              {t("tailor.proposals.cancel")}
            </button>
          </div>
        </form>
      ) : applied ? null : (
        <div className="button-row">
          <button
            type="button"
            className="btn btn--secondary btn--small"
            aria-pressed={proposal.status === "accepted"}
            disabled={busy}
            onClick={() => onDecide({ status: proposal.status === "accepted" ? "pending" : "accepted" })}
          >
            {t("tailor.proposals.accept")}
          </button>
          <button
            type="button"
            className="btn btn--secondary btn--small"
            aria-pressed={proposal.status === "rejected"}
            disabled={busy}
            onClick={() => onDecide({ status: proposal.status === "rejected" ? "pending" : "rejected" })}
          >
            {t("tailor.proposals.reject")}
          </button>
          {typeof proposal.proposed === "string" ? (
            <button
              type="button"
              className="btn btn--secondary btn--small"
              disabled={busy}
              onClick={() => setEditing(true)}
            >
              {t("tailor.proposals.edit")}
            </button>
          ) : null}
        </div>
      )}
    </li>
  );
}

function Refused({ refused }: { refused: readonly RefusedProposal[] }) {
  if (!refused.length) return null;
  return (
    <section className="card" aria-labelledby="refused-title">
      <h2 id="refused-title" className="card__title">
        {t("tailor.refused.title", { count: refused.length })}
      </h2>
      <p className="muted">{t("tailor.refused.intro")}</p>
      <ul className="refused">
        {refused.map((r) => (
          <li key={`${r.path}-${text(r.proposed)}`} className="refused__item">
            <p>
              <s>{text(r.proposed)}</s>
            </p>
            <p className="muted small">{t("tailor.refused.reason", { reason: r.reason })}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Questions({
  tailoring,
  busy,
  onSave,
}: {
  tailoring: Tailoring;
  busy: boolean;
  onSave: (answers: { question_id: string; answer: string }[]) => void;
}) {
  const [answers, setAnswers] = useState<Record<string, string>>({});
  if (!tailoring.questions.length) return null;
  return (
    <section className="card" aria-labelledby="questions-title">
      <h2 id="questions-title" className="card__title">
        {t("tailor.questions.title")}
      </h2>
      <p className="muted">{t("tailor.questions.intro")}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSave(Object.entries(answers).map(([question_id, answer]) => ({ question_id, answer })));
        }}
      >
        {tailoring.questions.map((q) => (
          <div key={q.id} className="field field--wide">
            <label htmlFor={`answer-${q.id}`} className="field__label">
              {t(q.message.key, q.message.params, q.text)}
            </label>
            <textarea
              id={`answer-${q.id}`}
              className="input input--area"
              rows={2}
              value={answers[q.id] ?? ""}
              onChange={(e) => setAnswers((all) => ({ ...all, [q.id]: e.target.value }))}
            />
          </div>
        ))}
        <button
          type="submit"
          className="btn btn--primary"
          disabled={busy || !Object.values(answers).some((a) => a.trim())}
        >
          {t("tailor.questions.save")}
        </button>
      </form>
    </section>
  );
}

function CoverLetterEditor({
  api,
  tailoring,
  busy,
  onDraft,
  onSave,
  pdfUrl,
  docxUrl,
}: {
  api: CoverLetterFilesProps["api"];
  tailoring: Tailoring;
  busy: boolean;
  onDraft: () => void;
  onSave: (letter: CoverLetter) => void;
  pdfUrl: string;
  docxUrl: string;
}) {
  const saved = tailoring.cover_letter;
  const [letter, setLetter] = useState<CoverLetter | null>(saved);
  const [basis, setBasis] = useState(saved);
  if (saved !== basis) {
    // A new draft arrived from the server: show it.
    setBasis(saved);
    setLetter(saved);
  }
  return (
    <section className="card" aria-labelledby="letter-title">
      <h2 id="letter-title" className="card__title">
        {t("tailor.letter.title")}
      </h2>
      <button type="button" className="btn btn--secondary" disabled={busy} onClick={onDraft}>
        {letter ? t("tailor.letter.redraft") : t("tailor.letter.draft")}
      </button>
      {letter ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            onSave({ ...letter, source: "user" });
          }}
        >
          <div className="field field--wide">
            <label htmlFor="letter-greeting" className="field__label">
              {t("tailor.letter.greeting")}
            </label>
            <input
              id="letter-greeting"
              className="input"
              value={letter.greeting}
              onChange={(e) => setLetter({ ...letter, greeting: e.target.value })}
            />
          </div>
          {letter.paragraphs.map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs are edited in place and have no identity.
            <div key={i} className="field field--wide">
              <label htmlFor={`letter-p${i}`} className="field__label">
                {t("tailor.letter.paragraph", { n: i + 1 })}
              </label>
              <textarea
                id={`letter-p${i}`}
                className="input input--area"
                rows={4}
                value={p}
                onChange={(e) =>
                  setLetter({
                    ...letter,
                    paragraphs: letter.paragraphs.map((x, k) => (k === i ? e.target.value : x)),
                  })
                }
              />
            </div>
          ))}
          <div className="field field--wide">
            <label htmlFor="letter-closing" className="field__label">
              {t("tailor.letter.closing")}
            </label>
            <textarea
              id="letter-closing"
              className="input input--area"
              rows={2}
              value={letter.closing}
              onChange={(e) => setLetter({ ...letter, closing: e.target.value })}
            />
          </div>
          <div className="button-row">
            <button type="submit" className="btn btn--primary" disabled={busy}>
              {t("tailor.letter.save")}
            </button>
            <a className="btn btn--secondary" href={pdfUrl} download>
              {t("tailor.letter.pdf")}
            </a>
            <a className="btn btn--secondary" href={docxUrl} download>
              {t("tailor.letter.docx")}
            </a>
          </div>
        </form>
      ) : null}
      {saved ? (
        <CoverLetterFiles
          api={api}
          jobId={tailoring.job_id}
          tailoringId={tailoring.id}
          canKeep={!busy && letter === saved}
        />
      ) : null}
    </section>
  );
}

export function TailoringPanel({
  api,
  tailoring,
  refused = [],
  onTailoring,
  onJob,
  onRerun,
}: TailoringPanelProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const jobId = tailoring.job_id;
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(t("tailor.error", { message: errorMessage(e) }));
    } finally {
      setBusy(false);
    }
  };
  const changes = tailoring.proposals.filter((p) => p.applicable !== false);
  const accepted = changes.filter((p) => p.status === "accepted").length;

  return (
    <div className="tailoring">
      <FitReport tailoring={tailoring} />
      <section className="card" aria-labelledby="tailor-proposals-title">
        <h2 id="tailor-proposals-title" className="card__title">
          {t("tailor.proposals.title", { count: changes.length })}
        </h2>
        {changes.length === 0 ? <p className="muted">{t("tailor.proposals.none")}</p> : null}
        <ol className="proposals">
          {changes.map((p) => (
            <ProposalItem
              key={`${p.id}-${p.status}-${text(p.edited ?? "")}`}
              proposal={p}
              busy={busy}
              onDecide={(change) =>
                void run(async () => onTailoring(await api.decideProposal(jobId, tailoring.id, p.id, change)))
              }
            />
          ))}
        </ol>
        <div className="action-bar">
          <p className="action-bar__status" role="status" aria-live="polite">
            {status}
          </p>
          <div className="action-bar__buttons">
            <button
              type="button"
              className="btn btn--primary"
              disabled={busy || accepted === 0}
              onClick={() =>
                void run(async () => {
                  const out = await api.applyTailoring(jobId, tailoring.id);
                  onJob(out.job);
                  onTailoring(out.tailoring);
                  setStatus(t("tailor.applied", { count: out.applied.length }));
                })
              }
            >
              {busy ? t("tailor.applying") : t("tailor.apply", { count: accepted })}
            </button>
            <button
              type="button"
              className="btn btn--secondary"
              disabled={busy || tailoring.undo_depth === 0}
              onClick={() =>
                void run(async () => {
                  const out = await api.undoTailoring(jobId, tailoring.id);
                  onJob(out.job);
                  onTailoring(out.tailoring);
                  setStatus(t("tailor.undone"));
                })
              }
            >
              {t("tailor.undo")}
            </button>
          </div>
        </div>
        {error ? <Notice tone="error">{error}</Notice> : null}
      </section>
      <Refused refused={refused} />
      <Questions
        tailoring={tailoring}
        busy={busy}
        onSave={(answers) =>
          void run(async () => {
            onTailoring(await api.answerQuestions(jobId, tailoring.id, answers));
            onRerun();
          })
        }
      />
      <CoverLetterEditor
        api={api}
        tailoring={tailoring}
        busy={busy}
        onDraft={() => void run(async () => onTailoring(await api.draftCoverLetter(jobId, tailoring.id)))}
        onSave={(letter) =>
          void run(async () => {
            onTailoring(await api.saveCoverLetter(jobId, tailoring.id, letter));
            setStatus(t("tailor.letter.saved"));
          })
        }
        pdfUrl={api.coverLetterUrl(jobId, tailoring.id, "pdf")}
        docxUrl={api.coverLetterUrl(jobId, tailoring.id, "docx")}
      />
    </div>
  );
}
