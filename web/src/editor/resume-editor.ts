/**
 * The editor's state as a pure reducer: every change to the resume being
 * edited goes through `editorReducer`, so dirty tracking and confidence
 * bookkeeping are in one place and unit-testable without a browser.
 *
 * Dirty tracking compares the current resume with the last saved one
 * (`baseline`, serialized once per save), so undoing an edit by hand makes the
 * editor clean again.
 */
import { resumeSchema } from "../../../src/resume/model.js";
import type { Resume } from "../api/types.js";
import { clearConfidence, reindexConfidence } from "./confidence.js";
import { getAt, type Path, setAt, updateAt } from "./paths.js";

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
  /** Start over from a resume that is known to be saved (load, save, reload). */
  | { type: "load"; resume: Resume };

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
