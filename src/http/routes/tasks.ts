/**
 * Task routes: read, follow (SSE) and cancel.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
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

export function taskRoutes({ tasks, shutdownSignal }: { tasks: TaskService; shutdownSignal: AbortSignal }) {
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
        await streamTask(request, reply, {
          first,
          load: () => tasks.get(owner, request.params.id),
          pollIntervalMs: SSE_POLL_MS,
          maxPollIntervalMs: SSE_MAX_POLL_MS,
          heartbeatMs: SSE_HEARTBEAT_MS,
          shutdown: shutdownSignal,
        });
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
