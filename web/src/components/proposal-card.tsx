/** One optimize suggestion: where, a word-level before/after diff, why, and accept/reject. */
import type { Proposal } from "../api/types.js";
import type { Decision } from "../editor/proposal-review.js";
import { valueText } from "../editor/proposal-review.js";
import { diffWords } from "../editor/word-diff.js";
import { format } from "./proposal-messages.js";
import "./proposal-card.css";

const CATEGORIES = ["wording", "quantification", "keyword_alignment", "consistency", "length"] as const;

/** The badge text for a proposal category, in the current language. */
export function categoryLabel(category: string): string {
  return (CATEGORIES as readonly string[]).includes(category)
    ? format(`category.${category as (typeof CATEGORIES)[number]}`)
    : category;
}

function Diff({ before, after }: { before: string; after: string }) {
  const segments = diffWords(before, after);
  const side = (keep: "removed" | "added") =>
    segments
      .filter((s) => s.kind === "same" || s.kind === keep)
      .map((s, i) =>
        s.kind === "removed" ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional
          <del key={i}>{s.text}</del>
        ) : s.kind === "added" ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional
          <ins key={i}>{s.text}</ins>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional
          <span key={i}>{s.text}</span>
        ),
      );
  return (
    <div className="diff">
      <div className="diff__side">
        <span className="diff__label">{format("proposal.before")}</span>
        <p className="diff__text">
          {before === "" ? <em className="muted">{format("proposal.empty")}</em> : side("removed")}
        </p>
      </div>
      <div className="diff__side diff__side--after">
        <span className="diff__label">{format("proposal.after")}</span>
        <p className="diff__text">
          {after === "" ? <em className="muted">{format("proposal.removed")}</em> : side("added")}
        </p>
      </div>
    </div>
  );
}

export function ProposalCard({
  proposal,
  index,
  where,
  decision,
  onDecide,
}: {
  proposal: Proposal;
  index: number;
  where: string;
  decision: Decision | undefined;
  onDecide(decision: Decision): void;
}) {
  return (
    <li
      className={`proposal${decision ? ` proposal--${decision}` : ""}`}
      aria-label={format("proposal.label", { number: index + 1, where })}
    >
      <div className="proposal__head">
        <span className="badge badge--neutral">{categoryLabel(proposal.category)}</span>
        <span className="proposal__where">{where}</span>
      </div>
      <Diff before={valueText(proposal.original)} after={valueText(proposal.proposed)} />
      <p className="proposal__reason">
        <span className="visually-hidden">{format("proposal.why")}</span>
        {proposal.reason}
      </p>
      <div className="button-row">
        <button
          type="button"
          className={
            decision === "accepted" ? "btn btn--success btn--small" : "btn btn--secondary btn--small"
          }
          aria-pressed={decision === "accepted"}
          onClick={() => onDecide("accepted")}
        >
          {decision === "accepted" ? format("proposal.accepted") : format("proposal.accept")}
        </button>
        <button
          type="button"
          className={decision === "rejected" ? "btn btn--danger btn--small" : "btn btn--secondary btn--small"}
          aria-pressed={decision === "rejected"}
          onClick={() => onDecide("rejected")}
        >
          {decision === "rejected" ? format("proposal.rejected") : format("proposal.reject")}
        </button>
      </div>
    </li>
  );
}

/** A hint the author must act on (e.g. "add a metric"); it cannot be applied as is. */
export function HintItem({ proposal, where }: { proposal: Proposal; where: string }) {
  return (
    <li className="hint">
      <div className="proposal__head">
        <span className="badge badge--info">{categoryLabel(proposal.category)}</span>
        <span className="proposal__where">{where}</span>
      </div>
      <p className="hint__text">{proposal.reason}</p>
      {valueText(proposal.original) ? (
        <p className="hint__quote muted small">“{valueText(proposal.original)}”</p>
      ) : null}
    </li>
  );
}
