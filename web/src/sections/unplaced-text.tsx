/**
 * "Unplaced text": the source lines the parser put in no field
 * (`meta.unplaced`), each with a "Move to…" menu that puts it into a section
 * in one more click: a new entry, a bullet of the position in focus (or the
 * first one), the summary, or nowhere. Shown only while lines are left.
 */
import { useEffect, useRef } from "react";
import type { Resume } from "../api/types.js";
import { useEditor } from "../editor/editor-context.js";
import type { PlaceTarget } from "../editor/resume-editor.js";
import { format, type ReviewMessageId } from "../editor/review-messages.js";
import { SectionCard } from "./section-card.js";
import "./unplaced-text.css";

type Option = { target: PlaceTarget; label: string };

const NEW_ENTRY: [Extract<PlaceTarget, { kind: "new-entry" }>["section"], ReviewMessageId][] = [
  ["work", "unplaced.to.work"],
  ["education", "unplaced.to.education"],
  ["projects", "unplaced.to.projects"],
  ["skills", "unplaced.to.skills"],
  ["certificates", "unplaced.to.certificates"],
  ["languages", "unplaced.to.languages"],
];

/** The position a bullet goes to: the one in focus when it still exists, else the first one. */
function bulletTarget(
  resume: Resume,
  focused: { work: number; position: number } | null,
): { work: number; position: number; name: string } | null {
  const pick =
    focused && resume.work[focused.work]?.positions[focused.position] ? focused : { work: 0, position: 0 };
  const employer = resume.work[pick.work];
  const position = employer?.positions[pick.position];
  if (!employer || !position) return null;
  const name = [position.title, employer.name].filter(Boolean).join(", ") || format("unplaced.to.work");
  return { ...pick, name };
}

export function placeOptions(resume: Resume, focused: { work: number; position: number } | null): Option[] {
  const options: Option[] = [
    { target: { kind: "new-entry", section: "work" }, label: format("unplaced.to.work") },
  ];
  const bullet = bulletTarget(resume, focused);
  if (bullet)
    options.push({
      target: { kind: "bullet", work: bullet.work, position: bullet.position },
      label: format("unplaced.to.bullet", { entry: `“${bullet.name}”` }),
    });
  for (const [section, id] of NEW_ENTRY.slice(1))
    options.push({ target: { kind: "new-entry", section }, label: format(id) });
  options.push({ target: { kind: "summary" }, label: format("unplaced.to.summary") });
  return options;
}

export function UnplacedText({ focused }: { focused: { work: number; position: number } | null }) {
  const { resume, dispatch } = useEditor();
  const lines = resume.meta?.unplaced ?? [];
  const listRef = useRef<HTMLUListElement>(null);
  const placedIndex = useRef<number | null>(null);

  // After a line is placed, focus goes to the next line's menu (or the section heading when none is left).
  useEffect(() => {
    const index = placedIndex.current;
    if (index === null) return;
    placedIndex.current = null;
    const summaries = listRef.current?.querySelectorAll<HTMLElement>("summary");
    const next = summaries?.[Math.min(index, summaries.length - 1)];
    if (next) next.focus();
    else document.getElementById("section-basics")?.focus();
  });

  if (lines.length === 0) return null;
  const options = placeOptions(resume, focused);
  const place = (index: number, lineId: string, target: PlaceTarget) => {
    placedIndex.current = index;
    dispatch({ type: "place", lineId, target });
  };

  return (
    <SectionCard id="unplaced" title={format("unplaced.title")} description={format("unplaced.intro")}>
      <ul className="unplaced" ref={listRef}>
        {lines.map((line, index) => (
          <li key={line.id} className="unplaced__line">
            <span className="unplaced__text">{line.text}</span>
            <details className="unplaced__menu">
              <summary
                className="btn btn--secondary btn--small"
                aria-label={format("unplaced.move.label", { text: line.text.slice(0, 80) })}
              >
                {format("unplaced.move")}
              </summary>
              <ul className="unplaced__options">
                {options.map((option) => (
                  <li key={option.label}>
                    <button
                      type="button"
                      className="unplaced__option"
                      onClick={() => place(index, line.id, option.target)}
                    >
                      {option.label}
                    </button>
                  </li>
                ))}
                <li>
                  <button
                    type="button"
                    className="unplaced__option unplaced__option--discard"
                    onClick={() => place(index, line.id, { kind: "discard" })}
                  >
                    {format("unplaced.discard")}
                  </button>
                </li>
              </ul>
            </details>
          </li>
        ))}
      </ul>
    </SectionCard>
  );
}
