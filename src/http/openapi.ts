/**
 * OpenAPI document finishing touches that route schemas cannot express.
 *
 * The upload route reads its multipart body as a stream (no body schema, so no
 * validator runs on it); its request body is described here instead.
 */
import type { SwaggerTransformObject } from "@fastify/swagger";
import { jsonSchemaTransformObject } from "fastify-type-provider-zod";
import { API_PREFIX } from "../api-paths.js";

type Operation = { requestBody?: unknown };
type Document = { paths?: Record<string, Record<string, Operation | undefined> | undefined> };

/** `jsonSchemaTransformObject` plus the multipart body of `POST /api/v1/jobs`. */
export const transformOpenApiDocument: SwaggerTransformObject = (input) => {
  const doc = jsonSchemaTransformObject(input) as Document;
  const upload = doc.paths?.[`${API_PREFIX}/jobs`]?.post;
  if (upload) {
    upload.requestBody = {
      required: true,
      content: {
        "multipart/form-data": {
          schema: {
            type: "object",
            required: ["file"],
            properties: {
              file: {
                type: "string",
                format: "binary",
                description: "The CV: PDF, DOCX, plain text, Markdown or JSON Resume (typed by its content)",
              },
            },
          },
        },
      },
    };
  }
  return doc as ReturnType<SwaggerTransformObject>;
};
