/**
 * All routes, registered under their prefixes. Each route module receives
 * only the services and settings it uses.
 */
import type { FastifyInstance } from "fastify";
import { API_PREFIX } from "../../api-paths.js";
import type { Config } from "../../config.js";
import type { Registry } from "../../observability/metrics.js";
import type { Services } from "../../services/index.js";
import { artifactRoutes } from "./artifacts.js";
import { blobRoutes } from "./blobs.js";
import { designRoutes } from "./design.js";
import { healthRoutes } from "./health.js";
import { jobRoutes } from "./jobs.js";
import { shareRoutes } from "./shares.js";
import { tailoringRoutes } from "./tailorings.js";
import { taskRoutes } from "./tasks.js";
import { translationRoutes } from "./translations.js";
import { variantRoutes } from "./variants.js";

export type RouteDeps = {
  services: Services;
  config: Pick<Config, "http" | "shares">;
  metrics: Registry;
  /** Aborted on shutdown: long-lived streams (SSE) end. */
  shutdownSignal: AbortSignal;
};

export function registerRoutes({ services, config, metrics, shutdownSignal }: RouteDeps) {
  return async (app: FastifyInstance) => {
    // /metrics on the public port only where nothing else serves it and it is not production.
    const publicMetrics = config.http.metrics.port === undefined && config.http.metrics.onPublicPort;
    await app.register(
      healthRoutes({ health: services.health, metrics: publicMetrics ? metrics : undefined }),
    );
    await app.register(
      jobRoutes({
        jobs: services.jobs,
        tasks: services.tasks,
        artifacts: services.artifacts,
        uploadMaxBytes: config.http.uploadMaxBytes,
      }),
      { prefix: API_PREFIX },
    );
    await app.register(designRoutes({ photos: services.photos, previews: services.previews }), {
      prefix: API_PREFIX,
    });
    await app.register(tailoringRoutes({ tailorings: services.tailorings, tasks: services.tasks }), {
      prefix: API_PREFIX,
    });
    await app.register(translationRoutes({ translations: services.translations }), {
      prefix: API_PREFIX,
    });
    await app.register(variantRoutes({ variants: services.variants, versions: services.versions }), {
      prefix: API_PREFIX,
    });
    await app.register(
      shareRoutes({
        shares: services.shares,
        publicRateLimitPerMinute: config.shares.rateLimitPerMinute,
        linkDays: { default: config.shares.defaultDays, max: config.shares.maxDays },
      }),
      { prefix: API_PREFIX },
    );
    await app.register(
      taskRoutes({
        tasks: services.tasks,
        shutdownSignal,
        maxStreamsPerOwner: config.http.sseMaxStreamsPerOwner,
      }),
      { prefix: API_PREFIX },
    );
    await app.register(artifactRoutes({ artifacts: services.artifacts }), { prefix: API_PREFIX });
    // The signed-link route exists only where our own store issues links to it (not with Azure SAS).
    if (services.artifacts.servesSignedDownloads) {
      await app.register(blobRoutes({ artifacts: services.artifacts }), { prefix: API_PREFIX });
    }
  };
}
