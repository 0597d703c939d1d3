import { spawn } from 'node:child_process';
import { pickLanguage } from '@app/domain';
import { API, PROJECT_ROOT } from '../env';
import type { Harness } from '../harness';
import { show, toJson, type Cls, type Verdict } from './hostile';

/** A request no well-behaved API leaves waiting longer than this (issue 6: "never a hang"). */
export const REQUEST_TIMEOUT_MS = Number(process.env.FUZZ_TIMEOUT_MS ?? 5000);

/**
 * Tables whose rows are bookkeeping rather than data the request wrote: login throttling may keep
 * its counters in PostgreSQL (issue 6, class 6), the migration log, and `task_suggestion`, the
 * review queue's cache of matters suggested for a task (derived from the task's text on its first
 * read and dropped when the text changes, so a GET of the queue may fill it).
 */
const BOOKKEEPING = /^(migrations|typeorm_metadata|task_suggestion)$|throttl|rate_limit|login_attempt/i;
/** The table the write counters live in (see FuzzOracle.init). */
const COUNTER = 'fuzz_write_count';

export interface FuzzRequest {
  method: string;
  /** Path and query, already percent-encoded. */
  path: string;
  /** Demo user to sign in as; none for an unauthenticated request. */
  as?: string;
  /** Serialised with toJson (Raw fragments, own `__proto__` keys). */
  json?: unknown;
  raw?: string | Buffer | FormData;
  /** Overrides the content type; null sends none. */
  contentType?: string | null;
  headers?: Record<string, string>;
}

/** One generated request and what the contract says about it. */
export interface Case {
  endpoint: string;
  cls: Cls;
  label: string;
  /** The field or parameter that carries the hostile value, if any. */
  field?: string;
  value?: unknown;
  verdict: Verdict;
  /** When refused, the statuses the contract names (e.g. 404 for a malformed path id). */
  status?: number[];
  req: FuzzRequest;
  /** An assignment whose version a refusal must leave unchanged. */
  assignmentId?: string;
}

export interface Outcome {
  status: number | 'hang' | 'network';
  body: unknown;
  ms: number;
  /** Tables whose content changed across the request. */
  changed: string[];
}

export interface Failure {
  endpoint: string;
  cls: Cls;
  label: string;
  field?: string;
  what: string;
  status: Outcome['status'];
  detail: string;
}

const CODE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;

/** Problems of an error body against API.md's `{ statusCode, code, message, details }`. */
export function errorBodyProblems(status: number, body: unknown): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return [`body is not a JSON object: ${show(body)}`];
  const b = body as Record<string, unknown>;
  const out: string[] = [];
  if (b.statusCode !== status) out.push(`statusCode ${show(b.statusCode)} ≠ HTTP ${status}`);
  if (typeof b.code !== 'string' || !CODE.test(b.code)) out.push(`code ${show(b.code)} is not UPPER_SNAKE`);
  if (typeof b.message !== 'string' || b.message.trim() === '')
    out.push(`message ${show(b.message)} is empty`);
  if ('details' in b && !Array.isArray(b.details)) out.push(`details ${show(b.details)} is not an array`);
  return out;
}

const HAN = /\p{Script=Han}/u;

/**
 * Problems of an error body's language: the caller's Accept-Language picks zh-CN (the default) or
 * en, and the message and every detail read in it — a zh-CN answer that says `unknown_assignment`
 * or "must be a string" was never translated.
 */
export function languageProblems(acceptLanguage: string | undefined, body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const b = body as { message?: unknown; details?: unknown };
  const lang = pickLanguage(acceptLanguage);
  const texts = [
    ['message', b.message],
    ...(Array.isArray(b.details) ? b.details : []).map((d: { message?: unknown }, i) => [
      `details[${i}].message`,
      d?.message,
    ]),
  ] as [string, unknown][];
  const out: string[] = [];
  for (const [where, text] of texts) {
    if (typeof text !== 'string') continue;
    if (lang === 'zh-CN' && !HAN.test(text)) out.push(`${where} ${show(text)} is not in zh-CN`);
    // Details may quote what was sent (a code, a value); the message itself is ours alone.
    if (lang === 'en' && where === 'message' && HAN.test(text))
      out.push(`message ${show(text)} is not in en`);
  }
  return out;
}

/**
 * Drives one DutyGate (a Harness whose worker is stopped, so that the API is the only writer) and
 * judges each request: no 5xx, no hang, the error body on a 4xx, nothing written after a refusal.
 */
export class FuzzOracle {
  readonly failures: Failure[] = [];
  private tables: string[] = [];
  private last: Map<string, string> | null = null;
  restarts = 0;
  requests = 0;
  /** Where the time goes (reported at the end): requests vs. fingerprints. */
  requestMs = 0;
  fingerprintMs = 0;

  constructor(
    readonly h: Harness,
    /** Survey mode: record every failure and go on (for triage); otherwise the first one throws. */
    readonly survey = false,
  ) {}

  /**
   * Counts every row the application writes, per table, from here on: a row trigger on each table
   * bumps a counter in the same transaction, so a rolled-back write leaves no trace and a committed
   * one (an INSERT, a DELETE, an UPDATE even to the same values) always does. Instrumentation of
   * this test's own database only; reading one small table per request keeps "nothing written"
   * exact and cheap.
   */
  async init(): Promise<void> {
    const r = await this.h.db.query(
      // Partitions (monthly audit events, notifications) are counted under their partitioned table:
      // its row trigger fires for every partition, so a partition is never instrumented on its own.
      `SELECT c.relname AS table_name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`,
    );
    this.tables = r.rows
      .map((x: { table_name: string }) => x.table_name)
      .filter((t) => !BOOKKEEPING.test(t) && t !== COUNTER);
    await this.h.db.query(`
      CREATE TABLE IF NOT EXISTS ${COUNTER} (tbl text PRIMARY KEY, n bigint NOT NULL);
      CREATE OR REPLACE FUNCTION fuzz_count_write() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO ${COUNTER} AS w (tbl, n)
          VALUES (coalesce(pg_partition_root(TG_RELID), TG_RELID)::regclass::text, 1)
          ON CONFLICT (tbl) DO UPDATE SET n = w.n + 1;
        RETURN NULL;
      END $$;`);
    for (const t of this.tables)
      await this.h.db.query(`
        DROP TRIGGER IF EXISTS fuzz_count_rows ON "${t}";
        DROP TRIGGER IF EXISTS fuzz_count_truncate ON "${t}";
        CREATE TRIGGER fuzz_count_rows AFTER INSERT OR UPDATE OR DELETE ON "${t}"
          FOR EACH ROW EXECUTE FUNCTION fuzz_count_write();
        CREATE TRIGGER fuzz_count_truncate AFTER TRUNCATE ON "${t}"
          FOR EACH STATEMENT EXECUTE FUNCTION fuzz_count_write();`);
    this.last = await this.fingerprint();
  }

  get tableNames(): readonly string[] {
    return this.tables;
  }

  /** Rows written so far, per table. */
  async fingerprint(): Promise<Map<string, string>> {
    const started = Date.now();
    const r = await this.h.db.query(`SELECT tbl, n::text AS n FROM ${COUNTER}`);
    this.fingerprintMs += Date.now() - started;
    return new Map(r.rows.map((x: { tbl: string; n: string }) => [x.tbl, x.n]));
  }

  /** Re-reads the baseline (after setup steps that were meant to write). */
  async rebase(): Promise<void> {
    this.last = await this.fingerprint();
  }

  async version(assignmentId: string | undefined): Promise<number | null> {
    if (!assignmentId) return null;
    const r = await this.h.db.query(`SELECT version FROM assignment WHERE id = $1`, [assignmentId]);
    return r.rows[0]?.version ?? null;
  }

  /** Sends one request with the per-request timeout; never throws. */
  async send(req: FuzzRequest): Promise<{ status: number | 'hang' | 'network'; body: unknown; ms: number }> {
    const headers: Record<string, string> = { ...(req.headers ?? {}) };
    if (req.as) headers.authorization = `Bearer ${await this.h.login(req.as)}`;
    let body: string | Buffer | FormData | undefined = req.raw;
    if (req.json !== undefined) body = toJson(req.json);
    if (req.contentType !== undefined) {
      if (req.contentType !== null) headers['content-type'] = req.contentType;
    } else if (req.json !== undefined) headers['content-type'] = 'application/json';
    const started = Date.now();
    this.requests++;
    try {
      const res = await fetch(`${this.h.baseUrl}${req.path}`, {
        method: req.method,
        headers,
        body: body as NonNullable<Parameters<typeof fetch>[1]>['body'],
        redirect: 'manual',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON: the body check reports it */
      }
      this.requestMs += Date.now() - started;
      return { status: res.status, body: parsed, ms: Date.now() - started };
    } catch (e) {
      const name = (e as { name?: string }).name;
      const hang = name === 'TimeoutError' || name === 'AbortError';
      return {
        status: hang ? 'hang' : 'network',
        body: String((e as Error).cause ?? e),
        ms: Date.now() - started,
      };
    }
  }

  /** Whether the API still answers; a spinning event loop does not. */
  async alive(): Promise<boolean> {
    try {
      const r = await fetch(`${this.h.baseUrl}/health`, { signal: AbortSignal.timeout(2000) });
      return r.status < 500;
    } catch {
      return false;
    }
  }

  /** Kills the API (SIGKILL ends whatever it was stuck in) and starts it again on the same port. */
  async restartApi(): Promise<void> {
    this.restarts++;
    const old = this.h.api;
    if (old && old.exitCode === null && old.signalCode === null)
      await new Promise<void>((resolve) => {
        old.once('exit', () => resolve());
        old.kill('SIGKILL');
      });
    this.h.api = spawn('node', [API], {
      cwd: PROJECT_ROOT,
      env: this.h.env(),
      stdio: ['ignore', 2, 2],
    });
    await this.h.waitFor(() => this.alive(), 30_000, 'API restart');
  }

  /**
   * Runs one case and judges it. Returns the outcome; throws (or, in survey mode, records) when
   * the API broke a rule.
   */
  async run(c: Case): Promise<Outcome> {
    const before = this.last ?? (await this.fingerprint());
    const versionBefore = await this.version(c.assignmentId);
    const res = await this.send(c.req);
    if (res.status === 'hang' || res.status === 'network') {
      // Whatever the API was stuck in may still write: kill it before looking.
      if (res.status === 'hang' || !(await this.alive())) await this.restartApi();
    }
    const after = await this.fingerprint();
    const changed = this.tables.filter((t) => before.get(t) !== after.get(t));
    this.last = after;
    const out: Outcome = { ...res, changed };
    const problems: string[] = [];
    const writes = changed.length ? ` and wrote to ${changed.join(', ')}` : '';
    if (res.status === 'hang') problems.push(`hang: no answer within ${REQUEST_TIMEOUT_MS} ms${writes}`);
    else if (res.status === 'network') problems.push(`connection failed (${show(res.body)})${writes}`);
    else if (res.status >= 500) problems.push(`${res.status}${writes ? ` (half-write${writes})` : ''}`);
    else if (res.status >= 400) {
      const bad = errorBodyProblems(res.status, res.body);
      if (bad.length) problems.push(`${res.status} without the error body: ${bad.join('; ')}`);
      problems.push(...languageProblems(c.req.headers?.['accept-language'], res.body));
      if (changed.length) problems.push(`${res.status} refusal${writes}`);
      if (c.assignmentId) {
        const v = await this.version(c.assignmentId);
        if (v !== versionBefore)
          problems.push(`${res.status} refusal moved assignment version ${versionBefore} → ${v}`);
      }
      if (c.verdict === 'refuse' && c.status && !c.status.includes(res.status))
        problems.push(`${res.status} where the contract says ${c.status.join(' or ')}`);
    } else {
      if (c.verdict === 'refuse') problems.push(`accepted (${res.status}) what the contract refuses`);
      if (c.req.method === 'GET' && changed.length) problems.push(`GET ${res.status}${writes}`);
    }
    if (problems.length) this.fail(c, out, problems);
    return out;
  }

  /** Records a failure found outside `run` (e.g. a lifecycle step). */
  fail(
    c: Pick<Case, 'endpoint' | 'cls' | 'label' | 'field' | 'value'>,
    out: Pick<Outcome, 'status' | 'body'>,
    problems: string[],
  ): void {
    for (const what of problems)
      this.failures.push({
        endpoint: c.endpoint,
        cls: c.cls,
        label: c.label,
        field: c.field,
        what: what.replace(/\d+ ms/, 'N ms'),
        status: out.status,
        detail: `${c.field ? `${c.field} = ${show(c.value)} ` : ''}→ ${show(out.body, 300)}`,
      });
    if (!this.survey)
      throw new Error(
        `${c.endpoint} [${c.cls}: ${c.label}]${c.field ? ` ${c.field} = ${show(c.value)}` : ''}\n  ` +
          `${problems.join('\n  ')}\n  response: ${show(out.body, 400)}`,
      );
  }

  /** The failures, one line per distinct (endpoint, class, case, what happened). */
  summary(): string[] {
    const seen = new Map<string, number>();
    const first = new Map<string, Failure>();
    for (const f of this.failures) {
      const what = typeof f.status === 'number' && f.status >= 500 ? f.what : f.what.replace(/\(.*\)/, '');
      const key = `${f.endpoint} | ${f.cls}: ${f.label}${f.field ? ` (${f.field})` : ''} | ${what}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
      if (!first.has(key)) first.set(key, f);
    }
    return [...seen.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => `${k} ×${n}\n      e.g. ${first.get(k)!.detail}`);
  }
}
