/**
 * One prepared statement under a row-level-security scope, in one round trip.
 *
 * The task engine's hot statements (claim, completion, enqueue) each need a
 * scope (the role `resume_agent_app` plus the owner, or the system flag) and
 * would cost four round trips inside `withOwner`/`withSystem` (BEGIN, scope,
 * statement, COMMIT). `runOwnerStatement` saves three of them with the simple
 * protocol, but then every call is parsed and planned again.
 *
 * Here both travel as ONE extended-protocol pipeline ending in a single Sync:
 *
 *   Parse?/Bind/Execute  SELECT set_config('role', …, true), set_config('app.…', …, true)
 *   Parse?/Bind/Describe/Execute  <the statement, named, with $n parameters>
 *   Sync
 *
 * Until the Sync, PostgreSQL runs both in one implicit transaction, so the
 * LOCAL settings hold for the statement and vanish at its end, and the
 * connection goes back to the pool clean, also after an error. Both
 * statements are named and parsed once per connection; PostgreSQL's plan
 * cache re-plans a statement if it ever runs under another role (plans that
 * depend on row-level security record the role they were made for), so a
 * cached plan cannot carry one scope into another. One transaction per
 * message also keeps it safe behind PgBouncer in transaction mode (1.21+
 * for named statements).
 *
 * node-postgres sends one Sync per query; the pipeline above is a
 * `pg.Query` that adds the scope's messages in front of its own. On PGlite
 * (in process, no round trips) the same two statements run in a transaction.
 */
import pg from "pg";
import { AppError } from "../errors.js";
import type { Database } from "./client.js";
import { APP_ROLE } from "./owner-scope.js";

/** Whose rows the statement may see: one owner's, or every owner's (workers, sweeper, retention). */
export type Scope = { owner: string } | { system: true };

/**
 * A hand-written statement: a stable name (its prepared-statement name) and its text with $n
 * parameters. `settings` hold for this statement only (set LOCAL with the scope): planner settings
 * for a query whose right plan must not depend on fresh statistics (a queue that was just filled),
 * or how its commit waits for the disk (see claim-tasks.ts).
 */
export type Statement = {
  readonly name: string;
  readonly text: string;
  readonly settings?: Readonly<Record<string, string>>;
};

const ownerScope: Statement = {
  name: "ra.scope.owner",
  text: `SELECT set_config('role', '${APP_ROLE}', true), set_config('app.owner_user_id', $1, true)`,
};
const systemScope: Statement = {
  name: "ra.scope.system",
  text: `SELECT set_config('role', '${APP_ROLE}', true), set_config('app.system', 'on', true)`,
};

/** Run `statement` with `values` under `scope`, in one round trip; returns its rows. */
export async function runScoped<R extends Record<string, unknown> = Record<string, unknown>>(
  database: Database,
  scope: Scope,
  statement: Statement,
  values: readonly unknown[],
): Promise<R[]> {
  const [scopeStatement, scopeValues] = scopeOf(scope, statement);
  const pool = database.pool;
  if (!pool) {
    const pglite = database.pglite;
    if (!pglite) throw new Error("the database has neither a pool nor an embedded engine");
    return pglite.transaction(async (tx) => {
      await tx.query(scopeStatement.text, scopeValues);
      return (await tx.query<R>(statement.text, [...values])).rows;
    });
  }
  const client = await pool.connect();
  try {
    const rows = await new Promise<R[]>((resolve, reject) => {
      (client as unknown as { query(q: ScopedQuery): void }).query(
        new ScopedQuery(scopeStatement, scopeValues, statement, values, (error, result) =>
          error ? reject(error) : resolve(result.rows as R[]),
        ),
      );
    });
    client.release();
    return rows;
  } catch (error) {
    // Which of the two Parse messages succeeded is not known after an error, so the
    // connection's record of prepared statements cannot be trusted: it is not reused.
    client.release(error instanceof Error ? error : true);
    throw error;
  }
}

function scopeOf(scope: Scope, statement: Statement): [Statement, string[]] {
  const owner = "system" in scope ? undefined : scope.owner;
  if (owner !== undefined && !owner) throw new AppError("unauthorized", "an owner is required");
  const base = owner === undefined ? systemScope : ownerScope;
  const values = owner === undefined ? [] : [owner];
  if (!statement.settings) return [base, values];
  return [withSettings(base, statement), values];
}

const settingScopes = new Map<string, Statement>();

/** The scope statement plus this statement's settings, named after both. */
function withSettings(base: Statement, statement: Statement): Statement {
  const name = `${base.name}+${statement.name}`;
  let scoped = settingScopes.get(name);
  if (!scoped) {
    const settings = Object.entries(statement.settings ?? {})
      .map(([key, value]) => `, set_config(${pg.escapeLiteral(key)}, ${pg.escapeLiteral(value)}, true)`)
      .join("");
    scoped = { name, text: `${base.text}${settings}` };
    settingScopes.set(name, scoped);
  }
  return scoped;
}

/** The internals of `pg.Query` and `pg.Connection` this pipeline builds on (node-postgres 8). */
type Connection = {
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
  parse(config: { name: string; text: string; types?: unknown[] }): void;
  bind(config: { portal: string; statement: string; values: readonly unknown[] }): void;
  execute(config: { portal: string; rows: number }): void;
};
type QueryInternals = {
  prepare(connection: Connection): void;
  handleDataRow(message: unknown): void;
  handleCommandComplete(message: unknown, connection: Connection): void;
};
type QueryCallback = (error: Error | undefined, result: { rows: unknown[] }) => void;

const BaseQuery = pg.Query as unknown as new (
  config: { name: string; text: string; values: unknown[] },
  values: undefined,
  callback: QueryCallback,
) => QueryInternals;

/** A prepared statement whose pipeline starts with the scope statement; one Sync for both. */
class ScopedQuery extends BaseQuery {
  /** The scope statement's own DataRow and CommandComplete come first and are not part of the result. */
  private scopeDone = false;

  constructor(
    private readonly scope: Statement,
    private readonly scopeValues: readonly string[],
    statement: Statement,
    values: readonly unknown[],
    callback: QueryCallback,
  ) {
    super({ name: statement.name, text: statement.text, values: [...values] }, undefined, callback);
  }

  override prepare(connection: Connection): void {
    const { name, text } = this.scope;
    if (
      connection.parsedStatements[name] === undefined &&
      connection.submittedNamedStatements[name] === undefined
    ) {
      connection.parse({ name, text });
      connection.submittedNamedStatements[name] = text;
    }
    connection.bind({ portal: "", statement: name, values: this.scopeValues });
    connection.execute({ portal: "", rows: 0 });
    super.prepare(connection);
  }

  override handleDataRow(message: unknown): void {
    if (this.scopeDone) super.handleDataRow(message);
  }

  override handleCommandComplete(message: unknown, connection: Connection): void {
    if (this.scopeDone) {
      super.handleCommandComplete(message, connection);
      return;
    }
    this.scopeDone = true;
    const { name, text } = this.scope;
    if (connection.submittedNamedStatements[name] !== undefined) {
      delete connection.submittedNamedStatements[name];
      connection.parsedStatements[name] = text;
    }
  }
}
