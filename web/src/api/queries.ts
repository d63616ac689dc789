/**
 * The query cache's keys and defaults. Every read of the API goes through
 * `@tanstack/react-query` under one of these keys, so a write (or a task that
 * finished) refreshes what it changed by key instead of each screen reloading
 * by hand.
 */
import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "./problem.js";

export const queryKeys = {
  /** The paged list of jobs on the start page. */
  jobList: () => ["job-list"] as const,
  /** One job with its ETag (`VersionedJob`). */
  job: (jobId: string) => ["job", jobId] as const,
  /** A job's files: the latest and the five before them per format. */
  artifacts: (jobId: string) => ["artifacts", jobId] as const,
  /** A job's audit log, paged. */
  events: (jobId: string) => ["events", jobId] as const,
  /** A job's activity in plain language, newest first. */
  activity: (jobId: string) => ["activity", jobId] as const,
  /** The server's upload limits. */
  limits: () => ["limits"] as const,
  /** A job's newest tailoring, or null. */
  latestTailoring: (jobId: string) => ["tailorings", jobId] as const,
  /** One tailoring of a job. */
  tailoring: (jobId: string, id: string) => ["tailoring", jobId, id] as const,
  /** A job's translations (summaries) and its own language. */
  translations: (jobId: string) => ["translations", jobId] as const,
  /** One translation with its ETag (`VersionedTranslation`). */
  translation: (jobId: string, id: string) => ["translation", jobId, id] as const,
  /** A task, kept current by its event stream (`useTask`). */
  task: (taskId: string) => ["task", taskId] as const,
  /** The preview PDF for one set of export settings of one job version. */
  preview: (jobId: string, key: string) => ["preview", jobId, key] as const,
  /** A master's variants. */
  variants: (masterId: string) => ["variants", masterId] as const,
  /** A job as a variant (its target and conflicts), or null when it is no variant. */
  variant: (jobId: string) => ["variant", jobId] as const,
  /** Where a variant differs from its master. */
  variantDiff: (jobId: string) => ["variant-diff", jobId] as const,
  /** A job's kept versions, newest first. */
  versions: (jobId: string) => ["versions", jobId] as const,
  /** The field-level differences between two versions of a job (versions never change). */
  versionCompare: (jobId: string, from: string, to: string) => ["version-compare", jobId, from, to] as const,
  /** How long a share link may live. */
  shareLimits: () => ["share-limits"] as const,
  /** A job's share links with their views. */
  shares: (jobId: string) => ["shares", jobId] as const,
};

/** The cache the app uses: reads are retried only when the server or the network failed. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failures, error) =>
          failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
        // Screens refresh on their own signals (a save, a finished task), not when the window regains focus.
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
}
