/**
 * Share links and their views (`share_links`, `share_views`).
 *
 * The public side knows only a token: `findByTokenHash` runs under the share scope
 * (`withShareToken`), where row-level security shows exactly the link with that hash and nothing
 * else; everything after that runs under the link owner's scope.
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { AppError } from "../../errors.js";
import type { Queryable } from "../client.js";
import { type ShareLinkRow, type ShareViewRow, shareLinks, shareViews } from "../schema.js";
import { rethrowInputError } from "./database-errors.js";
import { isUuid } from "./ids.js";
import { mapFirst } from "./row-mapping.js";

/** Data access for share links. Build one per transaction: `new ShareLinkRepository(tx)`. */
export class ShareLinkRepository<Q extends Queryable = Queryable> {
  constructor(private readonly db: Q) {}

  /**
   * A link to one of the owner's artifacts of the owner's job; `not_found` when the artifact is not an
   * artifact of that job of that owner (checked in the insert: foreign keys ignore row-level security).
   */
  async create(input: {
    owner_user_id: string;
    job_id: string;
    artifact_id: string;
    token_hash: string;
    recipient: string;
    passcode_hash?: string | null;
    expires_at: Date;
  }): Promise<ShareLinkRow> {
    if (!isUuid(input.job_id) || !isUuid(input.artifact_id))
      throw new AppError("not_found", "Artifact not found.");
    let row: ShareLinkRow | null;
    try {
      // The pinned file is kept at least as long as the link lives: retention deletes an artifact
      // that is not the latest only after its expires_at.
      const result = await this.db.execute(sql`
        WITH link AS (
          INSERT INTO share_links
            (owner_user_id, job_id, artifact_id, token_hash, recipient, passcode_hash, expires_at)
          SELECT a.owner_user_id, a.job_id, a.id, ${input.token_hash}, ${input.recipient},
                 ${input.passcode_hash ?? null}, ${input.expires_at.toISOString()}::timestamptz
          FROM artifacts a
          WHERE a.id = ${input.artifact_id}::uuid AND a.job_id = ${input.job_id}::uuid
            AND a.owner_user_id = ${input.owner_user_id}
          RETURNING *
        ), kept AS (
          UPDATE artifacts a SET expires_at = greatest(a.expires_at, link.expires_at)
          FROM link WHERE a.id = link.artifact_id
        )
        SELECT * FROM link`);
      row = mapFirst(shareLinks, result.rows);
    } catch (error) {
      rethrowInputError(error);
    }
    if (!row) throw new AppError("not_found", "Artifact not found.");
    return row;
  }

  async findById(id: string, owner: string): Promise<ShareLinkRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db
      .select()
      .from(shareLinks)
      .where(and(eq(shareLinks.id, id), eq(shareLinks.ownerUserId, owner)))
      .limit(1);
    return row ?? null;
  }

  /** The link with this token hash (share scope: the only row visible there). */
  async findByTokenHash(tokenHash: string): Promise<ShareLinkRow | null> {
    const [row] = await this.db.select().from(shareLinks).where(eq(shareLinks.tokenHash, tokenHash)).limit(1);
    return row ?? null;
  }

  /** The owner's links of a job, newest first (at most 200). */
  async listByJob(jobId: string, owner: string): Promise<ShareLinkRow[]> {
    if (!isUuid(jobId)) return [];
    return this.db
      .select()
      .from(shareLinks)
      .where(and(eq(shareLinks.jobId, jobId), eq(shareLinks.ownerUserId, owner)))
      .orderBy(desc(shareLinks.createdAt), desc(shareLinks.id))
      .limit(200);
  }

  /** Revoke the owner's link (idempotent: the first revocation time stays). */
  async revoke(id: string, owner: string, at: Date): Promise<ShareLinkRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db
      .update(shareLinks)
      .set({ revokedAt: sql`coalesce(${shareLinks.revokedAt}, ${at.toISOString()}::timestamptz)` })
      .where(and(eq(shareLinks.id, id), eq(shareLinks.ownerUserId, owner)))
      .returning();
    return row ?? null;
  }

  /** Count one view of a live link and log it; null when the link is gone, revoked or expired at `at`. */
  async recordView(
    id: string,
    owner: string,
    at: Date,
    view: { userAgent: string; country: string | null },
  ): Promise<ShareLinkRow | null> {
    const iso = at.toISOString();
    const [row] = await this.db
      .update(shareLinks)
      .set({
        viewCount: sql`${shareLinks.viewCount} + 1`,
        firstViewedAt: sql`coalesce(${shareLinks.firstViewedAt}, ${iso}::timestamptz)`,
        lastViewedAt: sql`${iso}::timestamptz`,
      })
      .where(
        and(
          eq(shareLinks.id, id),
          eq(shareLinks.ownerUserId, owner),
          sql`${shareLinks.revokedAt} IS NULL`,
          sql`${shareLinks.expiresAt} > ${iso}::timestamptz`,
        ),
      )
      .returning();
    if (!row) return null;
    await this.db.insert(shareViews).values({
      linkId: id,
      ownerUserId: owner,
      viewedAt: at,
      userAgent: view.userAgent,
      country: view.country,
    });
    return row;
  }

  /** A link's views, oldest first (at most `limit`). */
  async views(id: string, owner: string, limit = 100): Promise<ShareViewRow[]> {
    if (!isUuid(id)) return [];
    return this.db
      .select()
      .from(shareViews)
      .where(and(eq(shareViews.linkId, id), eq(shareViews.ownerUserId, owner)))
      .orderBy(asc(shareViews.id))
      .limit(limit);
  }
}
