/**
 * The export screen's design routes: a job's photo (PUT the image as the
 * request body, GET the stored square JPEG, DELETE it) and the live preview
 * (POST export settings, get the PDF they would export, not stored).
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "../../errors.js";
import { PHOTO_MAX_BYTES } from "../../resume/photo/prepare-photo.js";
import { exportSettingsSchema } from "../../resume/settings.js";
import type { PhotoService } from "../../services/photo-service.js";
import type { PreviewService } from "../../services/preview-service.js";
import { jobEtag, presentJob } from "../presenters.js";
import { ownerOf } from "../request-context.js";
import { idParams, jobSchema, problemResponses, problemSchema } from "../schemas.js";

const tags = ["jobs"];
const IMAGE_TYPES = ["image/jpeg", "image/png"];

export function designRoutes({ photos, previews }: { photos: PhotoService; previews: PreviewService }) {
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

    app.post(
      "/jobs/:id/preview",
      {
        schema: {
          tags,
          summary: "The PDF the given export settings would export (a preview: rendered, not stored)",
          params: idParams,
          body: z.object({ export_settings: exportSettingsSchema }),
          produces: ["application/pdf"],
          response: {
            200: z.unknown().describe("The PDF"),
            ...problemResponses,
            409: problemSchema,
            422: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const pdf = await previews.pdf(ownerOf(request), request.params.id, request.body.export_settings);
        return reply.header("content-type", "application/pdf").header("cache-control", "no-store").send(pdf);
      },
    );
  };
}
