/**
 * Banners about an unreachable server clear themselves: while `error` says the
 * service did not answer, the server is asked again every few seconds (a cheap
 * `GET /limits`), and as soon as any request gets an answer `clear` runs.
 */
import { useEffect, useRef } from "react";
import { answerCount, isTransient, subscribeServerStatus } from "../api/server-status.js";
import { useApi } from "./use-api.js";

/** How often to ask whether the server is back while a banner says it is not. */
export const RECHECK_MS = 5000;

export function useClearWhenServerBack(error: unknown, clear: () => void): void {
  const api = useApi();
  const transient = isTransient(error);
  const latest = useRef(clear);
  latest.current = clear;
  useEffect(() => {
    if (!transient) return;
    const seen = answerCount();
    let done = false;
    const unsubscribe = subscribeServerStatus(() => {
      if (done || answerCount() <= seen) return;
      done = true;
      latest.current();
    });
    const timer = setInterval(() => {
      void api.getLimits().catch(() => undefined);
    }, RECHECK_MS);
    return () => {
      unsubscribe();
      clearInterval(timer);
    };
  }, [api, transient]);
}
