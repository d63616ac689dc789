/**
 * Which sections go into the export, and in what order. Hiding a section
 * keeps its content in the CV; both choices are saved in the job's export
 * settings (`hidden_sections`, `section_order`).
 */
import { STANDARD_SECTIONS } from "../../../src/resume/model.js";
import type { Resume } from "../api/types.js";
import { sectionTitle } from "../editor/describe-path.js";
import { format } from "./design-messages.js";
import "./section-visibility.css";

export type SectionRef = { ref: string; label: string };

/** The sections this resume has content for, as export settings name them, in the model's order. */
export function presentSections(resume: Resume | null): SectionRef[] {
  if (!resume) return [];
  const out: SectionRef[] = [];
  if (resume.basics.summary.trim()) out.push({ ref: "summary", label: sectionTitle("summary") });
  for (const key of STANDARD_SECTIONS) {
    if (resume[key].length > 0) out.push({ ref: key, label: sectionTitle(key) });
  }
  for (const section of resume.custom) out.push({ ref: `custom:${section.id}`, label: section.title });
  return out;
}

/** Present sections sorted by a saved order; sections it does not name keep their natural place after it. */
export function orderSections(present: SectionRef[], order: readonly string[]): SectionRef[] {
  const rank = (ref: string) => {
    const i = order.indexOf(ref);
    return i === -1 ? order.length : i;
  };
  return present
    .map((s, natural) => ({ s, natural }))
    .sort((a, b) => rank(a.s.ref) - rank(b.s.ref) || a.natural - b.natural)
    .map(({ s }) => s);
}

/**
 * The full `section_order` after showing `ordered` on screen: the shown refs
 * first, then refs of the saved order that are not present (kept for later).
 */
export function mergeOrder(ordered: SectionRef[], saved: readonly string[]): string[] {
  const shown = ordered.map((s) => s.ref);
  return [...shown, ...saved.filter((ref) => !shown.includes(ref))];
}

export function SectionVisibility({
  sections,
  hidden,
  onHiddenChange,
  onMove,
  disabled,
}: {
  sections: SectionRef[];
  hidden: ReadonlySet<string>;
  onHiddenChange(next: Set<string>): void;
  onMove(from: number, to: number): void;
  disabled?: boolean;
}) {
  if (sections.length === 0) return null;
  return (
    <fieldset className="choice-group" disabled={disabled}>
      <legend className="field__label">{format("visibility.legend")}</legend>
      <ol className="section-order">
        {sections.map((s, i) => (
          <li key={s.ref} className="section-order__item">
            <label className="check">
              <input
                type="checkbox"
                checked={!hidden.has(s.ref)}
                onChange={(e) => {
                  const next = new Set(hidden);
                  if (e.target.checked) next.delete(s.ref);
                  else next.add(s.ref);
                  onHiddenChange(next);
                }}
              />
              {s.label}
            </label>
            <span className="entry-controls">
              <button
                type="button"
                className="icon-btn"
                aria-label={format("visibility.up", { section: s.label })}
                disabled={i === 0}
                onClick={() => onMove(i, i - 1)}
              >
                <span aria-hidden="true">↑</span>
              </button>
              <button
                type="button"
                className="icon-btn"
                aria-label={format("visibility.down", { section: s.label })}
                disabled={i === sections.length - 1}
                onClick={() => onMove(i, i + 1)}
              >
                <span aria-hidden="true">↓</span>
              </button>
            </span>
          </li>
        ))}
      </ol>
    </fieldset>
  );
}
