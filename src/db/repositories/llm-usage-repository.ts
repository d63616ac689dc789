/**
 * Per-owner daily token budgets for language models (`llm_usage`).
 *
 * `reserve` adds an estimate before a request is sent and refuses it when
 * the day's total would pass the budget — one statement, so parallel tasks
 * of one owner cannot both slip under the limit. `settle` corrects the
 * estimate with what the server reported afterwards.
 */
import { sql } from "drizzle-orm";
import type { Queryable } from "../client.js";

/** The UTC day a usage row counts for ("2026-11-30"). */
export function usageDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export class LlmUsageRepository<Q extends Queryable = Queryable> {
  constructor(private readonly db: Q) {}

  /** Add `tokens` to the owner's day unless that passes `budget`; true when reserved. */
  async reserve(owner: string, day: string, tokens: number, budget: number): Promise<boolean> {
    if (tokens > budget) return false;
    // The conflict branch only updates when the sum stays within the budget; no row back means refused.
    const result = await this.db.execute(sql`
      INSERT INTO llm_usage (owner_user_id, day, tokens) VALUES (${owner}, ${day}, ${tokens})
      ON CONFLICT (owner_user_id, day) DO UPDATE SET tokens = llm_usage.tokens + EXCLUDED.tokens
      WHERE llm_usage.tokens + EXCLUDED.tokens <= ${budget}
      RETURNING tokens`);
    return result.rows.length > 0;
  }

  /** Correct the day's total by `delta` (never below zero). */
  async settle(owner: string, day: string, delta: number): Promise<void> {
    await this.db.execute(sql`
      UPDATE llm_usage SET tokens = greatest(0, tokens + ${delta})
      WHERE owner_user_id = ${owner} AND day = ${day}`);
  }

  /** Tokens the owner used on `day`. */
  async used(owner: string, day: string): Promise<number> {
    const result = await this.db.execute(sql`
      SELECT tokens FROM llm_usage WHERE owner_user_id = ${owner} AND day = ${day}`);
    return Number((result.rows[0] as { tokens?: number } | undefined)?.tokens ?? 0);
  }
}
