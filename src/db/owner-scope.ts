/**
 * Transactions scoped for row-level security.
 *
 * Every query of the application runs inside one of these two:
 * - `withOwner`: acts for one owner. Row-level security hides every other
 *   owner's rows even if a query forgets its `owner_user_id` filter.
 * - `withSystem`: the explicit, separately named cross-owner path for workers,
 *   the sweeper and retention. Grep for it to audit every such use.
 *
 * Both switch to the non-owner role `resume_agent_app` for the transaction
 * (`set_config('role', …, true)` is `SET LOCAL ROLE`), so RLS applies even when
 * `DATABASE_URL` names a superuser or the tables' owner.
 */
import { sql } from "drizzle-orm";
import { AppError } from "../errors.js";
import type { Database, Tx } from "./client.js";

/** The role created by the migrations; the connecting user must be a member. */
export const APP_ROLE = "resume_agent_app";

/** Run `fn` in a transaction that can see only `ownerUserId`'s rows. */
export async function withOwner<T>(
  database: Database,
  ownerUserId: string,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  if (!ownerUserId) throw new AppError("unauthorized", "An owner is required.");
  return database.db.transaction(async (tx) => {
    await tx.execute(
      sql`SELECT set_config('app.owner_user_id', ${ownerUserId}, true), set_config('role', ${APP_ROLE}, true)`,
    );
    return fn(tx);
  });
}

/** Run `fn` in a transaction that acts across owners (workers, sweeper, retention only). */
export async function withSystem<T>(database: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT set_config('app.system', 'on', true), set_config('role', ${APP_ROLE}, true)`);
    return fn(tx);
  });
}

/**
 * Run `fn` in a transaction that can see exactly one share link: the one whose token hashes to
 * `tokenHash` (the public share route; everything after the lookup runs under the link owner's scope).
 */
export async function withShareToken<T>(
  database: Database,
  tokenHash: string,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  return database.db.transaction(async (tx) => {
    await tx.execute(
      sql`SELECT set_config('app.share_token_hash', ${tokenHash}, true), set_config('role', ${APP_ROLE}, true)`,
    );
    return fn(tx);
  });
}
