/**
 * Review and edit the parsed sections, save with `If-Match`, and confirm.
 * A save that meets a newer version (412) explains what happened and offers
 * to reload it or to save over it deliberately.
 */
import { type FocusEvent, useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { useSearchParams } from "react-router";
import { ApiError, errorMessage } from "../api/problem.js";
import type { Resume } from "../api/types.js";
import { useConfirm } from "../components/confirm-dialog.js";
import { Notice } from "../components/notice.js";
import { OriginalPane } from "../components/original-pane.js";
import { countLowConfidence } from "../editor/confidence.js";
import { canRedo, canUndo, historyReducer, initHistory } from "../editor/edit-history.js";
import { EditorContext } from "../editor/editor-context.js";
import { isDirty } from "../editor/resume-editor.js";
import { format } from "../editor/review-messages.js";
import { fieldPathOf } from "../editor/source-highlight.js";
import { useApi } from "../hooks/use-api.js";
import { useBeforeUnload } from "../hooks/use-before-unload.js";
import { FIELD_PARAM, useLeaveGuard } from "../router.js";
import { BasicsSection } from "../sections/basics-section.js";
import { CustomSections } from "../sections/custom-sections.js";
import { EducationSection } from "../sections/education-section.js";
import { MoreSections } from "../sections/more-sections.js";
import { ProjectsSection } from "../sections/projects-section.js";
import { SectionNav } from "../sections/section-nav.js";
import { SkillsSection } from "../sections/skills-section.js";
import { UnplacedText } from "../sections/unplaced-text.js";
import { WorkSection } from "../sections/work-section.js";
import type { JobScreenProps } from "./job-screen.js";
import "./review-screen.css";

type SaveState =
  | { name: "idle" }
  | { name: "saving" }
  | { name: "saved" }
  | { name: "conflict" }
  | { name: "error"; message: string };

export function ReviewScreen({ versioned, onChange, reload }: JobScreenProps) {
  const api = useApi();
  const confirm = useConfirm();
  const { job, etag } = versioned;
  const [history, dispatch] = useReducer(historyReducer, job.sections as Resume, initHistory);
  const state = history.editor;
  const [announce, setAnnounce] = useState("");
  const [save, setSave] = useState<SaveState>({ name: "idle" });
  const [confirming, setConfirming] = useState(false);
  const [showAll, setShowAll] = useState(false);
  const dirty = isDirty(state);
  const loadedFor = useRef(job.updated_at);

  // Another tab of this page (optimize → apply) changed the job: take it when nothing is pending here.
  useEffect(() => {
    if (job.updated_at === loadedFor.current || !job.sections) return;
    loadedFor.current = job.updated_at;
    if (!dirty) dispatch({ type: "reset", resume: job.sections });
  }, [job, dirty]);

  // The field the person was in, to return to after saving (a Save button that becomes disabled drops focus).
  const lastField = useRef<HTMLElement | null>(null);
  const [focusedWork, setFocusedWork] = useState<{ work: number; position: number } | null>(null);
  const [focusedPath, setFocusedPath] = useState<string | null>(null);
  const onFocusIn = (e: FocusEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    if (!target.closest(".action-bar")) lastField.current = target;
    const path = fieldPathOf(target.id);
    if (path) setFocusedPath(path);
    dispatch({ type: "checkpoint" });
    const m = /^f-work\.(\d+)\.positions\.(\d+)\./.exec(target.id);
    if (m) {
      const work = Number(m[1]);
      const position = Number(m[2]);
      setFocusedWork((prev) =>
        prev?.work === work && prev.position === position ? prev : { work, position },
      );
    }
  };
  // A link from elsewhere (a glyph failure on the export screen) names the field to fix: `?field=<path>`.
  const [searchParams] = useSearchParams();
  const fieldToFix = searchParams.get(FIELD_PARAM);
  useEffect(() => {
    if (!fieldToFix) return;
    const field = document.getElementById(`f-${fieldToFix}`);
    field?.scrollIntoView({ block: "center" });
    field?.focus();
  }, [fieldToFix]);
  const restoreFocus = useRef(false);
  useEffect(() => {
    if (save.name !== "saved" || !restoreFocus.current) return;
    restoreFocus.current = false;
    const field = lastField.current;
    if (field?.isConnected && !(field as HTMLButtonElement).disabled) field.focus();
  }, [save]);

  useBeforeUnload(dirty);
  useLeaveGuard(dirty, () =>
    confirm({
      title: format("leave.title"),
      message: format("leave.message"),
      confirmLabel: format("leave.confirm"),
      cancelLabel: format("leave.cancel"),
      danger: true,
    }),
  );

  const lowCount = useMemo(() => countLowConfidence(state.resume), [state.resume]);

  const doSave = async (useEtag: string) => {
    setSave({ name: "saving" });
    try {
      const next = await api.patchJob(job.id, { sections: state.resume }, useEtag);
      loadedFor.current = next.job.updated_at;
      dispatch({ type: "load", resume: next.job.sections ?? state.resume });
      onChange(next);
      restoreFocus.current = true;
      setSave({ name: "saved" });
    } catch (e) {
      if (e instanceof ApiError && e.code === "precondition_failed") setSave({ name: "conflict" });
      else setSave({ name: "error", message: errorMessage(e) });
    }
  };

  const reloadLatest = async () => {
    const next = await reload();
    if (next?.job.sections) {
      loadedFor.current = next.job.updated_at;
      dispatch({ type: "reset", resume: next.job.sections });
      setSave({ name: "idle" });
    }
  };

  const overwrite = async () => {
    try {
      const latest = await api.getJob(job.id);
      await doSave(latest.etag);
    } catch (e) {
      setSave({ name: "error", message: errorMessage(e) });
    }
  };

  const doConfirm = async () => {
    setConfirming(true);
    try {
      // Confirming must name what the person saw: a version saved elsewhere meanwhile is a conflict.
      const latest = await api.getJob(job.id);
      if (latest.etag !== etag) {
        setSave({ name: "conflict" });
        return;
      }
      let next: Awaited<ReturnType<typeof api.confirmJob>>;
      try {
        next = await api.confirmJob(job.id, etag);
      } catch (e) {
        if (!(e instanceof ApiError && e.code === "review_flags_open")) throw e;
        // Open items are named once; confirming anyway is the person's call.
        const open = e.problem ?? {};
        const yes = await confirm({
          title: format("confirm.open.title"),
          message: format("confirm.open.message", {
            fields: open.fields?.length ?? 0,
            unplaced: open.unplaced_lines ?? 0,
            empty: open.empty_sections?.length ?? 0,
          }),
          confirmLabel: format("confirm.open.accept"),
          cancelLabel: format("confirm.open.cancel"),
        });
        if (!yes) return;
        next = await api.confirmJob(job.id, etag, true);
      }
      loadedFor.current = next.job.updated_at;
      onChange(next);
      setSave({ name: "idle" });
    } catch (e) {
      if (e instanceof ApiError && e.code === "precondition_failed") setSave({ name: "conflict" });
      else setSave({ name: "error", message: errorMessage(e) });
    } finally {
      setConfirming(false);
    }
  };

  const undo = useCallback(() => {
    dispatch({ type: "undo" });
    setAnnounce(format("history.undone"));
  }, []);
  const redo = useCallback(() => {
    dispatch({ type: "redo" });
    setAnnounce(format("history.redone"));
  }, []);

  // Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y) undo and redo every edit, Ctrl+S saves; ⌘ on macOS.
  const keys = useRef({ undo, redo, save: () => {} });
  keys.current = {
    undo,
    redo,
    save: () => {
      if (dirty && save.name !== "saving") void doSave(etag);
    },
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      if (document.querySelector("dialog[open]")) return;
      const key = e.key.toLowerCase();
      if (key === "z") {
        e.preventDefault();
        if (e.shiftKey) keys.current.redo();
        else keys.current.undo();
      } else if (key === "y" && !e.shiftKey) {
        e.preventDefault();
        keys.current.redo();
      } else if (key === "s") {
        e.preventDefault();
        keys.current.save();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const confirmReason = dirty
    ? format("confirm.reason.dirty")
    : job.cv_sections_confirmed
      ? format("confirm.reason.done")
      : null;

  return (
    <EditorContext.Provider value={{ resume: state.resume, dispatch }}>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: focusin only records where focus was */}
      <div className="review" onFocus={onFocusIn}>
        {lowCount > 0 ? (
          <Notice tone="info" title={format("review.low.title", { count: lowCount })}>
            {format("review.low.text")}
          </Notice>
        ) : null}
        {!job.cv_sections_confirmed && !dirty ? (
          <Notice tone="warning" title={format("review.confirm.title")} polite>
            {format("review.confirm.text")}
          </Notice>
        ) : null}
        {save.name === "conflict" ? (
          <Notice
            tone="error"
            title={format("review.conflict.title")}
            actions={
              <>
                <button
                  type="button"
                  className="btn btn--primary btn--small"
                  onClick={() => void reloadLatest()}
                >
                  {format("review.conflict.reload")}
                </button>
                <button
                  type="button"
                  className="btn btn--secondary btn--small"
                  onClick={() => void overwrite()}
                >
                  {format("review.conflict.overwrite")}
                </button>
              </>
            }
          >
            {format("review.conflict.text")}
          </Notice>
        ) : null}
        {save.name === "error" ? <Notice tone="error">{save.message}</Notice> : null}

        <div className="review__layout">
          <SectionNav resume={state.resume} showAll={showAll} />
          <div className="review__sections">
            <UnplacedText focused={focusedWork} />
            <BasicsSection />
            <WorkSection />
            <EducationSection />
            <SkillsSection />
            <ProjectsSection />
            <MoreSections showEmpty={showAll} />
            <CustomSections />
            <button
              type="button"
              className="btn btn--ghost"
              onClick={() => setShowAll((v) => !v)}
              aria-expanded={showAll}
            >
              {showAll ? format("review.sections.fewer") : format("review.sections.more")}
            </button>
          </div>
          {job.content_type ? (
            <OriginalPane
              jobId={job.id}
              contentType={job.content_type}
              filename={job.original_filename}
              resume={state.resume}
              focusedPath={focusedPath}
            />
          ) : null}
        </div>

        <section className="action-bar" aria-label={format("review.actions")}>
          <p className="action-bar__status" role="status">
            {save.name === "saving"
              ? format("review.status.saving")
              : dirty
                ? format("review.status.dirty")
                : save.name === "saved"
                  ? format("review.status.saved")
                  : job.cv_sections_confirmed
                    ? format("review.status.confirmed")
                    : format("review.status.clean")}
          </p>
          <p className="visually-hidden" aria-live="polite">
            {announce}
          </p>
          <div className="action-bar__buttons">
            <fieldset className="action-bar__history" aria-label={format("history.label")}>
              <button
                type="button"
                className="btn btn--ghost"
                disabled={!canUndo(history)}
                title={format("history.undo.hint")}
                aria-keyshortcuts="Control+Z"
                onClick={undo}
              >
                {format("history.undo")}
              </button>
              <button
                type="button"
                className="btn btn--ghost"
                disabled={!canRedo(history)}
                title={format("history.redo.hint")}
                aria-keyshortcuts="Control+Shift+Z"
                onClick={redo}
              >
                {format("history.redo")}
              </button>
            </fieldset>
            <button
              type="button"
              className="btn btn--secondary"
              disabled={!dirty || save.name === "saving"}
              onClick={() => dispatch({ type: "reset", resume: job.sections as Resume })}
            >
              {format("review.discard")}
            </button>
            <button
              type="button"
              className="btn btn--primary"
              disabled={!dirty || save.name === "saving"}
              aria-keyshortcuts="Control+S"
              title={format("save.keyboard")}
              onClick={() => void doSave(etag)}
            >
              {format("review.save")}
            </button>
            <button
              type="button"
              className="btn btn--success"
              disabled={confirmReason !== null || confirming}
              aria-describedby={confirmReason ? "confirm-reason" : undefined}
              onClick={() => void doConfirm()}
            >
              {job.cv_sections_confirmed ? format("review.confirmed") : format("review.confirm")}
            </button>
          </div>
          {confirmReason && dirty ? (
            <p id="confirm-reason" className="action-bar__reason small">
              {confirmReason}
            </p>
          ) : confirmReason ? (
            <span id="confirm-reason" className="visually-hidden">
              {confirmReason}
            </span>
          ) : null}
        </section>
      </div>
    </EditorContext.Provider>
  );
}
