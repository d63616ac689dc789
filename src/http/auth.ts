/**
 * Owner resolution: who is calling. Three modes, chosen by `AUTH_MODE`.
 *
 * - `dev`: the `X-Owner-User-Id` header, else `DEFAULT_OWNER_USER_ID`. Refused in
 *   production by `loadConfig`.
 * - `jwt`: `Authorization: Bearer` verified by `jose` against a remote JWKS with
 *   a fixed issuer, audience and algorithm allow-list (so `alg: none` and
 *   algorithm confusion are impossible); the owner is a configured claim. A
 *   token must expire (`exp`), may not be older or live longer than
 *   `JWT_MAX_TOKEN_AGE_SECONDS`, and, where the IdP sets `typ`, must be an
 *   access token (`JWT` or `at+jwt`), not an ID, logout or DPoP token.
 * - `proxy`: a trusted auth proxy sets the user header; it is believed only
 *   together with the shared-secret header, compared in constant time.
 *
 * Every failure is a 401 with the same shape; the reason is logged, not sent.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from "jose";
import type { Config } from "../config.js";
import { AppError } from "../errors.js";

export type OwnerResolver = (headers: IncomingHttpHeaders) => Promise<string>;

const DEV_OWNER_HEADER = "x-owner-user-id";
const CLOCK_TOLERANCE_SECONDS = 30;
/** `typ` values of access tokens (RFC 7519, RFC 9068); other JWTs (ID, logout, DPoP proofs) are refused. */
const ACCESS_TOKEN_TYPES = new Set(["jwt", "at+jwt", "application/at+jwt"]);
const MAX_OWNER_LENGTH = 255;

/** Build the resolver for the configured mode. */
export function createOwnerResolver(
  auth: Config["auth"],
  options: { jwks?: JWTVerifyGetKey } = {},
): OwnerResolver {
  switch (auth.mode) {
    case "dev":
      return async (headers) => checkOwner(single(headers[DEV_OWNER_HEADER]) ?? auth.defaultOwnerUserId);
    case "jwt":
      return jwtResolver(auth.jwt, options.jwks);
    case "proxy":
      return proxyResolver(auth.proxy);
  }
}

function jwtResolver(jwt: Config["auth"]["jwt"], jwksOverride?: JWTVerifyGetKey): OwnerResolver {
  if (!jwt.jwksUrl || !jwt.issuer || !jwt.audience) {
    throw new AppError("internal", "JWT auth needs a JWKS URL, issuer and audience.");
  }
  const jwks =
    jwksOverride ??
    createRemoteJWKSet(new URL(jwt.jwksUrl), { timeoutDuration: 5_000, cooldownDuration: 30_000 });
  const algorithms = jwt.algorithms.filter((a) => a.toLowerCase() !== "none");
  return async (headers) => {
    const header = single(headers.authorization);
    const match = header ? /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(header) : null;
    if (!match) throw unauthorized("a bearer token is required");
    let payload: Record<string, unknown>;
    let typ: string | undefined;
    try {
      const verified = await jwtVerify(match[1]!, jwks, {
        issuer: jwt.issuer,
        audience: jwt.audience,
        algorithms,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ["exp"],
      });
      payload = verified.payload;
      typ = verified.protectedHeader.typ;
    } catch (error) {
      throw unauthorized("The bearer token is invalid or expired.", error);
    }
    if (typ !== undefined && !ACCESS_TOKEN_TYPES.has(typ.toLowerCase())) {
      throw unauthorized(`The token type ${typ} is not an access token.`);
    }
    const now = Date.now() / 1000;
    const limit = jwt.maxTokenAgeSeconds + CLOCK_TOLERANCE_SECONDS;
    // Bounded either way: issued too long ago, or valid for longer than any token we accept.
    if (typeof payload.iat === "number" && now - payload.iat > limit) {
      throw unauthorized("The bearer token is older than allowed.");
    }
    if (typeof payload.exp === "number" && payload.exp - now > limit) {
      throw unauthorized("The bearer token lives longer than allowed.");
    }
    const owner = payload[jwt.ownerClaim];
    if (typeof owner !== "string") throw unauthorized(`the token has no ${jwt.ownerClaim} claim`);
    return checkOwner(owner);
  };
}

function proxyResolver(proxy: Config["auth"]["proxy"]): OwnerResolver {
  if (!proxy.sharedSecret) throw new AppError("internal", "Proxy auth needs a shared secret.");
  const expected = digest(proxy.sharedSecret);
  return async (headers) => {
    const secret = single(headers[proxy.secretHeader]);
    // Compare fixed-length digests so neither content nor length leaks through timing.
    if (secret === undefined || !timingSafeEqual(digest(secret), expected)) {
      throw unauthorized("the request did not come through the trusted proxy");
    }
    const owner = single(headers[proxy.userHeader]);
    if (!owner) throw unauthorized("the proxy did not name a user");
    return checkOwner(owner);
  };
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

function single(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v === undefined || v === "" ? undefined : v;
}

function checkOwner(owner: string): string {
  const trimmed = owner.trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (!trimmed || trimmed.length > MAX_OWNER_LENGTH || /[\u0000-\u001f\u007f]/.test(trimmed)) {
    throw unauthorized("the owner id is not acceptable");
  }
  return trimmed;
}

function unauthorized(message: string, cause?: unknown): AppError {
  return new AppError("unauthorized", message, cause === undefined ? {} : { cause });
}
