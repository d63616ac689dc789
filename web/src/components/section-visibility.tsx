/**
 * Which sections go into the export. Hiding a section keeps its content in
 * the CV; the choice is saved in the job's export settings (`hidden_sections`).
 */
import { STANDARD_SECTIONS } from "../../../src/resume/model.js";
import type { Resume } from "../api/types.js";
import { sectionTitle } from "../editor/describe-path.js";

/** The sections this resume has content for, as export settings name them. */
export function presentSections(resume: Resume | null): { ref: string; label: string }[] {
  if (!resume) return [];
  const out: { ref: string; label: string }[] = [];
  if (resume.basics.summary.trim()) out.push({ ref: "summary", label: "Summary" });
  for (const key of STANDARD_SECTIONS) {
    if (resume[key].length > 0) out.push({ ref: key, label: sectionTitle(key) });
  }
  for (const section of resume.custom) out.push({ ref: `custom:${section.id}`, label: section.title });
  return out;
}

export function SectionVisibility({
  resume,
  hidden,
  onChange,
  disabled,
}: {
  resume: Resume | null;
  hidden: ReadonlySet<string>;
  onChange(next: Set<string>): void;
  disabled?: boolean;
}) {
  const sections = presentSections(resume);
  if (sections.length === 0) return null;
  return (
    <fieldset className="choice-group" disabled={disabled}>
      <legend className="field__label">Sections to include</legend>
      <div className="section-checks">
        {sections.map((s) => (
          <label key={s.ref} className="check">
            <input
              type="checkbox"
              checked={!hidden.has(s.ref)}
              onChange={(e) => {
                const next = new Set(hidden);
                if (e.target.checked) next.delete(s.ref);
                else next.add(s.ref);
                onChange(next);
              }}
            />
            {s.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
