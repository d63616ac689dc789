/**
 * Hash routing (`#/jobs/<id>/review`): works behind any static file server
 * without a fallback rule. A screen with unsaved edits registers a guard;
 * navigation (links, back button) asks the guard before leaving.
 */
import { useEffect, useState } from "react";

export type Route = { name: "home" } | { name: "job"; jobId: string; tab: JobTab } | { name: "not-found" };

export const JOB_TABS = ["review", "optimize", "export", "history", "activity"] as const;
export type JobTab = (typeof JOB_TABS)[number];

/** Reads a route from a location hash. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, "") || "/";
  if (path === "/") return { name: "home" };
  const match = /^\/jobs\/([A-Za-z0-9_-]{1,64})(?:\/([a-z]+))?\/?$/.exec(path);
  if (match) {
    const tab = (match[2] ?? "review") as JobTab;
    if (JOB_TABS.includes(tab)) return { name: "job", jobId: match[1]!, tab };
  }
  return { name: "not-found" };
}

/** The hash for a route. */
export function href(route: Route): string {
  if (route.name === "job") return `#/jobs/${route.jobId}/${route.tab}`;
  return "#/";
}

type Guard = () => Promise<boolean>;
let guard: Guard | null = null;
let current = typeof window === "undefined" ? "#/" : window.location.hash || "#/";
/** Set by `navigate` after the guard already agreed, so the hash change does not ask twice. */
let approved = false;

/** Installs the leave-guard of the screen with unsaved edits; returns its removal. */
export function setNavigationGuard(next: Guard | null): () => void {
  guard = next;
  return () => {
    if (guard === next) guard = null;
  };
}

/** Navigates after asking the guard, if any. */
export async function navigate(to: string): Promise<void> {
  if (to === window.location.hash) return;
  if (guard && !(await guard())) return;
  approved = true;
  window.location.hash = to;
}

/** The current route, following hash changes; the back button also passes the guard. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = async () => {
      const next = window.location.hash || "#/";
      const wasApproved = approved;
      approved = false;
      if (guard && !wasApproved && next !== current) {
        // The hash already changed (back button, typed URL): put it back while the guard decides.
        window.history.replaceState(null, "", current);
        if (!(await guard())) return;
        window.history.replaceState(null, "", next);
      }
      current = next;
      setRoute(parseRoute(next));
      window.scrollTo({ top: 0 });
    };
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}
