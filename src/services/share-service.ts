/**
 * Share links: one per recipient, pinned to one exported artifact version, with an expiry; revocable.
 * The public side opens a link by its token alone and gets the pinned file; each opening is logged.
 *
 * The token (256 random bits, base64url) is shown once; only its SHA-256 is stored. The public lookup
 * runs under the share scope, where row-level security shows that one link; the file is then read
 * under the link owner's scope. A revoked link answers 410 `link_revoked`, an expired one 410
 * `link_expired`, an unknown token 404. Nothing about the owner leaves but the file itself.
 * A link may also need a passcode (sent as `X-Share-Passcode`; kept as a salted scrypt hash); without
 * it, or with a wrong one, both public routes answer 403 `passcode_required` and say nothing else.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import type { Tx } from "../db/client.js";
import { withOwner, withShareToken } from "../db/owner-scope.js";
import { ArtifactRepository } from "../db/repositories/artifact-repository.js";
import { JobEventRepository } from "../db/repositories/job-event-repository.js";
import { JobRepository } from "../db/repositories/job-repository.js";
import { ShareLinkRepository } from "../db/repositories/share-link-repository.js";
import type { ArtifactRow, ShareLinkRow, ShareViewRow } from "../db/schema.js";
import { AppError, notFound } from "../errors.js";
import { downloadHeaders } from "../storage/download-headers.js";
import type { RequestScope, ServiceDeps } from "./deps.js";

const DAY_MS = 86_400_000;
/** A token as we issue them: 43 base64url characters (32 bytes). */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export type ShareLinkView = {
  link: ShareLinkRow;
  artifact: Pick<ArtifactRow, "id" | "kind" | "version" | "filename"> | null;
};

export type SharedFile = {
  stream: NodeJS.ReadableStream;
  headers: Record<string, string>;
};

/** What a viewer's request tells about them, reduced before it is stored. */
export type ViewerHints = { userAgent: string | undefined; country: string | undefined };

export const hashShareToken = (token: string) => createHash("sha256").update(token).digest("hex");

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/** `scrypt$<salt>$<hash>` (hex) of a passcode. */
export async function hashPasscode(passcode: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(passcode, salt, 32);
  return `scrypt$${salt.toString("hex")}$${hash.toString("hex")}`;
}

/** Whether `passcode` matches a stored `hashPasscode` value (constant time). */
export async function passcodeMatches(passcode: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "hex");
  const actual = await scryptAsync(passcode, Buffer.from(salt, "hex"), expected.length);
  return timingSafeEqual(actual, expected);
}

export class ShareService {
  constructor(
    private readonly deps: Pick<ServiceDeps, "database" | "blobStore" | "config"> & { now?: () => Date },
  ) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  private scoped<T>(scope: RequestScope, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return withOwner(this.deps.database, scope.ownerUserId, fn);
  }

  /** A new link for one recipient to one artifact version of the job; the token is returned only here. */
  async create(
    scope: RequestScope,
    jobId: string,
    input: {
      artifact_id: string;
      recipient: string;
      expires_in_days?: number | undefined;
      passcode?: string | undefined;
    },
  ): Promise<ShareLinkView & { token: string }> {
    const { defaultDays, maxDays } = this.deps.config.shares;
    const days = input.expires_in_days ?? defaultDays;
    if (days > maxDays) {
      throw new AppError("validation_failed", `A share link lives at most ${maxDays} days.`, {
        details: { errors: [{ path: "body.expires_in_days", message: `at most ${maxDays}` }] },
      });
    }
    const token = randomBytes(32).toString("base64url");
    const passcodeHash = input.passcode ? await hashPasscode(input.passcode) : null;
    return this.scoped(scope, async (tx) => {
      const job = await new JobRepository(tx).findById(jobId, scope.ownerUserId);
      if (!job) throw notFound("job");
      const link = await new ShareLinkRepository(tx).create({
        owner_user_id: scope.ownerUserId,
        job_id: jobId,
        artifact_id: input.artifact_id,
        token_hash: hashShareToken(token),
        recipient: input.recipient,
        passcode_hash: passcodeHash,
        expires_at: new Date(this.now().getTime() + days * DAY_MS),
      });
      await appendEvent(tx, scope, jobId, "share.created", {
        link_id: link.id,
        artifact_id: link.artifactId,
      });
      return { link, artifact: await artifactOf(tx, link), token };
    });
  }

  /** The job's links, newest first, each with the artifact version it pins. */
  list(scope: RequestScope, jobId: string): Promise<ShareLinkView[]> {
    return this.scoped(scope, async (tx) => {
      const job = await new JobRepository(tx).findById(jobId, scope.ownerUserId);
      if (!job) throw notFound("job");
      const links = await new ShareLinkRepository(tx).listByJob(jobId, scope.ownerUserId);
      const out: ShareLinkView[] = [];
      for (const link of links) out.push({ link, artifact: await artifactOf(tx, link) });
      return out;
    });
  }

  /** One link with its logged views. */
  get(scope: RequestScope, jobId: string, id: string): Promise<ShareLinkView & { views: ShareViewRow[] }> {
    return this.scoped(scope, async (tx) => {
      const repo = new ShareLinkRepository(tx);
      const link = await repo.findById(id, scope.ownerUserId);
      if (!link || link.jobId !== jobId) throw notFound("share link");
      return { link, artifact: await artifactOf(tx, link), views: await repo.views(id, scope.ownerUserId) };
    });
  }

  /** Revoke a link: from now on it answers 410. */
  revoke(scope: RequestScope, jobId: string, id: string): Promise<ShareLinkView> {
    return this.scoped(scope, async (tx) => {
      const repo = new ShareLinkRepository(tx);
      const found = await repo.findById(id, scope.ownerUserId);
      if (!found || found.jobId !== jobId) throw notFound("share link");
      const link = (await repo.revoke(id, scope.ownerUserId, this.now())) as ShareLinkRow;
      await appendEvent(tx, scope, jobId, "share.revoked", { link_id: id });
      return { link, artifact: await artifactOf(tx, link) };
    });
  }

  /** What the public page shows before loading the file: its name, type, size and expiry. */
  async describe(
    token: string,
    passcode: string | undefined,
  ): Promise<{ filename: string; content_type: string; size_bytes: number; expires_at: Date }> {
    const link = await this.live(token, passcode);
    const artifact = await withOwner(this.deps.database, link.ownerUserId, (tx) =>
      new ArtifactRepository(tx).findById(link.artifactId, link.ownerUserId),
    );
    if (!artifact) throw new AppError("link_expired", "This shared file is no longer available.");
    return {
      filename: artifact.filename,
      content_type: artifact.contentType,
      size_bytes: artifact.sizeBytes,
      expires_at: link.expiresAt,
    };
  }

  /** Open the pinned file of a live link, counting and logging the view. */
  async open(token: string, passcode: string | undefined, hints: ViewerHints): Promise<SharedFile> {
    const link = await this.live(token, passcode);
    const owner = link.ownerUserId;
    const artifact = await withOwner(this.deps.database, owner, async (tx) => {
      const repo = new ShareLinkRepository(tx);
      const viewed = await repo.recordView(link.id, owner, this.now(), {
        userAgent: coarseUserAgent(hints.userAgent),
        country: countryCode(hints.country),
      });
      if (!viewed) throw new AppError("link_expired", "This link has expired.");
      return new ArtifactRepository(tx).findById(link.artifactId, owner);
    });
    if (!artifact) throw new AppError("link_expired", "This shared file is no longer available.");
    const stream = await this.deps.blobStore.get(artifact.blobPath);
    return {
      stream,
      headers: downloadHeaders({
        filename: artifact.filename,
        contentType: artifact.contentType,
        size: artifact.sizeBytes,
      }),
    };
  }

  /** The link of a token, or the typed refusal: 404 unknown, 410 revoked or expired, 403 passcode. */
  private async live(token: string, passcode: string | undefined): Promise<ShareLinkRow> {
    if (!TOKEN.test(token)) throw notFound("share link");
    const hash = hashShareToken(token);
    const link = await withShareToken(this.deps.database, hash, (tx) =>
      new ShareLinkRepository(tx).findByTokenHash(hash),
    );
    if (!link) throw notFound("share link");
    if (link.revokedAt) throw new AppError("link_revoked", "This link was revoked by its owner.");
    if (link.expiresAt.getTime() <= this.now().getTime()) {
      throw new AppError("link_expired", "This link has expired.");
    }
    if (link.passcodeHash && !(passcode && (await passcodeMatches(passcode, link.passcodeHash)))) {
      throw new AppError("passcode_required", "This link needs the passcode its sender gave you.");
    }
    return link;
  }
}

async function artifactOf(tx: Tx, link: ShareLinkRow): Promise<ShareLinkView["artifact"]> {
  const a = await new ArtifactRepository(tx).findById(link.artifactId, link.ownerUserId);
  return a ? { id: a.id, kind: a.kind, version: a.version, filename: a.filename } : null;
}

const FAMILIES: [RegExp, string][] = [
  [/bot|crawl|spider|preview|slurp/i, "bot"],
  [/edg\//i, "Edge"],
  [/firefox\//i, "Firefox"],
  [/chrome\/|chromium\//i, "Chrome"],
  [/safari\//i, "Safari"],
  [/curl\/|wget\//i, "command line"],
];

/** A user agent reduced to a browser family and whether it is mobile: nothing that tells one device. */
export function coarseUserAgent(ua: string | undefined): string {
  if (!ua) return "unknown";
  const head = ua.slice(0, 512);
  const family = FAMILIES.find(([re]) => re.test(head))?.[1] ?? "other";
  return /mobile|android|iphone|ipad/i.test(head) ? `${family} mobile` : family;
}

/** A two-letter country code from a proxy's header, or null (unknown and placeholder codes too). */
export function countryCode(value: string | undefined): string | null {
  const code = value?.trim().toUpperCase();
  return code && /^[A-Z]{2}$/.test(code) && code !== "XX" ? code : null;
}

async function appendEvent(
  tx: Tx,
  scope: RequestScope,
  jobId: string,
  eventType: string,
  payload: Record<string, unknown>,
): Promise<void> {
  await new JobEventRepository(tx).append({
    job_id: jobId,
    owner_user_id: scope.ownerUserId,
    trace_id: scope.traceId,
    event_type: eventType,
    payload,
  });
}
