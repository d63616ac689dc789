/**
 * Share links. Owner routes: how long a link may live, make a link for one recipient to one exported
 * artifact version (the token is in this answer only), list a CV's links with their views, read one
 * with its view log, revoke one. Public routes (no login; the token is the credential; rate-limited per client address;
 * `noindex`): what the link holds, and the file itself (each fetch is a logged view).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { API_PREFIX, SHARED_PATH } from "../../api-paths.js";
import type { ShareLinkView, ShareService } from "../../services/share-service.js";
import { ownerOf } from "../request-context.js";
import { listOf, problemResponses, problemSchema } from "../schemas.js";

const uuid = z.uuid();
const tags = ["shares"];
const linkParams = z.object({ id: uuid, linkId: uuid });
const tokenParams = z.object({ token: z.string().max(100) });
const passcodeHeaders = z.object({
  "x-share-passcode": z.string().max(200).optional().describe("The link's passcode, when it has one"),
});

const shareLinkSchema = z.object({
  id: uuid,
  job_id: uuid,
  recipient: z.string(),
  artifact: z
    .object({ id: uuid, kind: z.string(), version: z.number().int(), filename: z.string() })
    .nullable()
    .describe("The exported file version the link is pinned to"),
  status: z.enum(["active", "revoked", "expired"]),
  passcode: z.boolean().describe("Whether opening the link needs a passcode"),
  expires_at: z.string(),
  revoked_at: z.string().nullable(),
  views: z.number().int(),
  first_viewed_at: z.string().nullable(),
  last_viewed_at: z.string().nullable(),
  created_at: z.string(),
});

const viewSchema = z.object({
  viewed_at: z.string(),
  user_agent: z.string().describe("Browser family only"),
  country: z.string().nullable(),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function presentLink({ link, artifact }: ShareLinkView, now = new Date()): z.infer<typeof shareLinkSchema> {
  return {
    id: link.id,
    job_id: link.jobId,
    recipient: link.recipient,
    artifact,
    status: link.revokedAt ? "revoked" : link.expiresAt.getTime() <= now.getTime() ? "expired" : "active",
    passcode: link.passcodeHash !== null,
    expires_at: link.expiresAt.toISOString(),
    revoked_at: iso(link.revokedAt),
    views: link.viewCount,
    first_viewed_at: iso(link.firstViewedAt),
    last_viewed_at: iso(link.lastViewedAt),
    created_at: link.createdAt.toISOString(),
  };
}

const scopeOf = (request: FastifyRequest) => ({
  ownerUserId: ownerOf(request),
  traceId: request.trace.traceId,
});

/** Headers every public share answer carries: not indexed, not cached, no referrer leaves the page. */
function publicHeaders(reply: FastifyReply): FastifyReply {
  return reply.headers({
    "x-robots-tag": "noindex, nofollow",
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",
  });
}

/** Headers carrying a country code, as proxies and CDNs set them; the first present one counts. */
const COUNTRY_HEADERS = [
  "cf-ipcountry",
  "cloudfront-viewer-country",
  "x-vercel-ip-country",
  "x-country-code",
];

export type ShareRouteDeps = {
  shares: ShareService;
  publicRateLimitPerMinute: number;
  /** A link's default and longest life (stated by `GET /shares/limits`; the service enforces them). */
  linkDays: { default: number; max: number };
};

export function shareRoutes(deps: ShareRouteDeps) {
  const { shares } = deps;
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.get(
      "/shares/limits",
      {
        schema: {
          tags,
          summary: "How long a share link may live: its default and longest life, in days",
          response: {
            200: z.object({
              default_days: z.number().int().describe("The life of a link made without `expires_in_days`"),
              max_days: z.number().int().describe("The largest `expires_in_days` accepted"),
            }),
            ...problemResponses,
          },
        },
      },
      async () => ({ default_days: deps.linkDays.default, max_days: deps.linkDays.max }),
    );

    app.post(
      "/jobs/:id/shares",
      {
        schema: {
          tags,
          summary:
            "Make a share link for one recipient to one exported file version; the token is shown once",
          params: z.object({ id: uuid }),
          body: z.object({
            artifact_id: uuid,
            recipient: z
              .string()
              .trim()
              .min(1)
              .max(200)
              .describe("Who gets the link, e.g. “Acme — recruiter”"),
            expires_in_days: z.number().int().positive().optional(),
            passcode: z.string().min(4).max(200).optional().describe("Asked of whoever opens the link"),
          }),
          response: {
            201: shareLinkSchema.extend({
              token: z.string(),
              path: z.string().describe("The public page: /s/{token}"),
            }),
            ...problemResponses,
          },
        },
      },
      async (request, reply) => {
        const made = await shares.create(scopeOf(request), request.params.id, request.body);
        return reply
          .code(201)
          .header("cache-control", "no-store")
          .send({ ...presentLink(made), token: made.token, path: `/s/${made.token}` });
      },
    );

    app.get(
      "/jobs/:id/shares",
      {
        schema: {
          tags,
          summary: "The CV's share links: recipient, pinned version, status, views",
          params: z.object({ id: uuid }),
          response: { 200: listOf(shareLinkSchema), ...problemResponses },
        },
      },
      async (request) => {
        const views = await shares.list(scopeOf(request), request.params.id);
        return { items: views.map((v) => presentLink(v)), next_cursor: null };
      },
    );

    app.get(
      "/jobs/:id/shares/:linkId",
      {
        schema: {
          tags,
          summary: "One share link with its view log (time, browser family, country)",
          params: linkParams,
          response: { 200: shareLinkSchema.extend({ view_log: z.array(viewSchema) }), ...problemResponses },
        },
      },
      async (request) => {
        const found = await shares.get(scopeOf(request), request.params.id, request.params.linkId);
        return {
          ...presentLink(found),
          view_log: found.views.map((v) => ({
            viewed_at: v.viewedAt.toISOString(),
            user_agent: v.userAgent,
            country: v.country,
          })),
        };
      },
    );

    app.delete(
      "/jobs/:id/shares/:linkId",
      {
        schema: {
          tags,
          summary: "Revoke a share link: from now on it answers 410",
          params: linkParams,
          response: { 200: shareLinkSchema, ...problemResponses },
        },
      },
      async (request) =>
        presentLink(await shares.revoke(scopeOf(request), request.params.id, request.params.linkId)),
    );

    const publicLimit = {
      rateLimit: {
        max: deps.publicRateLimitPerMinute,
        timeWindow: 60_000,
        // No owner here: limited per client address (kept in memory for the window, never stored).
        keyGenerator: (request: FastifyRequest) => `share:${request.ip}`,
        allowList: () => false,
      },
    };
    const base = SHARED_PATH.slice(API_PREFIX.length);

    app.get(
      `${base}/:token`,
      {
        config: publicLimit,
        schema: {
          tags,
          summary: "Public: what a share link holds (file name, type, size, expiry); no login",
          security: [],
          params: tokenParams,
          headers: passcodeHeaders,
          response: {
            200: z.object({
              filename: z.string(),
              content_type: z.string(),
              size_bytes: z.number().int(),
              expires_at: z.string(),
            }),
            403: problemSchema,
            404: problemSchema,
            410: problemSchema,
            429: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const info = await shares.describe(request.params.token, request.headers["x-share-passcode"]);
        return publicHeaders(reply).send({ ...info, expires_at: info.expires_at.toISOString() });
      },
    );

    app.get(
      `${base}/:token/file`,
      {
        config: publicLimit,
        schema: {
          tags,
          summary: "Public: the shared file (each fetch is a logged view); no login",
          security: [],
          params: tokenParams,
          headers: passcodeHeaders,
          produces: ["application/pdf", "application/octet-stream"],
          response: {
            200: z.unknown().describe("The file"),
            403: problemSchema,
            404: problemSchema,
            410: problemSchema,
            429: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const country = COUNTRY_HEADERS.map((h) => request.headers[h]).find((v) => typeof v === "string");
        const file = await shares.open(request.params.token, request.headers["x-share-passcode"], {
          userAgent: request.headers["user-agent"],
          country: country as string | undefined,
        });
        publicHeaders(reply).headers(file.headers);
        reply.header("cache-control", "no-store");
        return reply.send(file.stream);
      },
    );
  };
}
