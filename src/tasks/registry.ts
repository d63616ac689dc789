/**
 * The handler registry: task type → handler, built once by the composition root.
 */
import { AppError } from "../errors.js";
import type { AnyTaskHandler, TaskHandler } from "./types.js";

export type HandlerRegistry = {
  /** The handler for `taskType`, or undefined. */
  get(taskType: string): AnyTaskHandler | undefined;
  /** The handler for `taskType`; unknown types are `AppError("handler_unknown")`. */
  require(taskType: string): AnyTaskHandler;
  /** Every registered task type, sorted (the claim query only takes these). */
  readonly types: readonly string[];
  readonly handlers: readonly AnyTaskHandler[];
};

/** Build a registry; two handlers for one type are a programming error. */
// biome-ignore lint/suspicious/noExplicitAny: handlers of any input and result type.
export function createHandlerRegistry(handlers: readonly TaskHandler<any, any>[]): HandlerRegistry {
  const byType = new Map<string, AnyTaskHandler>();
  for (const handler of handlers) {
    if (byType.has(handler.type)) throw new Error(`two handlers for task type ${handler.type}`);
    byType.set(handler.type, handler as AnyTaskHandler);
  }
  const types = Object.freeze([...byType.keys()].sort());
  const list = Object.freeze(types.map((t) => byType.get(t) as AnyTaskHandler));
  return {
    get: (taskType) => byType.get(taskType),
    require(taskType) {
      const handler = byType.get(taskType);
      if (!handler) throw new AppError("handler_unknown", `No handler for task type ${taskType}.`);
      return handler;
    },
    types,
    handlers: list,
  };
}
