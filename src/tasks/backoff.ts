/**
 * Retry delays: exponential backoff with jitter.
 *
 * The delay doubles per attempt up to the handler's ceiling, then a random
 * factor in [0.5, 1) spreads retries of tasks that failed together (an
 * outage) so they do not come back in one burst. The sweeper computes the
 * same formula in SQL for timed-out attempts.
 */

/** Delay before the attempt after `attempt` (1-based) failed. */
export function retryDelayMs(
  attempt: number,
  policy: { baseDelayMs: number; maxDelayMs: number },
  random: () => number = Math.random,
): number {
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  return Math.round(capped * (0.5 + random() / 2));
}
