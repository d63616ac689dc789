/**
 * Liveness, readiness and Prometheus metrics. No authentication and no rate limit.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Registry } from "../../observability/metrics.js";
import type { HealthService } from "../../services/health-service.js";

const readinessSchema = z.object({
  ready: z.boolean(),
  checks: z.object({ database: z.string(), storage: z.string() }),
  capabilities: z.object({
    ocr: z
      .object({
        images: z.boolean(),
        pdfs: z.boolean(),
        languages: z.array(z.string()),
        missing_languages: z.array(z.string()),
      })
      .describe("Text recognition of scans and photos (Tesseract, poppler); missing is not unready"),
  }),
});

export function healthRoutes({ health, metrics }: { health: HealthService; metrics: Registry | undefined }) {
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    app.get(
      "/healthz",
      {
        config: { rateLimit: false },
        schema: {
          tags: ["health"],
          summary: "The process is up",
          security: [],
          response: { 200: z.object({ status: z.literal("ok") }) },
        },
      },
      async () => ({ status: "ok" as const }),
    );
    app.get(
      "/readyz",
      {
        config: { rateLimit: false },
        schema: {
          tags: ["health"],
          summary: "The database is reachable and migrated, and the blob store is reachable",
          security: [],
          response: { 200: readinessSchema, 503: readinessSchema },
        },
      },
      async (_request, reply) => {
        const readiness = await health.readiness();
        return reply.status(readiness.ready ? 200 : 503).send(readiness);
      },
    );
    if (!metrics) return;
    app.get(
      "/metrics",
      {
        config: { rateLimit: false },
        schema: { tags: ["health"], summary: "Prometheus metrics", security: [] },
      },
      async (_request, reply) => {
        const body = await metrics.metrics();
        return reply.type(metrics.contentType).send(body);
      },
    );
  };
}
