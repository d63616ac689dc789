/**
 * Variants of a CV, its versions and share links: the shapes the API sends (`src/http/routes/variants.ts` and
 * `shares.ts`) and the calls the variants and versions tabs and the public share page make.
 */
import { API_PREFIX } from "../../../src/api-paths.js";
import { networkError, toApiError } from "./problem.js";
import type { Job, Resume } from "./types.js";

export type VariantTarget = { company?: string; role?: string; posting_url?: string; posting?: string };

export type VariantConflict = { path: string; mine: unknown; master: unknown };

export type Variant = {
  job_id: string;
  master_job_id: string;
  target: VariantTarget;
  overridden: string[];
  conflicts: VariantConflict[];
  job: Job;
  last_export_at?: string | null;
  last_shared_at?: string | null;
  created_at: string;
  updated_at: string;
};

/** A field where the variant differs from its master (before: the master's, after: the variant's). */
export type VariantChange = { path: string; before?: unknown; after?: unknown };

/** A kept state of a CV's sections (`src/http/routes/variants.ts`, versions). */
export type JobVersion = {
  id: string;
  job_id: string;
  number: number;
  name: string | null;
  reason: "edit" | "snapshot" | "restore";
  restored_from_id: string | null;
  replaced_version_id: string | null;
  created_at: string;
};

/** A version in the list: what changed since the version before it (null for the oldest kept). */
export type ListedVersion = JobVersion & { changes: { count: number; paths: string[] } | null };

export type FullVersion = JobVersion & { sections: Resume };

/** A restore or an undo: the job as it now is and the version the change added. */
export type Restored = { job: Job; version: JobVersion };

export type ShareLimits = { default_days: number; max_days: number };

export type ShareStatus = "active" | "revoked" | "expired";

export type ShareLink = {
  id: string;
  job_id: string;
  recipient: string;
  artifact: { id: string; kind: string; version: number; filename: string } | null;
  status: ShareStatus;
  passcode: boolean;
  expires_at: string;
  revoked_at: string | null;
  views: number;
  first_viewed_at: string | null;
  last_viewed_at: string | null;
  created_at: string;
};

/** A link just made: its token is in this answer only. */
export type NewShareLink = ShareLink & { token: string; path: string };

export type SharedFileInfo = {
  filename: string;
  content_type: string;
  size_bytes: number;
  expires_at: string;
};

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${API_PREFIX}${path}`, {
      credentials: "same-origin",
      cache: "no-cache",
      ...init,
      headers: {
        accept: "application/json",
        ...(init.body ? { "content-type": "application/json" } : {}),
        ...(init.headers as Record<string, string> | undefined),
      },
    });
  } catch {
    throw networkError();
  }
  if (!response.ok) throw toApiError(response.status, await response.text().catch(() => ""));
  return (await response.json()) as T;
}

const id = encodeURIComponent;
const post = (body: unknown): RequestInit => ({ method: "POST", body: JSON.stringify(body) });

export const variantsApi = {
  list: async (masterId: string) =>
    (await call<{ items: Variant[] }>(`/jobs/${id(masterId)}/variants`)).items,
  create: (masterId: string, target: VariantTarget) =>
    call<Variant>(`/jobs/${id(masterId)}/variants`, post(target)),
  get: (variantId: string) => call<Variant>(`/variants/${id(variantId)}`),
  resolve: (variantId: string, path: string, choice: "keep_mine" | "take_master") =>
    call<Variant>(`/variants/${id(variantId)}/conflicts/resolve`, post({ path, choice })),
  diff: async (variantId: string) =>
    (await call<{ changes: VariantChange[] }>(`/variants/${id(variantId)}/diff`)).changes,
  promote: (variantId: string, path: string) =>
    call<{ master: Job }>(`/variants/${id(variantId)}/promote`, post({ path })),
  versions: async (jobId: string) =>
    (await call<{ items: ListedVersion[] }>(`/jobs/${id(jobId)}/versions`)).items,
  version: (jobId: string, versionId: string) =>
    call<FullVersion>(`/jobs/${id(jobId)}/versions/${id(versionId)}`),
  /** Keep the CV's current sections as a named version. */
  keepVersion: (jobId: string, name: string) =>
    call<FullVersion>(`/jobs/${id(jobId)}/versions`, post({ name })),
  /** Name a version, or unname it with null. */
  nameVersion: (jobId: string, versionId: string, name: string | null) =>
    call<JobVersion>(`/jobs/${id(jobId)}/versions/${id(versionId)}`, {
      method: "PATCH",
      body: JSON.stringify({ name }),
    }),
  compareVersions: async (jobId: string, from: string, to: string) =>
    (
      await call<{ changes: VariantChange[] }>(
        `/jobs/${id(jobId)}/versions/compare?${new URLSearchParams({ from, to })}`,
      )
    ).changes,
  /** Restore a version while the job is still at `etag` (a 412 otherwise). */
  restoreVersion: (jobId: string, versionId: string, etag: string) =>
    call<Restored>(`/jobs/${id(jobId)}/versions/${id(versionId)}/restore`, {
      method: "POST",
      headers: { "if-match": etag },
    }),
  /** Undo a restore (the version named is the restore). */
  undoRestore: (jobId: string, restoreId: string) =>
    call<Restored>(`/jobs/${id(jobId)}/versions/${id(restoreId)}/undo`, { method: "POST" }),
  shareLimits: () => call<ShareLimits>("/shares/limits"),
  listShares: async (jobId: string) =>
    (await call<{ items: ShareLink[] }>(`/jobs/${id(jobId)}/shares`)).items,
  createShare: (
    jobId: string,
    body: { artifact_id: string; recipient: string; expires_in_days?: number; passcode?: string },
  ) => call<NewShareLink>(`/jobs/${id(jobId)}/shares`, post(body)),
  revokeShare: (jobId: string, linkId: string) =>
    call<ShareLink>(`/jobs/${id(jobId)}/shares/${id(linkId)}`, { method: "DELETE" }),
};

const shared = (token: string) => `/shared/${encodeURIComponent(token)}`;
const passcodeHeader = (passcode?: string): Record<string, string> =>
  passcode ? { "x-share-passcode": passcode } : {};

/** The public share routes: no login, the token is the credential. */
export const sharedApi = {
  describe: (token: string, passcode?: string) =>
    call<SharedFileInfo>(shared(token), { headers: passcodeHeader(passcode) }),
  /** The file itself (one logged view). */
  async file(token: string, passcode?: string): Promise<Blob> {
    let response: Response;
    try {
      response = await fetch(`${API_PREFIX}${shared(token)}/file`, {
        credentials: "omit",
        cache: "no-store",
        headers: passcodeHeader(passcode),
      });
    } catch {
      throw networkError();
    }
    if (!response.ok) throw toApiError(response.status, await response.text().catch(() => ""));
    return response.blob();
  },
};

/** The public page of a share token, as an absolute link to hand to its recipient. */
export function shareUrl(token: string): string {
  return `${window.location.origin}${window.location.pathname}#/s/${encodeURIComponent(token)}`;
}
