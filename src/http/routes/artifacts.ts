/**
 * Artifact download: a redirect to a fresh signed link.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ArtifactService } from "../../services/artifact-service.js";
import { ownerOf } from "../request-context.js";
import { idParams, problemResponses } from "../schemas.js";

export function artifactRoutes({ artifacts }: { artifacts: ArtifactService }) {
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    app.get(
      "/artifacts/:id/download",
      {
        schema: {
          tags: ["artifacts"],
          summary: "302 to a short-lived signed download link",
          params: idParams,
          response: { 302: z.null().describe("Location: the signed link"), ...problemResponses },
        },
      },
      async (request, reply) => {
        const link = await artifacts.downloadLink(ownerOf(request), request.params.id);
        return reply.header("cache-control", "no-store").redirect(link.url, 302);
      },
    );
  };
}
