/**
 * A job's photo: PUT the image (JPEG or PNG as the request body), GET the
 * stored square JPEG (for the export screen's preview), DELETE it.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "../../errors.js";
import { PHOTO_MAX_BYTES } from "../../resume/photo/prepare-photo.js";
import type { PhotoService } from "../../services/photo-service.js";
import { jobEtag, presentJob } from "../presenters.js";
import { ownerOf } from "../request-context.js";
import { idParams, jobSchema, problemResponses, problemSchema } from "../schemas.js";

const tags = ["jobs"];
const IMAGE_TYPES = ["image/jpeg", "image/png"];

export function photoRoutes({ photos }: { photos: PhotoService }) {
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    // The body is the image itself; a larger one is refused before it is read whole.
    app.addContentTypeParser(
      IMAGE_TYPES,
      { parseAs: "buffer", bodyLimit: PHOTO_MAX_BYTES },
      (_req, body, done) => {
        done(null, body);
      },
    );

    app.put(
      "/jobs/:id/photo",
      {
        schema: {
          tags,
          summary:
            "Set the job's photo (body: a JPEG or PNG, at most 8 MB); stored re-encoded, square, without EXIF",
          consumes: IMAGE_TYPES,
          params: idParams,
          response: {
            200: z.object({ job: jobSchema }),
            ...problemResponses,
            413: problemSchema,
            415: problemSchema,
            422: problemSchema,
          },
        },
      },
      async (request, reply) => {
        if (!Buffer.isBuffer(request.body))
          throw new AppError("unsupported_media_type", "send the photo as image/jpeg or image/png");
        const job = await photos.put(
          { ownerUserId: ownerOf(request), traceId: request.trace.traceId },
          request.params.id,
          request.body,
        );
        return reply.header("etag", jobEtag(job)).send({ job: presentJob(job) });
      },
    );

    app.get(
      "/jobs/:id/photo",
      {
        schema: {
          tags,
          summary: "The job's photo as stored (a square JPEG)",
          params: idParams,
          produces: ["image/jpeg"],
          response: { 200: z.unknown().describe("The photo, image/jpeg"), ...problemResponses },
        },
      },
      async (request, reply) => {
        const bytes = await photos.read(ownerOf(request), request.params.id);
        return reply.header("content-type", "image/jpeg").header("cache-control", "no-store").send(bytes);
      },
    );

    app.delete(
      "/jobs/:id/photo",
      {
        schema: {
          tags,
          summary: "Remove the job's photo",
          params: idParams,
          response: { 200: z.object({ job: jobSchema }), ...problemResponses },
        },
      },
      async (request, reply) => {
        const job = await photos.remove(
          { ownerUserId: ownerOf(request), traceId: request.trace.traceId },
          request.params.id,
        );
        return reply.header("etag", jobEtag(job)).send({ job: presentJob(job) });
      },
    );
  };
}
