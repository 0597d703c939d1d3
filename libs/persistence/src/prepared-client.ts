import { createHash } from 'node:crypto';
import { Client } from 'pg';

/**
 * Named statements one connection keeps at most. The reads' texts are bounded by the code (one text
 * per combination of a list's filters and sort), so this only guards against an unforeseen source of
 * distinct texts: past it, further reads run unnamed, as before.
 */
export const MAX_PREPARED_PER_CONNECTION = 500;

/** A read: the statements whose planning is the cost (joins, subqueries, keyset orders). */
const READ = /^\s*(SELECT|WITH)\b/i;

/**
 * Put before a read whose best plan depends on its parameters' values, so that it is planned on
 * every call and never kept as a generic plan. A department's tasks with an assignment in a given
 * state: for a rare state (`in_progress`, a few thousand of a million) the plan starts from the
 * assignments in that state; the generic plan, which cannot know the state, walked every task in
 * date order probing each one's assignments (908 ms and 187,637 buffers at a million, against
 * 25 ms and 849 buffers planned for the value).
 */
export const PLANNED_PER_CALL = '/* planned per call */ ';

/** True when the PreparingClient sends this text as a named prepared statement. */
export const isPreparedRead = (text: string): boolean => READ.test(text);

/** Names already computed, by text: the same bounded set of texts runs on every request. */
const names = new Map<string, string>();

/** The statement's name: the same text gets the same name on every connection. */
export function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `dg_${createHash('sha1').update(text).digest('base64url')}`;
    // Past the bound (an unforeseen source of distinct texts), names are computed again each time.
    if (names.size < MAX_PREPARED_PER_CONNECTION) names.set(text, name);
  }
  return name;
}

/**
 * node-postgres's client, answering its promise form (a text or a plain config, no callback: how
 * TypeORM calls it) through its callback form and a promise of its own. In the promise form pg
 * builds the query without a callback and assigns one afterwards, and then the rows of a read
 * outlived two young-generation collections: in a loop of 32 concurrent reads of 20 wide rows on a
 * 10-connection pool, 15–17 % of everything allocated was promoted to the old generation and each
 * scavenge paused 7–9 ms, against 0.1 % and about 1 ms when the query gets its callback as it is
 * built (`--trace-gc-nvp`, node-postgres 8.23, Node 20, 2026-12-04). With V8's allocation-site
 * pretenuring off (`--no-allocation-site-pretenuring`) the first form promoted 0.3 % too, so V8's
 * feedback on where objects are allocated is involved; which object kept the rows was not found.
 * An error still reaches TypeORM, which wraps it with a stack of its own. Every pool connection is
 * one (data-source.ts).
 */
export class CallbackFormClient extends Client {
  override query(...args: unknown[]): never {
    const query = Client.prototype.query as (...a: unknown[]) => never;
    if (!isPromiseForm(args)) return query.apply(this, args);
    return new Promise((resolve, reject) => {
      query.call(this, args[0], args[1], (err: Error | null, result: unknown) =>
        err ? reject(err) : resolve(result),
      );
    }) as never;
  }
}

/** True for pg's promise form: a text or a plain config, with or without values, and no callback. */
function isPromiseForm(args: unknown[]): boolean {
  const [config, values] = args;
  if (args.length > 2 || typeof values === 'function') return false;
  if (typeof config === 'string') return true;
  return (
    typeof config === 'object' &&
    config !== null &&
    typeof (config as { submit?: unknown }).submit !== 'function' &&
    (config as { callback?: unknown }).callback === undefined
  );
}

/**
 * The pool's client with every read sent as a named prepared statement. TypeORM runs each
 * statement unnamed, so PostgreSQL parses and plans it on every call: for the list reads, with their
 * joins and subqueries, planning took 2 ms of the backend's CPU, execution 0.6 ms (10k assignments).
 * A named statement is parsed once per connection, and after five executions PostgreSQL keeps a
 * generic plan when it costs no more than the custom ones (plan_cache_mode auto).
 *
 * Given to pg-pool through TypeORM's `extra.Client`. Not for a connection pooler in transaction
 * mode that does not track prepared statements (PgBouncer before 1.21): DB_PREPARED_STATEMENTS=false
 * gives the pool the CallbackFormClient instead.
 */
export class PreparingClient extends CallbackFormClient {
  private readonly prepared = new Set<string>();

  override query(...args: unknown[]): never {
    const [config] = args;
    if (typeof config === 'string' && isPreparedRead(config)) {
      const name = statementName(config);
      if (this.prepared.has(name) || this.prepared.size < MAX_PREPARED_PER_CONNECTION) {
        this.prepared.add(name);
        args[0] = { name, text: config };
      }
    }
    return super.query(...args);
  }
}
