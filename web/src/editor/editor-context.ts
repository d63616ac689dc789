import { createContext, type Dispatch, useContext } from "react";
import type { Resume } from "../api/types.js";
import type { EditorAction } from "./resume-editor.js";

export type EditorContextValue = { resume: Resume; dispatch: Dispatch<EditorAction> };

/** The resume being edited and the reducer's dispatch, for the section components. */
export const EditorContext = createContext<EditorContextValue | null>(null);

export function useEditor(): EditorContextValue {
  const value = useContext(EditorContext);
  if (!value) throw new Error("useEditor outside EditorContext");
  return value;
}
