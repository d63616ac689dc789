/**
 * A list of entries in one section (employers, schools, projects, …): each in
 * a card with a title, move/remove controls and its fields, plus an "Add"
 * button. `render` draws the fields of the entry at `index`.
 */
import type { ReactNode } from "react";
import { countLowConfidence } from "../editor/confidence.js";
import { useEditor } from "../editor/editor-context.js";
import { getAt, type Path } from "../editor/paths.js";
import { format as reviewText } from "../editor/review-messages.js";
import { format, type Noun, numbered } from "./entry-messages.js";
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
  mergeable = false,
  tools,
}: {
  path: Path;
  noun: Noun;
  title: (entry: Record<string, unknown>, index: number) => string;
  create: () => unknown;
  render: (index: number) => ReactNode;
  level?: 3 | 4;
  /** Offer "Merge into …" on every entry but the first: it joins the one above (a job split in two). */
  mergeable?: boolean;
  /** More controls for the entry at `index` (split, move to another list), under its header. */
  tools?: (index: number, heading: string) => ReactNode;
}) {
  const { resume, dispatch } = useEditor();
  const entries = (getAt(resume, path) as Entry[] | undefined) ?? [];
  const Heading = level === 3 ? "h3" : "h4";
  const headingOf = (list: Entry[], index: number) =>
    title(list[index] as Record<string, unknown>, index) || numbered(noun, index);
  return (
    <div className="entry-list">
      {entries.map((entry, index) => {
        const low = countLowConfidence(resume, [...path, index]);
        const heading = headingOf(entries, index);
        return (
          <section
            key={entry.id ?? index}
            className={level === 3 ? "entry" : "entry entry--nested"}
            aria-label={format("entry.labelled", {
              noun: format(`noun.${noun}`),
              number: index + 1,
              heading,
            })}
          >
            <header className="entry__header">
              <Heading className="entry__title">
                {heading}
                {low > 0 ? (
                  <span className="badge badge--warning">{format("entry.to_check", { count: low })}</span>
                ) : null}
              </Heading>
              <EntryControls listPath={path} index={index} count={entries.length} noun={noun} />
            </header>
            {mergeable && index > 0 ? (
              <div className="entry__tools">
                <button
                  type="button"
                  className="btn btn--ghost btn--small"
                  aria-label={reviewText("entry.merge.label", {
                    heading: headingOf(entries, index - 1),
                    entry: numbered(noun, index),
                    target: numbered(noun, index - 1),
                  })}
                  onClick={() => dispatch({ type: "merge", path, from: index, into: index - 1 })}
                >
                  {reviewText("entry.merge", { target: `“${headingOf(entries, index - 1)}”` })}
                </button>
                {tools?.(index, heading)}
              </div>
            ) : tools ? (
              <div className="entry__tools">{tools(index, heading)}</div>
            ) : null}
            <div className="entry__body">{render(index)}</div>
          </section>
        );
      })}
      <button
        type="button"
        className="btn btn--secondary btn--small"
        onClick={() => dispatch({ type: "insert", path, item: create() })}
      >
        {format(`entry.add.${noun}`)}
      </button>
    </div>
  );
}
