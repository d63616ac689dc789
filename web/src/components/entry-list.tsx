/**
 * A list of entries in one section (employers, schools, projects, …): each in
 * a card with a title, move/remove controls and its fields, plus an "Add"
 * button. `render` draws the fields of the entry at `index`.
 */
import type { ReactNode } from "react";
import { countLowConfidence } from "../editor/confidence.js";
import { useEditor } from "../editor/editor-context.js";
import { getAt, type Path } from "../editor/paths.js";
import { EntryControls } from "./fields.js";
import "./entry-list.css";

type Entry = { id?: string };

export function EntryList({
  path,
  noun,
  title,
  create,
  render,
  level = 3,
}: {
  path: Path;
  noun: string;
  title: (entry: Record<string, unknown>, index: number) => string;
  create: () => unknown;
  render: (index: number) => ReactNode;
  level?: 3 | 4;
}) {
  const { resume, dispatch } = useEditor();
  const entries = (getAt(resume, path) as Entry[] | undefined) ?? [];
  const Heading = level === 3 ? "h3" : "h4";
  return (
    <div className="entry-list">
      {entries.map((entry, index) => {
        const low = countLowConfidence(resume, [...path, index]);
        const heading = title(entry as Record<string, unknown>, index) || `${noun} ${index + 1}`;
        return (
          <section
            key={entry.id ?? index}
            className={level === 3 ? "entry" : "entry entry--nested"}
            aria-label={`${noun} ${index + 1}: ${heading}`}
          >
            <header className="entry__header">
              <Heading className="entry__title">
                {heading}
                {low > 0 ? <span className="badge badge--warning">{low} to check</span> : null}
              </Heading>
              <EntryControls listPath={path} index={index} count={entries.length} noun={noun} />
            </header>
            <div className="entry__body">{render(index)}</div>
          </section>
        );
      })}
      <button
        type="button"
        className="btn btn--secondary btn--small"
        onClick={() => dispatch({ type: "insert", path, item: create() })}
      >
        + Add {noun.toLowerCase()}
      </button>
    </div>
  );
}
