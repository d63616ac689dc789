/**
 * All routes, registered under their prefixes.
 */
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../app/context.js";
import { artifactRoutes } from "./artifacts.js";
import { blobRoutes } from "./blobs.js";
import { healthRoutes } from "./health.js";
import { jobRoutes } from "./jobs.js";
import { taskRoutes } from "./tasks.js";

export const API_PREFIX = "/api/v1";

export function registerRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    await app.register(healthRoutes(ctx));
    await app.register(jobRoutes(ctx), { prefix: API_PREFIX });
    await app.register(taskRoutes(ctx), { prefix: API_PREFIX });
    await app.register(artifactRoutes(ctx), { prefix: API_PREFIX });
    await app.register(blobRoutes(ctx), { prefix: API_PREFIX });
  };
}
