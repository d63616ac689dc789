/**
 * Signed download links for the local blob store.
 *
 * The link points at the API's own route, `GET /api/v1/blobs/download?…`, and
 * carries: the blob path, the owner (encoded as in blob paths), the expiry
 * (unix seconds), the key id, the download filename and content type (both
 * from our database row at signing time), and an HMAC-SHA256 over all of them.
 * The route calls `verifyLocalSignedUrl` and, on success, streams the blob with
 * `downloadHeaders(...)`.
 *
 * - Tampering with any field, or an unknown key id → `signature_invalid` (403).
 * - A valid link past its expiry → `link_expired` (410). The signature is
 *   checked first, so a forged expiry never reaches the expiry check.
 * - Key rotation: the first configured key signs; every configured key
 *   verifies, chosen by the `kid` in the link. Drop an old key once links
 *   signed with it have expired (one TTL after the rotation).
 * - The path must lie under the signed owner's prefix, so a link can only ever
 *   be issued for, and redeem, the owner's own blobs.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { AppError, notFound } from "../errors.js";
import { assertBlobPath, decodeOwner, encodeOwner, ownerBlobPrefix } from "./blob-paths.js";
import type { VerifiedDownload } from "./blob-store.js";

export type SigningKey = Readonly<{ kid: string; secret: string }>;

export type LocalSignInput = {
  path: string;
  ownerUserId: string;
  downloadFilename: string;
  contentType: string;
  expiresAt: Date;
};

export type VerifiedLocalDownload = VerifiedDownload;

const QUERY_KEYS = ["p", "o", "e", "k", "fn", "ct", "sig"] as const;

/** The query string (without `?`) of a signed link. The first key signs. */
export function signLocalDownload(input: LocalSignInput, keys: readonly SigningKey[]): string {
  const key = keys[0];
  if (!key) throw new AppError("internal", "No signing key configured.");
  const path = assertBlobPath(input.path);
  const owner = encodeOwner(input.ownerUserId);
  if (!path.startsWith(ownerBlobPrefix(input.ownerUserId))) {
    // Never sign a link to another owner's blob; to the caller that blob does not exist.
    throw notFound("blob");
  }
  const expires = Math.floor(input.expiresAt.getTime() / 1000);
  const fields = {
    p: path,
    o: owner,
    e: String(expires),
    k: key.kid,
    fn: input.downloadFilename,
    ct: input.contentType,
  };
  const sig = hmac(key.secret, fields);
  return new URLSearchParams({ ...fields, sig }).toString();
}

export type VerifyOptions = {
  keys: readonly SigningKey[];
  /**
   * The longest lifetime the store ever signs. A link that claims to live longer was not made by us with
   * the keys in force (or was minted with a leaked key to never expire) and is refused.
   */
  maxTtlSeconds: number;
  now?: Date;
};

/** Clock skew tolerated between the process that signed and the one that verifies. */
const SKEW_SECONDS = 60;

/**
 * Check a link's query parameters (as parsed by the HTTP framework, or a `URLSearchParams`).
 *
 * @example
 *   const grant = verifyLocalSignedUrl(request.query, { keys, maxTtlSeconds: 3600 });
 *   reply.headers(downloadHeaders(grant)); return reply.send(await blobStore.get(grant.path));
 */
export function verifyLocalSignedUrl(
  query: URLSearchParams | Record<string, unknown>,
  options: VerifyOptions,
): VerifiedLocalDownload {
  const read = (name: (typeof QUERY_KEYS)[number]): string => {
    const value = query instanceof URLSearchParams ? query.get(name) : query[name];
    if (typeof value !== "string") throw invalid();
    return value;
  };
  const fields = { p: read("p"), o: read("o"), e: read("e"), k: read("k"), fn: read("fn"), ct: read("ct") };
  const sig = read("sig");
  const key = options.keys.find((k) => k.kid === fields.k);
  if (!key) throw invalid();

  const expected = Buffer.from(hmac(key.secret, fields), "base64url");
  const given = Buffer.from(sig, "base64url");
  // Node's base64url decoder skips junk characters; insist on the canonical form so one link has one spelling.
  if (given.toString("base64url") !== sig) throw invalid();
  // timingSafeEqual needs equal lengths; a length mismatch is itself not secret.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();

  // From here on every field is exactly what we signed.
  const ownerUserId = decodeOwner(fields.o);
  if (ownerUserId === null || !/^\d{1,12}$/.test(fields.e)) throw invalid();
  if (!fields.p.startsWith(ownerBlobPrefix(ownerUserId))) throw invalid();
  const expiresAt = new Date(Number(fields.e) * 1000);
  const now = options.now ?? new Date();
  if (now.getTime() >= expiresAt.getTime()) {
    throw new AppError("link_expired", "This download link has expired; request a new one.");
  }
  if (expiresAt.getTime() - now.getTime() > (options.maxTtlSeconds + SKEW_SECONDS) * 1000) throw invalid();
  return { path: fields.p, ownerUserId, filename: fields.fn, contentType: fields.ct, expiresAt };
}

/**
 * HMAC-SHA256 over a canonical encoding of the fields. JSON of a fixed-order
 * array is unambiguous whatever characters a filename contains.
 */
function hmac(
  secret: string,
  f: { p: string; o: string; e: string; k: string; fn: string; ct: string },
): string {
  const canonical = JSON.stringify(["resume-agent/download/v1", f.k, f.e, f.o, f.p, f.fn, f.ct]);
  return createHmac("sha256", secret).update(canonical).digest("base64url");
}

function invalid(): AppError {
  return new AppError("signature_invalid", "This download link is not valid.");
}
