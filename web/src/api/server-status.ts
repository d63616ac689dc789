/**
 * Whether the server answers: every request reports here (`ApiClient`), so a
 * banner about an unreachable server can clear itself as soon as any answer
 * comes back instead of staying until the page is reloaded.
 */
import { ApiError } from "./problem.js";

type Listener = () => void;

let answers = 0;
let unreachable = false;
const listeners = new Set<Listener>();

function emit(): void {
  for (const listener of listeners) listener();
}

/** A response came back (any status the server itself sent, success or a refusal). */
export function reportAnswer(): void {
  answers++;
  if (unreachable) {
    unreachable = false;
  }
  emit();
}

/** No answer, or a gateway/availability status that says the service is not there. */
export function reportUnreachable(): void {
  if (unreachable) return;
  unreachable = true;
  emit();
}

/** How many answers came back so far; a banner compares this with the count when it appeared. */
export function answerCount(): number {
  return answers;
}

export function isUnreachable(): boolean {
  return unreachable;
}

export function subscribeServerStatus(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Statuses that mean "the service is not there right now" rather than "the request was wrong". */
export function isUnavailableStatus(status: number): boolean {
  return status === 0 || status === 502 || status === 503 || status === 504;
}

/** An error that goes away on its own once the server answers again. */
export function isTransient(error: unknown): boolean {
  return error instanceof ApiError && isUnavailableStatus(error.status);
}
