/**
 * Waiting on signals instead of sleeping.
 */
import type { EventEmitter } from "node:events";

/** Resolve with the first `event` whose payload satisfies `match`; reject after `timeoutMs`. */
export function nextEvent<T>(
  emitter: EventEmitter,
  event: string,
  match: (payload: T) => boolean = () => true,
  timeoutMs = 20_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`timed out waiting for ${event}`));
    }, timeoutMs);
    const listener = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      emitter.off(event, listener);
      resolve(payload);
    };
    emitter.on(event, listener);
  });
}

/**
 * Re-check `condition` until it holds. For state another process changes (a child worker
 * writing rows), where no in-process signal exists; fails after `timeoutMs`.
 */
export async function until<T>(
  condition: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 60_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
