/**
 * The editor's state as a pure reducer: every change to the resume being
 * edited goes through `editorReducer`, so dirty tracking and confidence
 * bookkeeping are in one place and unit-testable without a browser.
 *
 * Dirty tracking compares the current resume with the last saved one
 * (`baseline`, serialized once per save), so undoing an edit by hand makes the
 * editor clean again.
 */
import { MODEL_LIMITS, resumeSchema } from "../../../src/resume/model.js";
import type { Resume } from "../api/types.js";
import { blank } from "./blank-entries.js";
import { clearConfidence, reindexConfidence } from "./confidence.js";
import { getAt, type Path, pathKey, setAt, updateAt } from "./paths.js";

export type EditorState = {
  resume: Resume;
  /** The saved resume serialized: the reference for `isDirty`. */
  baseline: string;
};

export type EditorAction =
  /** Replace one field's value (strings, booleans, date ranges…). */
  | { type: "set"; path: Path; value: unknown }
  /** Insert `item` into the list at `path` (at the end unless `index` is given). */
  | { type: "insert"; path: Path; item: unknown; index?: number }
  /** Remove the list element `index` of the list at `path`. */
  | { type: "remove"; path: Path; index: number }
  /** Move a list element from one index to another. */
  | { type: "move"; path: Path; from: number; to: number }
  /** Move a list element into another list (a position to another employer), at its end. */
  | { type: "transfer"; from: Path; index: number; to: Path }
  /** Merge the element `from` of the list at `path` into the element `into` (see `mergeEntries`). */
  | { type: "merge"; path: Path; from: number; into: number }
  /** Split employer `index`: its positions from `at` on become a new employer with the same details. */
  | { type: "split"; index: number; at: number }
  /** Put an unplaced source line into the resume (or drop it) and take it off the unplaced list. */
  | { type: "place"; lineId: string; target: PlaceTarget }
  /** Start over from a resume that is known to be saved (load, save, reload). */
  | { type: "load"; resume: Resume };

/** Where an unplaced line can go: a new entry of a section, a bullet of a position, the summary, or nowhere. */
export type PlaceTarget =
  | {
      kind: "new-entry";
      section: "work" | "education" | "projects" | "skills" | "certificates" | "languages";
    }
  | { kind: "bullet"; work: number; position: number }
  | { kind: "summary" }
  | { kind: "discard" };

/** The caps of list fields that a merge may lengthen (the model refuses longer lists). */
const LIST_CAPS: Record<string, number> = {
  positions: MODEL_LIMITS.positions,
  highlights: MODEL_LIMITS.highlights,
  keywords: MODEL_LIMITS.keywords,
  courses: MODEL_LIMITS.highlights,
  profiles: MODEL_LIMITS.profiles,
  items: MODEL_LIMITS.entries,
};

const isEmptyValue = (v: unknown) =>
  v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);

/**
 * Entry `b` merged into entry `a` (a job the parser split in two): `a` keeps
 * its id and its values, an empty field of `a` takes `b`'s, lists are
 * concatenated (`b`'s items after `a`'s) and differing long texts are joined
 * by a blank line. Null when the result would break a cap of the model.
 */
export function mergeEntries(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
): Record<string, unknown> | null {
  const out: Record<string, unknown> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    if (key === "id" || isEmptyValue(value)) continue;
    const mine = out[key];
    if (isEmptyValue(mine)) out[key] = value;
    else if (Array.isArray(mine) && Array.isArray(value)) {
      const joined = [...mine, ...value];
      if (joined.length > (LIST_CAPS[key] ?? MODEL_LIMITS.highlights)) return null;
      out[key] = joined;
    } else if ((key === "summary" || key === "description") && typeof mine === "string" && mine !== value) {
      const joined = `${mine}\n\n${String(value)}`;
      if (joined.length > MODEL_LIMITS.longText) return null;
      out[key] = joined;
    }
  }
  return out;
}

/** A fresh entry id, in the model's format (what the schema's default makes). */
function freshId(): string {
  return globalThis.crypto.randomUUID();
}

/** The content fields that dirty tracking compares (meta only follows content). */
function serialize(resume: Resume): string {
  const { meta: _meta, ...content } = resume;
  return JSON.stringify(content);
}

/**
 * The resume with every default filled in (ids, empty lists, `meta`), so the
 * editor never meets a missing branch; an invalid document is kept as it is
 * and the server's validation explains it on save.
 */
export function normalizeResume(resume: Resume): Resume {
  const parsed = resumeSchema.safeParse(resume);
  return parsed.success ? parsed.data : resume;
}

/** Editor state for a freshly loaded (saved) resume. */
export function initEditor(resume: Resume): EditorState {
  const normalized = normalizeResume(resume);
  return { resume: normalized, baseline: serialize(normalized) };
}

/** True when the resume differs from the last saved version. */
export function isDirty(state: EditorState): boolean {
  return serialize(state.resume) !== state.baseline;
}

function listAt(resume: Resume, path: Path): unknown[] {
  const value = getAt(resume, path);
  return Array.isArray(value) ? value : [];
}

function withConfidence(resume: Resume, confidence: Record<string, number>): Resume {
  if (confidence === resume.meta?.confidence) return resume;
  return { ...resume, meta: { ...resume.meta, confidence } };
}

/** Applies one edit; returns the same state object when nothing changed. */
export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  const { resume } = state;
  switch (action.type) {
    case "load":
      return initEditor(action.resume);
    case "set": {
      if (Object.is(getAt(resume, action.path), action.value)) return state;
      const next = setAt(resume, action.path, action.value);
      return {
        ...state,
        resume: withConfidence(next, clearConfidence(next.meta?.confidence ?? {}, action.path)),
      };
    }
    case "insert": {
      const list = listAt(resume, action.path);
      const index = Math.max(0, Math.min(action.index ?? list.length, list.length));
      const nextList = [...list.slice(0, index), action.item, ...list.slice(index)];
      const next = setAt(resume, action.path, nextList);
      const confidence = reindexConfidence(next.meta?.confidence ?? {}, action.path, (i) =>
        i >= index ? i + 1 : i,
      );
      return { ...state, resume: withConfidence(next, confidence) };
    }
    case "remove": {
      const list = listAt(resume, action.path);
      if (action.index < 0 || action.index >= list.length) return state;
      const next = updateAt(resume, action.path, () => list.filter((_, i) => i !== action.index));
      const confidence = reindexConfidence(next.meta?.confidence ?? {}, action.path, (i) =>
        i === action.index ? null : i > action.index ? i - 1 : i,
      );
      return { ...state, resume: withConfidence(next, confidence) };
    }
    case "transfer": {
      const source = listAt(resume, action.from);
      if (action.index < 0 || action.index >= source.length) return state;
      if (pathKey(action.from) === pathKey(action.to)) return state;
      const target = listAt(resume, action.to);
      if (!Array.isArray(getAt(resume, action.to))) return state;
      const item = source[action.index];
      const removed = setAt(
        resume,
        action.from,
        source.filter((_, i) => i !== action.index),
      );
      const next = setAt(removed, action.to, [...target, item]);
      let confidence = reindexConfidence(next.meta?.confidence ?? {}, action.from, (i) =>
        i === action.index ? null : i > action.index ? i - 1 : i,
      );
      confidence = clearConfidence(confidence, action.to);
      return { ...state, resume: withConfidence(next, confidence) };
    }
    case "merge": {
      const list = listAt(resume, action.path);
      const { from, into } = action;
      if (from === into || from < 0 || into < 0 || from >= list.length || into >= list.length) return state;
      const merged = mergeEntries(
        list[into] as Record<string, unknown>,
        list[from] as Record<string, unknown>,
      );
      if (!merged) return state;
      const nextList = list.map((e, i) => (i === into ? merged : e)).filter((_, i) => i !== from);
      const next = setAt(resume, action.path, nextList);
      const confidence = reindexConfidence(next.meta?.confidence ?? {}, action.path, (i) =>
        i === from ? null : i > from ? i - 1 : i,
      );
      return { ...state, resume: withConfidence(next, confidence) };
    }
    case "split": {
      const { index, at } = action;
      const employer = resume.work[index];
      if (!employer || at <= 0 || at >= employer.positions.length) return state;
      const first = { ...employer, positions: employer.positions.slice(0, at) };
      const second = { ...employer, id: freshId(), positions: employer.positions.slice(at) };
      const work = [...resume.work.slice(0, index), first, second, ...resume.work.slice(index + 1)];
      const next = { ...resume, work };
      const confidence = reindexConfidence(next.meta?.confidence ?? {}, ["work"], (i) =>
        i > index ? i + 1 : i,
      );
      return { ...state, resume: withConfidence(next, confidence) };
    }
    case "place": {
      const unplaced = resume.meta?.unplaced ?? [];
      const line = unplaced.find((u) => u.id === action.lineId);
      if (!line) return state;
      const placed = placeText(resume, line.text.trim(), action.target);
      if (!placed) return state;
      return {
        ...state,
        resume: {
          ...placed,
          meta: { ...placed.meta, unplaced: unplaced.filter((u) => u.id !== action.lineId) },
        },
      };
    }
    case "move": {
      const list = listAt(resume, action.path);
      const { from, to } = action;
      if (from === to || from < 0 || to < 0 || from >= list.length || to >= list.length) return state;
      const nextList = list.slice();
      const [moved] = nextList.splice(from, 1);
      nextList.splice(to, 0, moved);
      const next = setAt(resume, action.path, nextList);
      const confidence = reindexConfidence(next.meta?.confidence ?? {}, action.path, (i) => {
        if (i === from) return to;
        if (from < to && i > from && i <= to) return i - 1;
        if (from > to && i >= to && i < from) return i + 1;
        return i;
      });
      return { ...state, resume: withConfidence(next, confidence) };
    }
  }
}

/** The resume with `text` put where `target` says; null when the target does not exist or is full. */
function placeText(resume: Resume, text: string, target: PlaceTarget): Resume | null {
  switch (target.kind) {
    case "discard":
      return resume;
    case "summary": {
      const summary = resume.basics.summary ? `${resume.basics.summary}\n${text}` : text;
      if (summary.length > MODEL_LIMITS.longText) return null;
      return setAt(resume, ["basics", "summary"], summary);
    }
    case "bullet": {
      const path = ["work", target.work, "positions", target.position, "highlights"];
      const highlights = getAt(resume, path);
      if (!Array.isArray(highlights) || highlights.length >= MODEL_LIMITS.highlights) return null;
      return setAt(resume, path, [...highlights, text.slice(0, MODEL_LIMITS.longText)]);
    }
    case "new-entry": {
      const list = resume[target.section];
      if (list.length >= MODEL_LIMITS.entries) return null;
      const short = text.slice(0, MODEL_LIMITS.shortText);
      const entry = newEntryWith(target.section, short);
      return { ...resume, [target.section]: [...list, entry] };
    }
  }
}

function newEntryWith(section: Extract<PlaceTarget, { kind: "new-entry" }>["section"], text: string) {
  switch (section) {
    case "work":
      return { ...blank.work(), name: text };
    case "education":
      return { ...blank.education(), institution: text };
    case "projects":
      return { ...blank.projects(), name: text };
    case "skills":
      return { ...blank.skills(), name: text };
    case "certificates":
      return { ...blank.certificates(), name: text };
    case "languages":
      return { ...blank.languages(), language: text };
  }
}
