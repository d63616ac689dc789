/**
 * The local blob store's signed download route. The signature is the
 * credential (no session): it names one blob of one owner until it expires.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { API_PREFIX, LOCAL_DOWNLOAD_PATH } from "../../api-paths.js";
import type { ArtifactService } from "../../services/artifact-service.js";
import { problemSchema } from "../schemas.js";

const signedQuery = z.object({
  p: z.string().max(1000),
  o: z.string().max(400),
  e: z.string().max(20),
  k: z.string().max(40),
  fn: z.string().max(300),
  ct: z.string().max(200),
  sig: z.string().max(100),
});

export function blobRoutes({ artifacts }: { artifacts: ArtifactService }) {
  const path = LOCAL_DOWNLOAD_PATH.slice(API_PREFIX.length);
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    app.get(
      path,
      {
        config: { rateLimit: false },
        schema: {
          tags: ["artifacts"],
          summary: "Redeem a signed download link (local blob store)",
          security: [],
          querystring: signedQuery,
          produces: ["application/octet-stream"],
          response: {
            200: z.unknown().describe("The file, with Content-Disposition and Cache-Control: no-store"),
            403: problemSchema,
            404: problemSchema,
            410: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const download = await artifacts.openSignedDownload(request.query);
        reply.headers(download.headers);
        return reply.send(download.stream);
      },
    );
  };
}
