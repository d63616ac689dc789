/**
 * The HTTP JSON shapes the UI consumes (snake_case, as the API sends them).
 * Jobs, tasks, artifacts and events are the API's own response schemas
 * (`src/http/schemas.ts`, zod), imported as types only so nothing of the
 * server is bundled; the resume and export settings, which the API sends as
 * loose records, are narrowed to the resume model's types so the editor
 * cannot drift from the model.
 */
import type {
  ActivityJson,
  ArtifactJson,
  EventJson,
  JobJson,
  JobSummaryJson,
  LimitsJson,
  TaskJson,
} from "../../../src/http/schemas.js";
import type { Resume } from "../../../src/resume/model.js";
import type { Proposal } from "../../../src/resume/optimize/proposal.js";
import type { ExportSettings } from "../../../src/resume/settings.js";
import { type JobParseStatus, type TaskStatus, TERMINAL_STATUSES } from "../../../src/task-states.js";

export type { ExportSettings, Resume, TaskStatus };
export type ParseStatus = JobParseStatus;

export type Job = Omit<JobJson, "sections" | "export_settings"> & {
  sections: Resume | null;
  export_settings: ExportSettings;
};

/** A job in a list: no sections or settings, but whose CV it is. */
export type JobSummary = JobSummaryJson;

export type Task = TaskJson;

export type { ArtifactKind } from "../../../src/resume/export-kinds.js";

import type { ArtifactKind } from "../../../src/resume/export-kinds.js";

export type Artifact = ArtifactJson;

export type JobEvent = EventJson;

/** One action of a job's activity (a task from queued to its end, or one edit), newest first. */
export type Activity = ActivityJson;

/** What the server accepts for an upload (`GET /limits`). */
export type Limits = LimitsJson;

/**
 * One suggested edit at a dotted path; `original`/`proposed` are text or a
 * string list (keywords, skill order); `applicable: false` marks a hint the
 * author must act on (e.g. "add a metric") that cannot be applied as is.
 */
export type { Proposal, ProposalCategory } from "../../../src/resume/optimize/proposal.js";

export type KeywordCoverage = { score: number; matched: string[]; missing: string[] };

export type OptimizeResult = {
  engine: string;
  keyword_coverage: KeywordCoverage | null;
  proposals: Proposal[];
  /** Set when a posting was given: the kept tailoring to open. */
  tailoring_id?: string | null;
  /** Proposals the guards refused (a fabricated fact, a locked field, …), with the reason. */
  rejected?: RefusedProposal[];
};

/** A proposal an engine made that the guards refused: never offered for accepting. */
export type RefusedProposal = { path: string; proposed: string | string[]; reason: string };

export type { CoverLetter } from "../../../src/resume/cover-letter/cover-letter.js";
export type { JobAnalysis } from "../../../src/resume/job/analysis.js";
export type { FitReport, RequirementFit } from "../../../src/resume/job/fit-report.js";
export type { Question } from "../../../src/resume/optimize/questions.js";
export type { StoredProposal } from "../../../src/resume/optimize/stored-proposals.js";

import type { CoverLetter } from "../../../src/resume/cover-letter/cover-letter.js";
import type { JobAnalysis } from "../../../src/resume/job/analysis.js";
import type { FitReport } from "../../../src/resume/job/fit-report.js";
import type { Question } from "../../../src/resume/optimize/questions.js";
import type { StoredProposal } from "../../../src/resume/optimize/stored-proposals.js";

/** A posting the CV is tailored to, with the kept work (GET /jobs/{id}/tailorings/{tid}). */
export type Tailoring = {
  id: string;
  job_id: string;
  posting: string;
  engine: "builtin" | "llm";
  task_id: string | null;
  analysis: JobAnalysis | null;
  fit: FitReport | null;
  proposals: StoredProposal[];
  questions: Question[];
  answers: { question_id: string; question: string; answer: string }[];
  cover_letter: CoverLetter | null;
  undo_depth: number;
  created_at: string;
  updated_at: string;
};

export type TailoringSummary = Pick<Tailoring, "id" | "job_id" | "engine" | "created_at" | "updated_at"> & {
  title: string | null;
  company: string | null;
  score: number | null;
};

export type ExportResult = { artifacts: { id: string; kind: ArtifactKind; version: number }[] };

/** A job's CV in another language (GET /jobs/{id}/translations/{tid}); see `src/http/routes/translations.ts`. */
export type Translation = {
  id: string;
  job_id: string;
  language: string;
  source_language: string;
  engine: "copy" | "llm";
  task_id: string | null;
  /** The CV in this language; null until the first translate run ends. */
  sections: Resume | null;
  fields: Record<string, { source_sha256: string; state: "machine" | "copied" | "edited" }>;
  out_of_date: TranslationStaleField[];
  created_at: string;
  updated_at: string;
};

export type TranslationStaleField = {
  key: string;
  path: string;
  reason: "source_changed" | "new" | "needs_translation";
  source: string;
  translated: string;
};

export type TranslationSummary = Omit<Translation, "sections" | "fields" | "out_of_date"> & {
  out_of_date_count: number;
  ready: boolean;
};

export type Page<T> = { items: T[]; next_cursor: string | null };

/** True once a task will not change any more. */
export function isTerminal(task: Pick<Task, "status">): boolean {
  return TERMINAL_STATUSES.has(task.status);
}
