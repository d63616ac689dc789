/**
 * Hash routing (`#/jobs/<id>/review`) with React Router's hash router: works
 * behind any static file server without a fallback rule. The route table is
 * in `app.tsx`; this module holds the paths, the tab names and the leave
 * guard that a screen with unsaved edits installs.
 */
import { useEffect, useRef } from "react";
import { useBlocker } from "react-router";

export const JOB_TABS = [
  "review",
  "optimize",
  "export",
  "history",
  "variants",
  "activity",
  "languages",
] as const;
export type JobTab = (typeof JOB_TABS)[number];

/** The route path of the job screen; the tab is optional and defaults to review. */
export const JOB_ROUTE = "jobs/:jobId/:tab?";

/** The route path of a share link's public page (no login; the token is the credential). */
export const SHARED_ROUTE = "s/:token";

/** The path of one tab of a job, for `<Link to>` and `navigate`. */
export function jobPath(jobId: string, tab: JobTab = "review"): string {
  return `/jobs/${jobId}/${tab}`;
}

/** The search parameter naming the field the review screen should bring into view and focus. */
export const FIELD_PARAM = "field";

/** The review tab of a job with one field named to focus (its dotted path, `work.0.positions.0.title`). */
export function jobFieldPath(jobId: string, field: string): string {
  return `${jobPath(jobId, "review")}?${new URLSearchParams({ [FIELD_PARAM]: field })}`;
}

const JOB_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The job and tab the route parameters name, or null when they name none. */
export function jobRoute(params: { jobId?: string; tab?: string }): { jobId: string; tab: JobTab } | null {
  const { jobId } = params;
  const tab = params.tab ?? "review";
  if (!jobId || !JOB_ID.test(jobId)) return null;
  if (!(JOB_TABS as readonly string[]).includes(tab)) return null;
  return { jobId, tab: tab as JobTab };
}

/**
 * While `active`, leaving for another page (links, `navigate`, the back
 * button) first asks `ask`; the navigation goes on only when it answers yes.
 */
export function useLeaveGuard(active: boolean, ask: () => Promise<boolean>): void {
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => active && currentLocation.pathname !== nextLocation.pathname,
  );
  const latest = useRef({ blocker, ask });
  latest.current = { blocker, ask };
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    void latest.current.ask().then((leave) => {
      const current = latest.current.blocker;
      if (current.state !== "blocked") return;
      if (leave) current.proceed();
      else current.reset();
    });
  }, [blocker.state]);
}
