/**
 * Per-request context: trace id and owner, resolved before any handler runs.
 *
 * `request.trace` is set for every request and echoed in `traceparent` and
 * `x-trace-id`. `request.owner` is set for every `/api/v1` route except the
 * signed-link download and the public share routes (the signature or token is the credential there); routes read it
 * through `ownerOf(request)`, which fails closed.
 */
import type { IncomingMessage } from "node:http";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { API_PREFIX, LOCAL_DOWNLOAD_PATH, SHARED_PATH } from "../api-paths.js";
import type { Config } from "../config.js";
import { AppError } from "../errors.js";
import { createOwnerResolver } from "./auth.js";
import { formatTraceparent, type TraceContext, traceFromHeader } from "./trace.js";

declare module "fastify" {
  interface FastifyRequest {
    owner: string | undefined;
    trace: TraceContext;
  }
}

/** API routes without an owner: the signature in the link (or the share token) is the credential there. */
const PUBLIC_API_PATHS = new Set([LOCAL_DOWNLOAD_PATH]);
const isPublicApiPath = (path: string) => PUBLIC_API_PATHS.has(path) || path.startsWith(`${SHARED_PATH}/`);

export function registerRequestContext(app: FastifyInstance, auth: Config["auth"]): void {
  const resolveOwner = createOwnerResolver(auth);
  app.decorateRequest("owner", undefined);
  app.decorateRequest("trace", undefined as unknown as TraceContext);
  app.addHook("onRequest", async (request, reply) => {
    request.trace = traceOf(request.raw);
    reply.header("traceparent", formatTraceparent(request.trace));
    reply.header("x-trace-id", request.trace.traceId);
    const path = request.url.split("?", 1)[0] ?? "";
    if (path.startsWith(`${API_PREFIX}/`) && !isPublicApiPath(path)) {
      request.owner = await resolveOwner(request.headers);
    }
  });
}

const TRACE = Symbol("trace");

/**
 * Fastify's request id generator: the request's trace id, so every log line of
 * the request carries it (as `trace_id`) without a second child logger.
 */
export function requestIdFromTrace(raw: IncomingMessage): string {
  return traceOf(raw).traceId;
}

function traceOf(raw: IncomingMessage): TraceContext {
  const holder = raw as IncomingMessage & { [TRACE]?: TraceContext };
  if (!holder[TRACE]) {
    const header = raw.headers.traceparent;
    holder[TRACE] = traceFromHeader(Array.isArray(header) ? header[0] : header);
  }
  return holder[TRACE];
}

/** The authenticated owner of an API request. */
export function ownerOf(request: FastifyRequest): string {
  if (!request.owner) throw new AppError("unauthorized", "Authentication required.");
  return request.owner;
}
