/**
 * The editor's table of contents: one button per section with its
 * "to check" count. Buttons, not links: the hash belongs to the router.
 * It stays in view: a sticky column beside the form, and on narrow screens a
 * sticky strip above it that scrolls sideways inside itself.
 */

import { STANDARD_SECTIONS, type StandardSection } from "../../../src/resume/model.js";
import type { Resume } from "../api/types.js";
import { format as entryText } from "../components/entry-messages.js";
import { countLowConfidence } from "../editor/confidence.js";
import { sectionTitle } from "../editor/describe-path.js";
import { format } from "../editor/review-messages.js";
import "./section-nav.css";

const ALWAYS = ["basics", "work", "education", "skills", "projects"] as const;
/** Shown only when they have entries (or on request): the model's other standard sections. */
const OPTIONAL = STANDARD_SECTIONS.filter(
  (key): key is Exclude<StandardSection, (typeof ALWAYS)[number]> =>
    !(ALWAYS as readonly string[]).includes(key),
);

/** Moves focus to a section's heading and scrolls it into view. */
export function goToSection(id: string): void {
  const heading = document.getElementById(`section-${id}`);
  if (!heading) return;
  heading.scrollIntoView({ behavior: "smooth", block: "start" });
  heading.focus({ preventScroll: true });
}

export function SectionNav({ resume, showAll }: { resume: Resume; showAll: boolean }) {
  const unplaced = resume.meta?.unplaced?.length ?? 0;
  const ids = [
    ...(unplaced > 0 ? ["unplaced"] : []),
    ...ALWAYS,
    ...OPTIONAL.filter((key) => showAll || resume[key].length > 0),
    "custom",
  ];
  return (
    <nav className="section-nav" aria-label={entryText("nav.label")}>
      <ul>
        {ids.map((id) => {
          const low = id === "unplaced" ? unplaced : countLowConfidence(resume, [id]);
          return (
            <li key={id}>
              <button type="button" className="section-nav__item" onClick={() => goToSection(id)}>
                <span>{id === "unplaced" ? format("unplaced.title") : sectionTitle(id)}</span>
                {low > 0 ? (
                  <span className="section-nav__count" title={entryText("entry.to_check", { count: low })}>
                    {low}
                    <span className="visually-hidden">{entryText("nav.to_check")}</span>
                  </span>
                ) : null}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
