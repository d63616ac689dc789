/**
 * The blob store: where uploads and exported artifacts live.
 *
 * Glossary
 * - blob path: an owner-scoped key built by `blob-paths.ts`
 *   (`users/{encoded owner}/jobs/{job}/…`); never taken from client input.
 * - signed read URL: a short-lived link that lets a browser download exactly
 *   one blob without our session, with the filename and content type taken
 *   from our own database row.
 *
 * One adapter per file (`local-blob-store.ts`, `azure-blob-store.ts`), chosen
 * by `create-blob-store.ts` from the parsed config. Every adapter turns an
 * unreachable or slow backend into `AppError("storage_unavailable")`
 * (retryable), so a task retries instead of recording a half-written artifact.
 */
import { AppError } from "../errors.js";

export type BlobStoreDriver = "local" | "azure";

export type BlobInfo = { size: number; contentType: string; lastModified: Date };

export type BlobListing = { path: string; size: number; lastModified: Date };

export type PutOptions = { contentType: string };

export type PutResult = { size: number; sha256: string };

export type SignedReadUrlOptions = {
  /** The owner the link is issued to; a local link signed for one owner never verifies for another. */
  ownerUserId: string;
  /** Shown by the browser as the file name (`Content-Disposition: attachment`); from our DB row. */
  downloadFilename: string;
  /** From our DB row, never from the client. */
  contentType: string;
  /** Default: the configured TTL (≤ 15 minutes unless configured otherwise). */
  expiresInSeconds?: number;
};

export type SignedReadUrl = { url: string; expiresAt: Date };

/** What a redeemed link grants: one blob of one owner, with the headers to send. */
export type VerifiedDownload = {
  path: string;
  ownerUserId: string;
  filename: string;
  contentType: string;
  expiresAt: Date;
};

export interface BlobStore {
  readonly driver: BlobStoreDriver;
  /** Write a blob completely or not at all; returns its size and sha256 (hex). */
  put(path: string, body: Buffer | NodeJS.ReadableStream, options: PutOptions): Promise<PutResult>;
  /** A stream of the blob's bytes; missing → `AppError("not_found")`. */
  get(path: string): Promise<NodeJS.ReadableStream>;
  /** Metadata, or null when the blob does not exist. */
  head(path: string): Promise<BlobInfo | null>;
  /** Delete; true when something was deleted, false when it was already gone. */
  delete(path: string): Promise<boolean>;
  /** Every blob whose path starts with `prefix` (a plain string prefix, not a glob). */
  list(prefix: string): AsyncIterable<BlobListing>;
  /** A read-only link to one blob that expires. */
  signedReadUrl(path: string, options: SignedReadUrlOptions): Promise<SignedReadUrl>;
  /**
   * Redeem a link this store signed itself (only stores whose links point back at our own download
   * route have it; Azure's SAS links go straight to Azure). Throws `signature_invalid` or `link_expired`.
   */
  verifySignedDownload?(query: URLSearchParams | Record<string, unknown>): VerifiedDownload;
  /** Remove write leftovers (temp files, orphaned metadata) older than `cutoff`; stores without any omit it. */
  sweepLeftovers?(cutoff: Date, dryRun: boolean): Promise<number>;
  /** Readiness check: resolves when the backend is reachable, else `storage_unavailable`. */
  ping(): Promise<void>;
}

/** A signed link's lifetime in whole seconds, at most `max`; zero, negative or NaN is a validation error. */
export function clampTtlSeconds(seconds: number, max: number): number {
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new AppError("validation_failed", "Expiry must be positive.");
  return Math.min(Math.floor(seconds), max);
}
