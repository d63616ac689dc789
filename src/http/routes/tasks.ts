/**
 * Task routes: read, follow (SSE) and cancel.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { AppError } from "../../errors.js";
import type { TaskService } from "../../services/task-service.js";
import { presentTask } from "../presenters.js";
import { ownerOf } from "../request-context.js";
import { idParams, problemResponses, problemSchema, taskSchema } from "../schemas.js";
import { streamTask } from "../sse.js";

const tags = ["tasks"];
const SSE_POLL_MS = 100;
/** A stream whose task sits unchanged (a long queue) reads its row at most this often. */
const SSE_MAX_POLL_MS = 1_000;
const SSE_HEARTBEAT_MS = 15_000;

export type TaskRouteDeps = {
  tasks: TaskService;
  shutdownSignal: AbortSignal;
  /** Event streams one owner may hold open at once in this process. */
  maxStreamsPerOwner: number;
};

export function taskRoutes({ tasks, shutdownSignal, maxStreamsPerOwner }: TaskRouteDeps) {
  // Per process: each open stream holds a socket and polls the database, so one owner's tabs (or a
  // script) cannot take them all.
  const openStreams = new Map<string, number>();
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.get(
      "/tasks/:id",
      {
        schema: {
          tags,
          summary: "One task: status, stage, progress, error, result",
          params: idParams,
          response: { 200: taskSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const task = await tasks.get(ownerOf(request), request.params.id);
        reply.header("cache-control", "no-store");
        return presentTask(task);
      },
    );

    app.get(
      "/tasks/:id/events",
      {
        schema: {
          tags,
          summary: "Server-Sent Events: `event: task` with the task JSON on every change, until it ends",
          params: idParams,
          produces: ["text/event-stream"],
          response: { ...problemResponses },
        },
      },
      async (request, reply) => {
        const owner = ownerOf(request);
        const first = await tasks.get(owner, request.params.id);
        const open = openStreams.get(owner) ?? 0;
        if (open >= maxStreamsPerOwner) {
          throw new AppError(
            "too_many_streams",
            `At most ${maxStreamsPerOwner} task streams can be open at once; close another tab or poll the task.`,
            { details: { limit: maxStreamsPerOwner } },
          );
        }
        openStreams.set(owner, open + 1);
        try {
          await streamTask(request, reply, {
            first,
            load: () => tasks.get(owner, request.params.id),
            pollIntervalMs: SSE_POLL_MS,
            maxPollIntervalMs: SSE_MAX_POLL_MS,
            heartbeatMs: SSE_HEARTBEAT_MS,
            shutdown: shutdownSignal,
          });
        } finally {
          const left = (openStreams.get(owner) ?? 1) - 1;
          if (left > 0) openStreams.set(owner, left);
          else openStreams.delete(owner);
        }
      },
    );

    app.post(
      "/tasks/:id/cancel",
      {
        schema: {
          tags,
          summary: "Cancel a queued or running task",
          params: idParams,
          response: { 202: taskSchema, ...problemResponses, 409: problemSchema },
        },
      },
      async (request, reply) => {
        const task = await tasks.cancel(
          { ownerUserId: ownerOf(request), traceId: request.trace.traceId },
          request.params.id,
        );
        return reply.status(202).send(presentTask(task));
      },
    );
  };
}
