/**
 * Form controls bound to a path in the resume being edited. Each shows a
 * "please check" hint when the parser's confidence for its field is low; the
 * hint disappears once the field is edited (the edit is the review).
 */
import { useId, useState } from "react";
import type { DateRange } from "../../../src/resume/model.js";
import { parseDateText } from "../../../src/resume/parse/layout/dates.js";
import { isLowConfidence } from "../editor/confidence.js";
import { useEditor } from "../editor/editor-context.js";
import { getAt, type Path, pathKey } from "../editor/paths.js";
import { format, type Noun, numbered } from "./entry-messages.js";
import "./fields.css";

function LowConfidenceHint({ id }: { id: string }) {
  return (
    <span id={id} className="field__hint field__hint--low">
      {format("field.check")}
    </span>
  );
}

type FieldProps = {
  path: Path;
  label: string;
  multiline?: boolean;
  type?: "text" | "email" | "tel" | "url";
  placeholder?: string;
  autoComplete?: string;
  wide?: boolean;
};

/** A text input or textarea for one string field. */
export function TextField({
  path,
  label,
  multiline,
  type = "text",
  placeholder,
  autoComplete,
  wide,
}: FieldProps) {
  const { resume, dispatch } = useEditor();
  const id = `f-${pathKey(path)}`;
  const hintId = `${id}-hint`;
  const low = isLowConfidence(resume, path);
  const value = (getAt(resume, path) as string | undefined) ?? "";
  const onChange = (v: string) => dispatch({ type: "set", path, value: v });
  const className = ["field", low ? "field--low" : "", wide || multiline ? "field--wide" : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <div className={className} data-low-confidence={low || undefined}>
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      {multiline ? (
        <textarea
          id={id}
          className="input input--area"
          value={value}
          rows={Math.min(10, Math.max(3, Math.ceil(value.length / 90)))}
          placeholder={placeholder}
          aria-describedby={low ? hintId : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      ) : (
        <input
          id={id}
          className="input"
          type={type}
          value={value}
          placeholder={placeholder}
          autoComplete={autoComplete ?? "off"}
          aria-describedby={low ? hintId : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {low ? <LowConfidenceHint id={hintId} /> : null}
    </div>
  );
}

/**
 * A date range as the person wrote it ("Mar 2019 – Present"). The structured
 * start/end/current are re-read from the text with the parser's own date
 * reader on every change, so they never disagree with what is shown.
 */
export function DateRangeField({ path, label }: { path: Path; label: string }) {
  const { resume, dispatch } = useEditor();
  const id = `f-${pathKey(path)}`;
  const hintId = `${id}-hint`;
  const range = (getAt(resume, path) as DateRange | undefined) ?? { text: "" };
  const low = isLowConfidence(resume, path) || isLowConfidence(resume, [...path, "text"]);
  return (
    <div className={low ? "field field--low" : "field"} data-low-confidence={low || undefined}>
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <input
        id={id}
        className="input"
        value={range.text}
        placeholder={format("field.dates.placeholder")}
        aria-describedby={low ? hintId : undefined}
        onChange={(e) => {
          const text = e.target.value;
          dispatch({ type: "set", path, value: { ...parseDateText(text), text } });
        }}
      />
      {low ? <LowConfidenceHint id={hintId} /> : null}
    </div>
  );
}

/** Up, down and remove buttons for one list entry. */
export function EntryControls({
  listPath,
  index,
  count,
  noun,
}: {
  listPath: Path;
  index: number;
  count: number;
  noun: Noun;
}) {
  const { dispatch } = useEditor();
  const position = numbered(noun, index);
  return (
    <div className="entry-controls">
      <button
        type="button"
        className="icon-btn"
        aria-label={format("entry.move_up", { position })}
        title={format("entry.move_up.hint")}
        disabled={index === 0}
        onClick={() => dispatch({ type: "move", path: listPath, from: index, to: index - 1 })}
      >
        <span aria-hidden="true">↑</span>
      </button>
      <button
        type="button"
        className="icon-btn"
        aria-label={format("entry.move_down", { position })}
        title={format("entry.move_down.hint")}
        disabled={index === count - 1}
        onClick={() => dispatch({ type: "move", path: listPath, from: index, to: index + 1 })}
      >
        <span aria-hidden="true">↓</span>
      </button>
      <button
        type="button"
        className="icon-btn icon-btn--danger"
        aria-label={format("entry.remove", { position })}
        title={format("entry.remove.hint")}
        onClick={() => dispatch({ type: "remove", path: listPath, index })}
      >
        <span aria-hidden="true">✕</span>
      </button>
    </div>
  );
}

/** An editable list of short strings: bullets, keywords, courses. */
export function StringListField({
  path,
  label,
  itemNoun,
  multiline = true,
}: {
  path: Path;
  label: string;
  itemNoun: Noun;
  multiline?: boolean;
}) {
  const { resume, dispatch } = useEditor();
  const groupId = useId();
  const items = (getAt(resume, path) as string[] | undefined) ?? [];
  return (
    <fieldset className="string-list field--wide" aria-labelledby={groupId}>
      <legend id={groupId} className="field__label">
        {label}
      </legend>
      {items.length === 0 ? <p className="muted small">{format("field.list.none")}</p> : null}
      <ol className="string-list__items">
        {items.map((_, i) => {
          const itemPath = [...path, i];
          const low = isLowConfidence(resume, itemPath);
          const id = `f-${pathKey(itemPath)}`;
          return (
            // Bullets have no ids; the index is their identity while editing.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <li key={i} className={low ? "string-list__item field--low" : "string-list__item"}>
              <label htmlFor={id} className="visually-hidden">
                {numbered(itemNoun, i)}
              </label>
              {multiline ? (
                <textarea
                  id={id}
                  className="input input--area input--bullet"
                  rows={Math.min(6, Math.max(1, Math.ceil((items[i] ?? "").length / 80)))}
                  value={items[i] ?? ""}
                  aria-describedby={low ? `${id}-hint` : undefined}
                  onChange={(e) => dispatch({ type: "set", path: itemPath, value: e.target.value })}
                />
              ) : (
                <input
                  id={id}
                  className="input"
                  value={items[i] ?? ""}
                  aria-describedby={low ? `${id}-hint` : undefined}
                  onChange={(e) => dispatch({ type: "set", path: itemPath, value: e.target.value })}
                />
              )}
              <EntryControls listPath={path} index={i} count={items.length} noun={itemNoun} />
              {low ? <LowConfidenceHint id={`${id}-hint`} /> : null}
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="btn btn--ghost btn--small"
        onClick={() => dispatch({ type: "insert", path, item: "" })}
      >
        {format(`entry.add.${itemNoun}`)}
      </button>
    </fieldset>
  );
}

/** A comma-separated list (skill keywords, technologies) edited as one line. */
export function CommaListField({ path, label }: { path: Path; label: string }) {
  const { resume, dispatch } = useEditor();
  const id = `f-${pathKey(path)}`;
  const items = (getAt(resume, path) as string[] | undefined) ?? [];
  const joined = items.join(", ");
  const [draft, setDraft] = useState<string | null>(null);
  const low = isLowConfidence(resume, path);
  return (
    <div className={low ? "field field--wide field--low" : "field field--wide"}>
      <label htmlFor={id} className="field__label">
        {label} <span className="muted small">{format("field.commas")}</span>
      </label>
      <input
        id={id}
        className="input"
        value={draft ?? joined}
        aria-describedby={low ? `${id}-hint` : undefined}
        onFocus={() => setDraft(joined)}
        onBlur={() => setDraft(null)}
        onChange={(e) => {
          setDraft(e.target.value);
          const next = e.target.value
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean);
          dispatch({ type: "set", path, value: next });
        }}
      />
      {low ? <LowConfidenceHint id={`${id}-hint`} /> : null}
    </div>
  );
}
