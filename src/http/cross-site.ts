/**
 * Cross-site request refusal for state-changing API requests.
 *
 * With cookie sessions in front of the API (proxy mode behind an auth proxy),
 * a page on another site could make the browser POST a multipart upload or a
 * DELETE that carries the user's cookies. Browsers say where a request comes
 * from: `Sec-Fetch-Site` (all current browsers) and `Origin`. A request that a
 * browser marks as cross-site, or whose Origin is neither this API's own nor
 * listed in CORS_ORIGINS, is refused with 403 `cross_site_request` before any
 * handler runs. Requests without either header (curl, SDKs, server-to-server)
 * cannot carry a victim's cookies and pass.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { API_PREFIX } from "../api-paths.js";
import { AppError } from "../errors.js";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Refuse browser requests from other sites that would change state. */
export function registerCrossSiteCheck(app: FastifyInstance, allowedOrigins: readonly string[]): void {
  const allowed = new Set(allowedOrigins.map((o) => o.replace(/\/+$/, "").toLowerCase()));
  app.addHook("onRequest", async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    if (!request.url.startsWith(`${API_PREFIX}/`)) return;
    const origin = single(request.headers.origin)?.toLowerCase();
    if (origin !== undefined && origin !== "null" && (origin === ownOrigin(request) || allowed.has(origin)))
      return;
    const site = single(request.headers["sec-fetch-site"])?.toLowerCase();
    const fromBrowserElsewhere =
      site === "cross-site" || site === "same-site" || (origin !== undefined && site !== "same-origin");
    if (fromBrowserElsewhere) {
      throw new AppError("cross_site_request", "Requests from other sites may not change data here.");
    }
  });
}

function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`.toLowerCase();
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
