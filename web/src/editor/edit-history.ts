/**
 * Undo and redo over the editor reducer: every edit pushes the resume it
 * replaced, so any edit (a typo, a removed entry, a merge, a placed line) can
 * be taken back and redone. Keystrokes into one field make one step until
 * another field is edited or a `checkpoint` is set (focus moved). Loading a
 * saved resume keeps the history, so an edit can still be undone after saving;
 * only a different document (a reload) starts it over.
 */
import type { Resume } from "../api/types.js";
import { type EditorAction, type EditorState, editorReducer, initEditor } from "./resume-editor.js";

/** Steps kept; older ones are forgotten. */
export const HISTORY_LIMIT = 200;

export type HistoryState = {
  editor: EditorState;
  past: Resume[];
  future: Resume[];
  /** The field the last step typed into: the next keystroke there joins that step. */
  typing: string | null;
};

export type HistoryAction =
  | EditorAction
  | { type: "undo" }
  | { type: "redo" }
  /** Ends the current typing step (focus moved to another field). */
  | { type: "checkpoint" }
  /** Start over with no history (another version was loaded). */
  | { type: "reset"; resume: Resume };

export function initHistory(resume: Resume): HistoryState {
  return { editor: initEditor(resume), past: [], future: [], typing: null };
}

export const canUndo = (state: HistoryState) => state.past.length > 0;
export const canRedo = (state: HistoryState) => state.future.length > 0;

export function historyReducer(state: HistoryState, action: HistoryAction): HistoryState {
  switch (action.type) {
    case "undo": {
      const previous = state.past.at(-1);
      if (!previous) return state;
      return {
        editor: { ...state.editor, resume: previous },
        past: state.past.slice(0, -1),
        future: [state.editor.resume, ...state.future],
        typing: null,
      };
    }
    case "redo": {
      const [next, ...rest] = state.future;
      if (!next) return state;
      return {
        editor: { ...state.editor, resume: next },
        past: [...state.past, state.editor.resume],
        future: rest,
        typing: null,
      };
    }
    case "checkpoint":
      return state.typing === null ? state : { ...state, typing: null };
    case "reset":
      return initHistory(action.resume);
    case "load": {
      // A save: the saved resume becomes the baseline, and the steps before it stay undoable.
      const editor = editorReducer(state.editor, action);
      return { ...state, editor, typing: null };
    }
    default: {
      const editor = editorReducer(state.editor, action);
      if (editor === state.editor) return state;
      const typing = action.type === "set" ? action.path.join(".") : null;
      if (typing !== null && typing === state.typing) return { ...state, editor, future: [] };
      return {
        editor,
        past: [...state.past, state.editor.resume].slice(-HISTORY_LIMIT),
        future: [],
        typing,
      };
    }
  }
}
