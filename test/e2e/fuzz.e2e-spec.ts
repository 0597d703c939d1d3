import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import {
  ACTION_TYPES,
  ASSIGNMENT_STATES,
  DEADLINE_KINDS,
  DISPUTE_REASONS,
  isPeriod,
  parsePeriod,
  periodNotBegun,
  PROHIBITED_DEMANDS,
  ROLES,
} from '@app/domain';
import { DEMO_PASSWORD } from '../support/env';
import { seedListCsv } from '../support/fixtures';
import {
  bodyCase,
  bodyMutations,
  bool,
  code,
  codes,
  date,
  dateTime,
  int,
  members,
  oneOf,
  qBool,
  qCursor,
  qDate,
  qEnum,
  qInt,
  qText,
  queryCase,
  queryMutations,
  qUuid,
  resources,
  setPath,
  text,
  url,
  type BodyEndpoint,
  type FieldSpec,
  type Gen,
  type QueryEndpoint,
} from '../support/fuzz/cases';
import {
  dateTimeValues,
  judgeDateTime,
  judgeInt,
  judgeText,
  numberValues,
  pathIdValues,
  Raw,
  shapeValues,
  textValues,
  type Cls,
  type Verdict,
} from '../support/fuzz/hostile';
import {
  errorBodyProblems,
  FuzzOracle,
  REQUEST_TIMEOUT_MS,
  type Case,
  type Outcome,
} from '../support/fuzz/oracle';
import { Harness } from '../support/harness';

/*
 * Issue 6's fuzz suite: every write endpoint and every list filter, driven with hostile values
 * (dates, text, ids, cursors, shapes, numbers, uploads, URLs), each as the role allowed to call
 * it. After every request: never a 5xx, never a hang (REQUEST_TIMEOUT_MS), API.md's error body on
 * every 4xx, and after a refusal nothing written (no committed row in any table, counted by
 * triggers — see FuzzOracle.init — and the target assignment's version unchanged). Where the
 * contract leaves no room (a date outside 2000–2100, a malformed path id, a loopback webhook, …)
 * the request must also be refused; where it allows a choice (a NUL refused or normalised) only
 * the rules above apply.
 *
 * Two phases: with the worker running, hostile deadlines walk the whole lifecycle (submit, route,
 * sign, extension, decide, complete, reopen); then, with the worker stopped so that the API is
 * the only writer, one property per endpoint mutates one field of a valid request at a time
 * (or the path id, a header, the body's shape, the media type). A hang restarts the API.
 *
 * FUZZ_SEED=<n> replays a run (the seed is printed with every failure); FUZZ_RUNS sets the
 * examples per endpoint; FUZZ_SURVEY=1 records every failure instead of stopping at the first
 * and prints a deduplicated list at the end (for triage; CI runs without it).
 */
const SEED =
  process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
/** Examples per endpoint: ~47 properties × 40 requests keeps the file well under 2 minutes on 2 cores. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const LIFECYCLE_RUNS = Number(process.env.FUZZ_LIFECYCLE_RUNS ?? 8);
/**
 * A property stops starting new examples after this long (and shrinking a failure is cut short):
 * ~45 properties × 2 s bounds the fuzzing even on a loaded machine; an idle one finishes the
 * examples well before.
 */
const PROPERTY_BUDGET_MS = Number(process.env.FUZZ_PROPERTY_MS ?? 2_000);
const LIFECYCLE_BUDGET_MS = Number(process.env.FUZZ_LIFECYCLE_MS ?? 15_000);
/**
 * The whole file's fuzzing stops starting new examples this long after it began (setup included),
 * so that it stays under CI's 2 minutes however slow the machine; past it, every property still
 * runs its first example.
 */
const SUITE_BUDGET_MS = Number(process.env.FUZZ_SUITE_MS ?? 85_000);
let suiteUntil = Date.now() + SUITE_BUDGET_MS;
const SURVEY = process.env.FUZZ_SURVEY === '1';

/** The sacrificial login of the login fuzz (a street no fixture uses), so throttling it locks out nobody else. */
const LOGIN_USER = 'D5-S07';

jest.setTimeout(180_000);

/** The one webhook address this suite's API may call (nothing listens there; no delivery is awaited). */
const WEBHOOK_HOST = '127.0.0.9';
const WEBHOOK_URL = `http://${WEBHOOK_HOST}:9/dutygate`;

describe('fuzz: hostile input never hangs, crashes or half-writes (issue 6)', () => {
  // Webhook URLs must name an address the API may call: one loopback address is allowed here (the
  // hostile values use others), and a name that does not resolve fails its lookup within 1 s.
  const h = new Harness({ WEBHOOK_ALLOWED_HOSTS: WEBHOOK_HOST, WEBHOOK_TIMEOUT_MS: '1000' });
  const fz = new FuzzOracle(h, SURVEY);

  // ---- Reference data (read once from the seeded database) ----
  let STREETS: string[] = [];
  let DISTRICTS: string[] = [];
  let ORGS: string[] = [];
  let MATTERS: string[] = [];

  // ---- Fixtures: pools of targets in the state each endpoint needs ----
  interface Target {
    id: string;
    street: string;
    assignmentId?: string;
  }
  class Pool {
    constructor(
      readonly items: Target[],
      private readonly usable: (t: Target) => Promise<boolean>,
    ) {}
    head(): Target {
      return this.items[0] ?? { id: '00000000-0000-4000-8000-000000000000', street: 'D2-S01' };
    }
    /** After a success: moves on to a target still in the needed state (the last one stays, for 409s). */
    async settle(): Promise<void> {
      while (this.items.length > 1 && !(await this.usable(this.items[0]))) this.items.shift();
    }
  }
  const stateIs = (state: string) => async (t: Target) =>
    (await h.db.query(`SELECT state FROM assignment WHERE id = $1`, [t.assignmentId ?? t.id])).rows[0]
      ?.state === state;

  const fx = {} as Record<
    | 'sign'
    | 'dispute'
    | 'awd'
    | 'progress'
    | 'complete'
    | 'ext'
    | 'extd'
    | 'confirm'
    | 'reopen'
    | 'arb'
    | 'review'
    | 'taskWithdraw'
    | 'resubmit'
    | 'publish',
    Pool
  >;
  let rulesDraft = '';
  let rulesBody: unknown[] = [];
  let webhookId = '';
  let notificationId = '';
  let userId = '';
  let anyTaskId = '';
  let anyAssignmentId = '';
  const cursors: Record<string, string | null> = {};
  let importSeq = 0;
  let userSeq = 0;

  // ---- Helpers ----
  async function ok(as: string, method: string, path: string, body?: unknown) {
    const r = await h.request(method, path, { as, body });
    if (r.status >= 300)
      throw new Error(`fixture ${method} ${path} as ${as}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }
  const admitBody = (streets: string[]) => ({
    title: '模糊测试夹具:高龄老人走访',
    streetCodes: streets,
    matterCode: 'MZ-01',
    actionType: 'service_delivery',
    deadlineWorkingDays: 10,
  });
  const offListBody = (streets: string[]) => ({
    title: '模糊测试夹具:背街小巷清理',
    streetCodes: streets,
    actionType: 'campaign',
    temporary: true,
    deadlineWorkingDays: 5,
  });
  const seedRows = (): string[][] => parse(seedListCsv(), { bom: true, skip_empty_lines: true });
  const toCsv = (rows: string[][]) =>
    rows.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join('\r\n') + '\r\n';
  function listForm(
    file: Buffer | string | null,
    name: string,
    fields: Record<string, string>,
    type = 'text/csv',
  ) {
    const f = new FormData();
    if (file !== null) f.append('file', new Blob([file], { type }), name);
    for (const [k, v] of Object.entries(fields)) f.append(k, v);
    return f;
  }

  /** Runs a property with the suite's seed and budget; a failure names the seed that replays it. */
  async function property<T>(
    arb: fc.Arbitrary<T>,
    run: (t: T) => Promise<void>,
    runs = RUNS,
    budgetMs = PROPERTY_BUDGET_MS,
    examples: [T][] = [],
  ): Promise<void> {
    // Our own budget, checked between examples: fast-check's interruptAfterTimeLimit races the
    // running example and abandons it mid-request, which would then write behind the next test.
    const until = Math.min(Date.now() + budgetMs, suiteUntil);
    // One seed per property, derived from FUZZ_SEED and the test's name: reproducible, and the
    // properties do not all draw the same first cases.
    const name = expect.getState().currentTestName ?? '';
    const seed = [...name].reduce((h, ch) => (Math.imul(h, 31) + ch.charCodeAt(0)) | 0, SEED);
    let first = true;
    try {
      await fc.assert(
        fc.asyncProperty(arb, async (t) => {
          if (first || Date.now() < until) await run(t);
          first = false;
        }),
        { seed, numRuns: runs, examples },
      );
    } catch (e) {
      // fast-check keeps the failing assertion as the cause; put it first, it says what broke.
      const cause = (e as { cause?: unknown }).cause;
      const what = cause instanceof Error ? `${cause.message}\n\n` : '';
      throw new Error(`${what}Replay with FUZZ_SEED=${SEED}\n${(e as Error).message}`);
    }
  }

  /** The fuzz of one body endpoint; `after` runs after a success (to move a consumed fixture on). */
  function fuzzBody(ep: BodyEndpoint, pool?: Pool) {
    return property(bodyMutations(ep), async (mut) => {
      const body = ep.body ? await ep.body() : undefined;
      const c = bodyCase(ep, mut, body);
      const o = await fz.run(c);
      if (pool && typeof o.status === 'number' && o.status < 300) await pool.settle();
    });
  }
  function fuzzQuery(ep: QueryEndpoint) {
    return property(queryMutations(ep), async (mut) => {
      await fz.run(queryCase(ep, mut));
    });
  }
  const version = async (p: Pool) => (await fz.version(p.head().assignmentId ?? p.head().id)) ?? 1;

  beforeAll(async () => {
    suiteUntil = Date.now() + SUITE_BUDGET_MS;
    await h.start();
    const orgs = (await h.db.query(`SELECT code, kind, district_code FROM organisation ORDER BY code`)).rows;
    STREETS = orgs.filter((o) => o.kind === 'street').map((o) => o.code);
    DISTRICTS = [...new Set(orgs.filter((o) => o.kind === 'street').map((o) => o.district_code as string))];
    ORGS = orgs.map((o) => o.code);
    MATTERS = (
      await h.db.query(
        `SELECT m.code FROM matter m JOIN list_version v ON v.id = m.list_version_id WHERE v.version = '2025.1' ORDER BY 1`,
      )
    ).rows.map((r) => r.code);

    // Tasks: one per assignment fixture kind (three streets each), task-level ones, reviews.
    const S = ['D2-S01', 'D2-S02', 'D2-S03'];
    const kinds = [
      'sign',
      'dispute',
      'awd',
      'progress',
      'complete',
      'ext',
      'extd',
      'confirm',
      'reopen',
      'arb',
    ] as const;
    const submitted = await Promise.all([
      ...kinds.map((k) => ok('MZJ', 'POST', '/api/tasks', admitBody(S)).then((t) => [k, t] as const)),
      ...[1, 2, 3].map(() =>
        ok('MZJ', 'POST', '/api/tasks', admitBody(['D2-S04'])).then((t) => ['tw', t] as const),
      ),
      ok(
        'CGJ',
        'POST',
        '/api/tasks',
        offListBody(['D2-S01', 'D2-S02', 'D2-S03', 'D2-S04', 'D2-S05', 'D2-S06']),
      ).then((t) => ['review', t] as const),
      ...[1, 2, 3, 4].map(() =>
        ok('CGJ', 'POST', '/api/tasks', offListBody(['D2-S07'])).then((t) => ['ret', t] as const),
      ),
    ]);
    await h.waitRouted(submitted.map(([, t]) => t.id));
    type A = { id: string; streetCode: string };
    const of = (k: string) =>
      submitted.filter(([kind]) => kind === k).flatMap(([, t]) => t.assignments as A[]);
    const ver = async (id: string) =>
      (await h.db.query(`SELECT version FROM assignment WHERE id = $1`, [id])).rows[0].version;
    const sign = async (a: A) =>
      ok(a.streetCode, 'POST', `/api/assignments/${a.id}/sign`, { version: await ver(a.id) });
    const targets = (k: string) => of(k).map((a) => ({ id: a.id, street: a.streetCode, assignmentId: a.id }));

    for (const k of ['progress', 'complete', 'ext', 'extd', 'confirm', 'reopen'])
      for (const a of of(k)) await sign(a);
    for (const k of ['confirm', 'reopen'])
      for (const a of of(k))
        await ok(a.streetCode, 'POST', `/api/assignments/${a.id}/complete`, {
          version: await ver(a.id),
          result: '已办结',
        });
    const extensions: Target[] = [];
    for (const a of of('extd')) {
      await ok(a.streetCode, 'POST', `/api/assignments/${a.id}/extension`, {
        workingDays: 3,
        reason: '需协调',
      });
      const got = await ok(a.streetCode, 'GET', `/api/assignments/${a.id}`);
      extensions.push({ id: got.extensions[0].id, street: a.streetCode, assignmentId: a.id });
    }
    for (const a of of('arb'))
      await ok(a.streetCode, 'POST', `/api/assignments/${a.id}/dispute`, {
        version: await ver(a.id),
        reasonCode: 'not_on_list',
        reason: '不在清单内',
      });
    const open = await ok('WBB', 'GET', '/api/disputes?state=open&limit=50');
    const disputes = of('arb').map((a) => ({
      id: open.items.find((d: { assignmentId: string }) => d.assignmentId === a.id).id as string,
      street: a.streetCode,
      assignmentId: a.id,
    }));
    for (const a of of('ret'))
      await ok('WBB', 'POST', `/api/reviews/${a.id}/decide`, { decision: 'return', note: '请补充经费来源' });

    const taskHas = (sql: string) => async (t: Target) =>
      (await h.db.query(`SELECT count(*)::int AS n FROM assignment WHERE task_id = $1 AND ${sql}`, [t.id]))
        .rows[0].n > 0;
    fx.sign = new Pool(targets('sign'), stateIs('awaiting_signoff'));
    fx.dispute = new Pool(targets('dispute'), stateIs('awaiting_signoff'));
    fx.awd = new Pool(targets('awd'), stateIs('awaiting_signoff'));
    fx.progress = new Pool(targets('progress'), stateIs('in_progress'));
    fx.complete = new Pool(targets('complete'), stateIs('in_progress'));
    fx.ext = new Pool(
      targets('ext'),
      async (t) =>
        (await stateIs('in_progress')(t)) &&
        (await h.db.query(`SELECT 1 FROM extension WHERE assignment_id = $1 AND state = 'pending'`, [t.id]))
          .rowCount === 0,
    );
    fx.extd = new Pool(
      extensions,
      async (t) =>
        (await h.db.query(`SELECT state FROM extension WHERE id = $1`, [t.id])).rows[0]?.state === 'pending',
    );
    fx.confirm = new Pool(targets('confirm'), stateIs('completed'));
    fx.reopen = new Pool(targets('reopen'), stateIs('completed'));
    fx.arb = new Pool(
      disputes,
      async (t) =>
        (await h.db.query(`SELECT state FROM dispute WHERE id = $1`, [t.id])).rows[0]?.state === 'open',
    );
    fx.review = new Pool(targets('review'), stateIs('in_review'));
    fx.taskWithdraw = new Pool(
      submitted.filter(([k]) => k === 'tw').map(([, t]) => ({ id: t.id, street: 'D2-S04' })),
      taskHas(`state NOT IN ('withdrawn', 'closed', 'rejected', 'completed')`),
    );
    fx.resubmit = new Pool(
      submitted.filter(([k]) => k === 'ret').map(([, t]) => ({ id: t.id, street: 'D2-S07' })),
      taskHas(`state = 'returned'`),
    );
    anyTaskId = submitted[0][1].id;
    anyAssignmentId = of('sign')[0].id;

    // Lists: drafts to publish (effective far ahead, so the list in force stays 2025.1) and one for rules.
    const drafts: Target[] = [];
    for (const v of ['fz-pub-1', 'fz-pub-2']) {
      const r = await h.request('POST', '/api/lists', {
        as: 'WBB',
        rawBody: listForm(seedListCsv(), 'list.csv', { version: v, effectiveFrom: '2099-01-01' }),
      });
      if (r.status !== 201) throw new Error(`fixture import ${v}: ${r.status} ${JSON.stringify(r.body)}`);
      drafts.push({ id: r.body.id, street: '' });
    }
    fx.publish = new Pool(
      drafts,
      async (t) =>
        (await h.db.query(`SELECT status FROM list_version WHERE id = $1`, [t.id])).rows[0]?.status ===
        'draft',
    );
    const rd = await h.request('POST', '/api/lists', {
      as: 'WBB',
      rawBody: listForm(seedListCsv(), 'list.csv', { version: 'fz-rules', effectiveFrom: '2099-06-01' }),
    });
    rulesDraft = rd.body.id;
    rulesBody = (await ok('WBB', 'GET', `/api/lists/${rulesDraft}/rules`)).rules;

    // A webhook to toggle, at the allowed address.
    const wh = await h.request('POST', '/api/webhooks', {
      as: 'admin',
      body: { orgCode: 'D2-S01', url: WEBHOOK_URL },
    });
    if (wh.status !== 201) throw new Error(`fixture webhook: ${wh.status} ${JSON.stringify(wh.body)}`);
    webhookId = wh.body.id;
    notificationId = (await ok('D2-S01', 'GET', '/api/notifications?limit=5')).items[0].id;
    // A user to administer (issue 6, class 7); absent until the users endpoints exist.
    const u = await h.request('POST', '/api/users', {
      as: 'admin',
      body: {
        username: 'fz-target',
        orgCode: 'D5-S06',
        role: 'street',
        password: 'Fuzz-Target-Passw0rd-2026',
      },
    });
    // 404: the route is missing (the coverage test says so); anything else must be a created user.
    if (u.status !== 404 && u.status !== 201)
      throw new Error(`fixture user: ${u.status} ${JSON.stringify(u.body)}`);
    userId = u.status === 201 ? u.body.id : '';

    // Cursors the API itself made (valid ones belong in the mix too).
    const next = async (as: string, path: string) => (await ok(as, 'GET', path)).nextCursor as string | null;
    cursors.tasks = await next('MZJ', '/api/tasks?limit=1');
    cursors.assignments = await next('D2-S01', '/api/assignments?limit=1');
    cursors.notifications = await next('D2-S01', '/api/notifications?limit=1');
    cursors.reviews = await next('WBB', '/api/reviews?limit=1');
    cursors.disputes = await next('WBB', '/api/disputes?state=decided&limit=1');
    for (const who of ['MZJ', 'CGJ', 'WBB', 'ZFB', 'admin', 'ZJJ', LOGIN_USER, ...S, 'D2-S04', 'D2-S07'])
      await h.login(who);
  }, 120_000);

  afterAll(async () => {
    if (SURVEY || fz.failures.length) {
      const lines = fz.summary();
      console.log(
        `fuzz: seed ${SEED}, ${fz.requests} requests (${fz.requestMs} ms) and fingerprints (${fz.fingerprintMs} ms), ` +
          `${fz.restarts} API restarts, ${lines.length} distinct failures\n` +
          lines.map((l) => `  - ${l}`).join('\n'),
      );
    }
    await h.stop();
  });

  // ---------------------------------------------------------------------------------------------
  // With the worker running: hostile deadlines walked through the whole lifecycle.

  it('lets no deadline hang the lifecycle: submit → route → sign → extension → decide → complete → reopen', async () => {
    const far = (label: string, value: string): Gen => ({ cls: 'dates', label, value });
    const gen: fc.Arbitrary<{ field: 'dueAt' | 'deadlineWorkingDays'; g: Gen }> = fc.oneof(
      {
        // The reported hang: a far-future due date that parses, then the first sign-for never returns.
        weight: 2,
        arbitrary: fc
          .oneof(
            fc.constantFrom(
              far('year 9999', '9999-12-31T23:59:59Z'),
              far('year 5000', '5000-06-30T12:00:00+08:00'),
              far('year 2300', '2300-01-01T00:00:00+08:00'),
              far('offset over the upper year boundary', '2100-12-31T23:00:00-05:00'),
              far('window end', '2100-12-30T12:00:00+08:00'),
            ),
            fc
              .integer({ min: Date.UTC(2101, 0, 1), max: Date.UTC(9999, 11, 31) })
              .map((t) => far('random far-future instant', new Date(t).toISOString())),
          )
          .map((g) => ({ field: 'dueAt' as const, g })),
      },
      { weight: 2, arbitrary: dateTimeValues().map((g) => ({ field: 'dueAt' as const, g })) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(1, 750, 751, 100_000, 2_147_483_648, 1e308).map((n) => ({
          field: 'deadlineWorkingDays' as const,
          g: { cls: 'dates' as Cls, label: `${n} working days`, value: n },
        })),
      },
    );
    let workerStuck = false;
    await property(
      gen,
      async ({ field, g }) => {
        if (workerStuck) return;
        const endpoint = 'POST /api/tasks (lifecycle)';
        const verdict: Verdict =
          field === 'dueAt'
            ? judgeDateTime(g.value, { required: true, future: true })
            : judgeInt(g.value, { required: true, min: 1, max: 750 });
        const problems: string[] = [];
        let last: { status: Outcome['status']; body: unknown } = { status: 0, body: null };
        const step = async (what: string, as: string, path: string, body: unknown) => {
          const r = await fz.send({ method: 'POST', path, as, json: body });
          last = r;
          if (r.status === 'hang') {
            problems.push(`${what}: hang (no answer within ${REQUEST_TIMEOUT_MS} ms)`);
            await fz.restartApi();
          } else if (r.status === 'network' || r.status >= 500) problems.push(`${what}: ${r.status}`);
          else if (r.status >= 400) {
            const bad = errorBodyProblems(r.status, r.body);
            if (bad.length) problems.push(`${what}: ${r.status} without the error body: ${bad.join('; ')}`);
          }
          return r;
        };
        const tasksBefore = (await h.db.query(`SELECT count(*)::int AS n FROM task`)).rows[0].n;
        const body: Record<string, unknown> = {
          ...admitBody(['D3-S01']),
          deadlineWorkingDays: undefined,
          [field]: g.value,
        };
        const sub = await step('submit', 'MZJ', '/api/tasks', body);
        const accepted = typeof sub.status === 'number' && sub.status < 300;
        if (!accepted) {
          const tasksAfter = (await h.db.query(`SELECT count(*)::int AS n FROM task`)).rows[0].n;
          if (tasksAfter !== tasksBefore)
            problems.push(`submit refused (${sub.status}) but a task was written`);
        } else {
          if (verdict === 'refuse')
            problems.push(`submit accepted (${sub.status}) what the contract refuses`);
          // Accepted (rightly or not): the rest of the lifecycle must still finish.
          const { id: taskId, assignments } = sub.body as { id: string; assignments: { id: string }[] };
          const aid = assignments[0].id;
          try {
            await h.waitRouted([taskId], 10_000);
          } catch {
            problems.push('routing never finished (the worker is stuck)');
            workerStuck = true;
          }
          if (!workerStuck) {
            const v = async () => (await fz.version(aid)) ?? 1;
            await step('sign', 'D3-S01', `/api/assignments/${aid}/sign`, { version: await v() });
            await step('extension', 'D3-S01', `/api/assignments/${aid}/extension`, {
              workingDays: 60,
              reason: '需协调',
            });
            const ext = (
              await h.db.query(`SELECT id FROM extension WHERE assignment_id = $1 AND state = 'pending'`, [
                aid,
              ])
            ).rows[0];
            if (ext)
              await step('extension decide', 'MZJ', `/api/extensions/${ext.id}/decide`, { approve: true });
            await step('complete', 'D3-S01', `/api/assignments/${aid}/complete`, {
              version: await v(),
              result: '办结',
            });
            await step('reopen', 'MZJ', `/api/assignments/${aid}/reopen`, {
              version: await v(),
              reason: '复核',
            });
          }
        }
        if (problems.length)
          fz.fail({ endpoint, cls: g.cls, label: g.label, field, value: g.value }, last, problems);
      },
      LIFECYCLE_RUNS,
      LIFECYCLE_BUDGET_MS,
      // The worst cases first, whatever the seed: the Shanghai date of the due time past 9999-12-31,
      // and an offset that pushes it over the window's last year boundary.
      [
        [{ field: 'dueAt', g: far('year 9999, Shanghai date in year 10000', '9999-12-31T23:59:59Z') }],
        [{ field: 'dueAt', g: far('offset over the upper year boundary', '2100-12-31T23:00:00-05:00') }],
      ],
    );
  });

  // ---------------------------------------------------------------------------------------------
  // With the worker stopped, the API is the only writer: "nothing written" is exact.

  describe('every endpoint, worker stopped', () => {
    beforeAll(async () => {
      await h.waitFor(
        async () =>
          (
            await h.db.query(
              `SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL AND (run_at IS NULL OR run_at <= now())`,
            )
          ).rows[0].n === 0,
        20_000,
        'outbox drained',
      );
      for (const w of h.workers) await h.killWorker(w);
      await fz.init();
      // The write counters see a write the API makes (else "nothing written" would prove nothing).
      const before = await fz.fingerprint();
      const t = fx.progress.head();
      await ok(t.street, 'POST', `/api/assignments/${t.id}/progress`, { note: '写入自检' });
      const after = await fz.fingerprint();
      expect(after.get('audit_event')).not.toEqual(before.get('audit_event'));
      await fz.rebase();
    });

    afterAll(() => {
      // Guards the guard: if nothing was ever checked, the suite proved nothing.
      expect(fz.requests).toBeGreaterThan(100);
    });

    it('covers every write route the API documents', async () => {
      const doc = (await h.request('GET', '/docs-json')).body as {
        paths: Record<string, Record<string, unknown>>;
      };
      const writes = Object.entries(doc.paths).flatMap(([p, ops]) =>
        Object.keys(ops)
          .filter((m) => ['post', 'put', 'patch', 'delete'].includes(m))
          .map((m) => `${m.toUpperCase()} ${p}`),
      );
      const covered = new Set(WRITE_ROUTES);
      expect(writes.filter((w) => !covered.has(w) && !NOT_YET_FUZZED.includes(w))).toEqual([]);
      // The backlog stays exact: each route on it exists and is not fuzzed yet (fuzzing one means
      // moving it to WRITE_ROUTES).
      expect(NOT_YET_FUZZED.filter((w) => !writes.includes(w) || covered.has(w))).toEqual([]);
      // And every route fuzzed here exists (the users routes are issue 6, class 7).
      expect([...covered].filter((w) => !writes.includes(w))).toEqual([]);
    });

    // ---- Auth ----
    it('POST /api/auth/login', () =>
      fuzzBody({
        name: '/api/auth/login',
        method: 'POST',
        as: () => undefined,
        path: () => '/api/auth/login',
        body: () => ({ username: LOGIN_USER, password: DEMO_PASSWORD }),
        // No hostile value turns into the right name or password.
        fields: {
          username: { ...text({ required: true, max: 64 }), judge: () => 'refuse' },
          password: { ...text({ required: true, max: 256 }), judge: () => 'refuse' },
        },
        dto: true,
      }));

    // ---- Tasks ----
    const taskFields = (): Record<string, FieldSpec> => ({
      title: text({ required: true, max: 200, nonBlank: true }),
      description: text({ required: false, max: 10_000 }),
      streetCodes: codes(STREETS, { required: true, max: 500 }),
      // Added next to valid streetCodes: an empty list adds nothing and may be taken as absent.
      districtCodes: {
        ...codes(DISTRICTS, { required: false, max: 50 }),
        judge: (v) =>
          Array.isArray(v) && v.length === 0
            ? 'either'
            : codes(DISTRICTS, { required: false, max: 50 }).judge(v),
      },
      matterCode: code(MATTERS, { required: false, nullable: true }),
      actionType: {
        ...oneOf(ACTION_TYPES, true),
        judge: (v) => (v === 'enforcement' ? 'refuse' : oneOf(ACTION_TYPES, true).judge(v)),
      },
      // The body is not enforcement: a subject is refused, null or absent is fine.
      enforcementSubject: {
        ...oneOf(['individual', 'organization'], false),
        judge: (v) => (v === null || v === undefined ? 'either' : 'refuse'),
      },
      resources: resources(),
      temporary: bool(false),
      deadlineWorkingDays: int({ required: false, min: 1, max: 750 }),
      dueAt: {
        ...dateTime({ required: false, future: true }),
        // dueAt instead of deadlineWorkingDays.
        apply: (b, v) => {
          const out = setPath(b, 'dueAt', v);
          delete out.deadlineWorkingDays;
          return out;
        },
      },
      urgent: bool(false),
      demands: members(PROHIBITED_DEMANDS, false),
      legalBasis: text({ required: false, max: 2000 }),
    });
    const idemKey = {
      gen: fc.constantFrom<Gen>(
        { cls: 'text', label: 'key of 129 characters', value: 'k'.repeat(129) },
        { cls: 'text', label: 'key of 5000 characters', value: 'k'.repeat(5000) },
        { cls: 'text', label: 'key with a space', value: 'a key' },
        { cls: 'text', label: 'key with latin-1', value: 'clé' },
        { cls: 'text', label: 'key with percent-NUL', value: 'k%00' },
        { cls: 'text', label: 'SQL-ish key', value: "k'--" },
        { cls: 'valid', label: 'a fresh key', value: `fz-${Date.now()}` },
      ),
      judge: (v: string) => (/^[\x21-\x7e]{1,128}$/.test(v) ? 'either' : 'refuse') as Verdict,
    };
    it('POST /api/tasks', () =>
      fuzzBody({
        name: '/api/tasks',
        method: 'POST',
        as: () => 'MZJ',
        path: () => '/api/tasks',
        body: () => ({
          title: '辖区高龄老人走访慰问',
          description: '请对辖区80周岁以上老人开展一次入户走访。',
          streetCodes: ['D2-S05'],
          matterCode: 'MZ-01',
          actionType: 'service_delivery',
          resources: null,
          temporary: false,
          deadlineWorkingDays: 10,
          urgent: false,
          demands: [],
          legalBasis: '《老年人权益保障法》',
        }),
        fields: taskFields(),
        dto: true,
        headers: { 'idempotency-key': idemKey },
      }));

    // Shapes are refused before anything else, without a token too (issue 6, class 4).
    it('POST /api/tasks without a token', () => {
      const ep: BodyEndpoint = {
        name: '/api/tasks (no token)',
        method: 'POST',
        as: () => undefined,
        path: () => '/api/tasks',
        body: () => ({ title: '未登录提交', streetCodes: ['D2-S05'], actionType: 'service_delivery' }),
        fields: taskFields(),
        dto: true,
      };
      return property(bodyMutations(ep), async (mut) => {
        const c = bodyCase(ep, mut, await ep.body!());
        await fz.run({ ...c, verdict: 'refuse', status: [400, 401, 413, 415] });
      });
    });

    it('POST /api/tasks/{id}/withdraw', () =>
      fuzzBody(
        {
          name: '/api/tasks/{id}/withdraw',
          method: 'POST',
          as: () => 'MZJ',
          path: (id) => `/api/tasks/${id}/withdraw`,
          id: () => fx.taskWithdraw.head().id,
          body: () => ({ reason: '上级政策调整' }),
          fields: { reason: text({ required: true, max: 2000 }) },
          dto: true,
        },
        fx.taskWithdraw,
      ));

    it('POST /api/tasks/{id}/resubmit', () => {
      const f = taskFields();
      return fuzzBody(
        {
          name: '/api/tasks/{id}/resubmit',
          method: 'POST',
          as: () => 'CGJ',
          path: (id) => `/api/tasks/${id}/resubmit`,
          id: () => fx.resubmit.head().id,
          body: () => ({ description: '区财政安排专项经费 5 万元', resources: { funding: 50000 } }),
          fields: {
            // Every field is optional here; null means absent (issue 6, class 4: "resubmit too").
            title: text({ required: false, max: 200, nonBlank: true }),
            description: f.description,
            matterCode: f.matterCode,
            actionType: {
              ...oneOf(ACTION_TYPES, false),
              judge: (v) => (v === 'enforcement' ? 'refuse' : oneOf(ACTION_TYPES, false).judge(v)),
            },
            enforcementSubject: f.enforcementSubject,
            resources: f.resources,
            temporary: f.temporary,
            demands: f.demands,
            legalBasis: f.legalBasis,
            // Not editable on resubmit: unknown fields here.
            streetCodes: {
              ...f.streetCodes,
              required: false,
              judge: (v) => (v === null ? 'either' : 'refuse'),
            },
            dueAt: {
              ...dateTime({ required: false, future: true }),
              judge: (v) => (v === null ? 'either' : 'refuse'),
            },
            urgent: { ...bool(false), judge: (v) => (v === null ? 'either' : 'refuse') },
          },
          dto: true,
        },
        fx.resubmit,
      );
    });

    // ---- Assignment transitions ----
    const versionField = int({ required: true, min: 1, max: null, stale: true });
    const transition = (
      name: string,
      as: 'street' | 'MZJ',
      pool: () => Pool,
      body: (v: number) => Record<string, unknown>,
      fields: () => Record<string, FieldSpec>,
    ) => {
      it(`POST /api/assignments/{id}/${name}`, () =>
        fuzzBody(
          {
            name: `/api/assignments/{id}/${name}`,
            method: 'POST',
            as: () => (as === 'street' ? pool().head().street : 'MZJ'),
            path: (id) => `/api/assignments/${id}/${name}`,
            id: () => pool().head().id,
            body: async () => body(await version(pool())),
            fields: fields(),
            dto: true,
            assignmentId: () => pool().head().id,
          },
          pool(),
        ));
    };
    transition(
      'sign',
      'street',
      () => fx.sign,
      (version) => ({ version }),
      () => ({ version: versionField }),
    );
    transition(
      'dispute',
      'street',
      () => fx.dispute,
      (version) => ({
        version,
        reasonCode: 'not_on_list',
        citedMatterCode: 'MZ-02',
        reason: '该事项不在清单内',
      }),
      () => ({
        version: versionField,
        reasonCode: oneOf(DISPUTE_REASONS, true),
        citedMatterCode: code(MATTERS, {
          required: false,
          nullable: true,
          mustExist: false,
          format: /^[A-Z]{1,6}-\d{1,4}$/,
        }),
        reason: text({ required: true, max: 2000 }),
      }),
    );
    transition(
      'progress',
      'street',
      () => fx.progress,
      () => ({ note: '已走访 12 户' }),
      () => ({
        note: text({ required: true, max: 2000 }),
      }),
    );
    transition(
      'complete',
      'street',
      () => fx.complete,
      (version) => ({ version, result: '全部办结' }),
      () => ({
        version: versionField,
        result: text({ required: true, max: 5000 }),
      }),
    );
    transition(
      'confirm',
      'MZJ',
      () => fx.confirm,
      (version) => ({ version, rating: 5, comment: '及时' }),
      () => ({
        version: versionField,
        rating: int({ required: true, min: 1, max: 5 }),
        comment: text({ required: false, max: 2000 }),
      }),
    );
    transition(
      'reopen',
      'MZJ',
      () => fx.reopen,
      (version) => ({ version, reason: '材料不全' }),
      () => ({
        version: versionField,
        reason: text({ required: true, max: 2000 }),
      }),
    );
    transition(
      'withdraw',
      'MZJ',
      () => fx.awd,
      (version) => ({ version, reason: '任务调整' }),
      () => ({
        version: versionField,
        reason: text({ required: true, max: 2000 }),
      }),
    );
    transition(
      'extension',
      'street',
      () => fx.ext,
      () => ({ workingDays: 5, reason: '需协调物业' }),
      () => ({
        workingDays: int({ required: true, min: 1, max: 60 }),
        reason: text({ required: true, max: 2000 }),
      }),
    );

    it('POST /api/extensions/{id}/decide', () =>
      fuzzBody(
        {
          name: '/api/extensions/{id}/decide',
          method: 'POST',
          as: () => 'MZJ',
          path: (id) => `/api/extensions/${id}/decide`,
          id: () => fx.extd.head().id,
          body: () => ({ approve: true }),
          fields: { approve: bool(true) },
          dto: true,
          assignmentId: () => fx.extd.head().assignmentId,
        },
        fx.extd,
      ));

    // ---- Reviews and disputes ----
    it('POST /api/reviews/{assignmentId}/decide', () =>
      fuzzBody(
        {
          name: '/api/reviews/{assignmentId}/decide',
          method: 'POST',
          as: () => 'WBB',
          path: (id) => `/api/reviews/${id}/decide`,
          id: () => fx.review.head().id,
          body: () => ({ decision: 'refuse', note: '不予准入' }),
          fields: {
            // Admitting needs a role or a matter, which the base body does not name.
            decision: {
              ...oneOf(['admit', 'refuse', 'return'], true),
              judge: (v) => (v === 'refuse' || v === 'return' ? 'either' : 'refuse'),
            },
            role: oneOf(ROLES, false),
            matterCode: code(MATTERS, {
              required: false,
              nullable: true,
              mustExist: false,
              format: /^[A-Z]{1,6}-\d{1,4}$/,
            }),
            note: text({ required: true, max: 2000 }),
          },
          dto: true,
          assignmentId: () => fx.review.head().id,
        },
        fx.review,
      ));

    it('POST /api/disputes/{id}/decide', () =>
      fuzzBody(
        {
          name: '/api/disputes/{id}/decide',
          method: 'POST',
          as: () => 'WBB',
          path: (id) => `/api/disputes/${id}/decide`,
          id: () => fx.arb.head().id,
          body: () => ({ upheld: 'department', note: '依清单裁定' }),
          fields: {
            upheld: oneOf(['street', 'department'], true),
            note: text({ required: true, max: 2000 }),
          },
          dto: true,
          assignmentId: () => fx.arb.head().assignmentId,
        },
        fx.arb,
      ));

    // ---- Responsibility list ----
    it('POST /api/lists (multipart import)', () => {
      const rows = seedRows();
      const col = (name: string) => rows[0].indexOf(name);
      const edit = (code: string, column: string, value: string) => {
        const copy = rows.map((r) => [...r]);
        copy.find((r) => r[0] === code)![col(column)] = value;
        return toCsv(copy);
      };
      let big: string | null = null;
      const file = (
        label: string,
        content: () => Buffer | string,
        verdict: Verdict,
        name = 'list.csv',
        type = 'text/csv',
      ) => ({
        kind: 'file' as const,
        g: { cls: 'uploads' as Cls, label, value: null, verdict },
        content,
        name,
        type,
      });
      const csv = Buffer.from(toCsv(rows));
      type M =
        | ReturnType<typeof file>
        | { kind: 'field'; field: 'version' | 'effectiveFrom'; g: Gen }
        | { kind: 'form'; g: Gen; build: (f: FormData) => void; verdict: Verdict }
        | { kind: 'json' }
        | { kind: 'valid' };
      const mutations: fc.Arbitrary<M> = fc.oneof(
        { weight: 1, arbitrary: fc.constant<M>({ kind: 'valid' }) },
        {
          weight: 4,
          arbitrary: fc.constantFrom<M>(
            file('cell with NUL', () => edit('MZ-01', 'matter_name', '走访\u0000慰问'), 'either'),
            file(
              'cell with a lone surrogate (CESU-8 bytes)',
              () => withBytes(edit('MZ-01', 'note', 'x@SUR@y'), '@SUR@', [0xed, 0xa0, 0x80]),
              'either',
            ),
            file(
              'cell with invalid UTF-8',
              () => withBytes(edit('MZ-01', 'matter_name', 'x@SUR@y'), '@SUR@', [0xc3, 0x28, 0xff]),
              'either',
            ),
            file(
              'cell with C0/C1 controls',
              () => edit('MZ-01', 'matter_name', '走访\u0001\u001b\u0085慰问'),
              'either',
            ),
            file('formula cell', () => edit('MZ-01', 'matter_name', '=HYPERLINK("http://x","y")'), 'either'),
            file('formula cell +', () => edit('MZ-01', 'note', '+cmd|" /C calc"!A0'), 'either'),
            file('zero-width-only name', () => edit('MZ-01', 'matter_name', '\u200b\u200c\ufeff'), 'refuse'),
            file('cell of 100k characters', () => edit('MZ-01', 'note', 'x'.repeat(100_000)), 'either'),
            file('empty file', () => '', 'refuse'),
            file('header only', () => toCsv([rows[0]]), 'either'),
            file(
              'binary garbage',
              () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
              'refuse',
            ),
            file(
              'fake XLSX',
              () => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(300, 7)]),
              'refuse',
              'list.xlsx',
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            ),
            file('CSV named .xlsx', () => csv, 'either', 'list.xlsx'),
            file('CSV named .exe', () => csv, 'either', 'list.exe', 'application/octet-stream'),
            file(
              '3000 columns',
              () => toCsv(rows.map((r) => [...r, ...Array.from({ length: 3000 }, (_, i) => `c${i}`)])),
              'either',
            ),
            file(
              'UTF-16 with BOM',
              () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(toCsv(rows), 'utf16le')]),
              'either',
            ),
            file(
              '6 MB file',
              () => (big ??= toCsv([rows[0], ...Array.from({ length: 12_000 }, () => rows[1])])),
              'refuse',
            ),
            file('path traversal file name', () => csv, 'either', '../../../../etc/passwd.csv'),
            file('file name with NUL', () => csv, 'either', 'list\u0000.csv'),
          ),
        },
        {
          weight: 3,
          arbitrary: fc.oneof(
            fc
              .oneof(
                textValues(),
                shapeValues().filter((g) => typeof g.value === 'string'),
              )
              .map((g) => ({ kind: 'field', field: 'version', g }) as M),
            date(true).gen.map((g) => ({ kind: 'field', field: 'effectiveFrom', g }) as M),
            fc.constant<M>({
              kind: 'field',
              field: 'version',
              g: { cls: 'ids', label: 'existing version', value: '2025.1', verdict: 'refuse' },
            }),
          ),
        },
        {
          weight: 2,
          arbitrary: fc.constantFrom<M>(
            {
              kind: 'form',
              g: { cls: 'uploads', label: 'no file', value: null },
              build: (f) => f.delete('file'),
              verdict: 'refuse',
            },
            {
              kind: 'form',
              g: { cls: 'uploads', label: 'two files', value: null },
              build: (f) => f.append('file', new Blob([csv]), 'b.csv'),
              verdict: 'refuse',
            },
            {
              kind: 'form',
              g: { cls: 'uploads', label: 'file under another name', value: null },
              build: (f) => f.append('attachment', new Blob([csv]), 'b.csv'),
              verdict: 'refuse',
            },
            {
              kind: 'form',
              g: { cls: 'shapes', label: 'unknown form field __proto__', value: null },
              build: (f) => f.append('__proto__', 'x'),
              verdict: 'refuse',
            },
            {
              kind: 'form',
              g: { cls: 'shapes', label: 'unknown form field constructor', value: null },
              build: (f) => f.append('constructor', 'x'),
              verdict: 'refuse',
            },
            {
              kind: 'form',
              g: { cls: 'shapes', label: 'version given twice', value: null },
              build: (f) => f.append('version', 'fz-dup'),
              verdict: 'refuse',
            },
            {
              kind: 'form',
              g: { cls: 'shapes', label: 'bracketed form field', value: null },
              build: (f) => f.append('version[$ne]', 'x'),
              verdict: 'refuse',
            },
          ),
        },
        { weight: 1, arbitrary: fc.constant<M>({ kind: 'json' }) },
      );
      return property(mutations, async (m) => {
        const fields = { version: `fz-imp-${++importSeq}`, effectiveFrom: '2098-01-01' };
        const req = { method: 'POST', path: '/api/lists', as: 'WBB', headers: { 'accept-language': 'en' } };
        const endpoint = 'POST /api/lists';
        let c: Case;
        if (m.kind === 'valid')
          c = {
            endpoint,
            cls: 'valid',
            label: 'valid import',
            verdict: 'either',
            req: { ...req, raw: listForm(csv, 'list.csv', fields) },
          };
        else if (m.kind === 'file')
          c = {
            endpoint,
            cls: m.g.cls,
            label: m.g.label,
            field: 'file',
            verdict: m.g.verdict!,
            req: { ...req, raw: listForm(m.content(), m.name, fields, m.type) },
          };
        else if (m.kind === 'field') {
          const value = typeof m.g.value === 'string' ? m.g.value : JSON.stringify(m.g.value);
          const verdict =
            m.g.verdict ??
            (m.field === 'version'
              ? judgeText(value, { required: true, max: 32 }) === 'refuse' || !/^[0-9A-Za-z]/.test(value)
                ? 'refuse'
                : 'either'
              : date(true).judge(value));
          c = {
            endpoint,
            cls: m.g.cls,
            label: m.g.label,
            field: m.field,
            value,
            verdict,
            req: { ...req, raw: listForm(csv, 'list.csv', { ...fields, [m.field]: value }) },
          };
        } else if (m.kind === 'form') {
          const f = listForm(csv, 'list.csv', fields);
          m.build(f);
          c = { endpoint, cls: m.g.cls, label: m.g.label, verdict: m.verdict, req: { ...req, raw: f } };
        } else
          c = {
            endpoint,
            cls: 'shapes',
            label: 'JSON instead of multipart',
            verdict: 'refuse',
            req: { ...req, json: fields },
          };
        await fz.run(c);
      });
    });

    it('POST /api/lists/{id}/publish', () =>
      fuzzBody(
        {
          name: '/api/lists/{id}/publish',
          method: 'POST',
          as: () => 'WBB',
          path: (id) => `/api/lists/${id}/publish`,
          id: () => fx.publish.head().id,
          dto: false,
        },
        fx.publish,
      ));

    it('PUT /api/lists/{id}/rules', () => {
      // One hostile value at a leaf of one rule, or a hostile shape of a rule or of the table.
      const leaf = fc.oneof(textValues(), shapeValues(), numberValues());
      const rulePaths = () =>
        fc.constantFrom(
          'id',
          'description',
          'outcome',
          'reason.zh-CN',
          'reason.en',
          'when',
          'when.fact',
          'when.eq',
          'when.in',
          'when.all',
          'when.not',
        );
      type M = { at: number; path: string; g: Gen } | { table: Gen };
      const gen: fc.Arbitrary<M> = fc.oneof(
        { weight: 5, arbitrary: fc.record({ at: fc.nat({ max: 7 }), path: rulePaths(), g: leaf }) },
        {
          weight: 1,
          arbitrary: fc.constantFrom<M>(
            { table: { cls: 'shapes', label: 'empty table', value: [], verdict: 'refuse' } },
            { table: { cls: 'shapes', label: 'table of strings', value: ['R1'], verdict: 'refuse' } },
            { table: { cls: 'shapes', label: 'condition nested ×5000', value: null, verdict: 'refuse' } },
            { table: { cls: 'shapes', label: '__proto__ key in a rule', value: null, verdict: 'refuse' } },
            {
              table: {
                cls: 'shapes',
                label: 'constructor key in a condition',
                value: null,
                verdict: 'either',
              },
            },
            {
              table: { cls: 'shapes', label: 'the fallback rule 3000 times', value: null, verdict: 'refuse' },
            },
          ),
        },
      );
      return property(gen, async (m) => {
        const rules = structuredClone(rulesBody) as Record<string, unknown>[];
        let c: Case;
        const req = (body: unknown) => ({
          method: 'PUT',
          path: `/api/lists/${rulesDraft}/rules`,
          as: 'WBB',
          json: body,
        });
        const endpoint = 'PUT /api/lists/{id}/rules';
        if ('table' in m) {
          let table: unknown = m.table.value;
          const fallback = rules[rules.length - 1];
          if (m.table.label.startsWith('condition nested'))
            table = [
              { ...rules[0], when: new Raw('{"not":'.repeat(5000) + '{"always":true}' + '}'.repeat(5000)) },
              fallback,
            ];
          else if (m.table.label.startsWith('__proto__'))
            table = [
              JSON.parse(JSON.stringify(rules[0]).replace(/^\{/, '{"__proto__":{"x":1},')),
              ...rules.slice(1),
            ];
          else if (m.table.label.startsWith('constructor'))
            table = [{ ...rules[0], when: { constructor: { prototype: {} } } }, ...rules.slice(1)];
          else if (m.table.label.startsWith('the fallback'))
            table = Array.from({ length: 3000 }, () => fallback);
          c = {
            endpoint,
            cls: m.table.cls,
            label: m.table.label,
            verdict: m.table.verdict!,
            req: req({ rules: table }),
          };
        } else {
          const i = m.at % rules.length;
          rules[i] = setPath(rules[i], m.path, m.g.value);
          // Which leaf values a rule table takes is the domain's to judge; the universal rules still hold.
          const verdict: Verdict =
            m.g.label.startsWith('huge 300k') ||
            m.g.label.startsWith('nested') ||
            m.g.label.startsWith('object with 5000')
              ? 'refuse'
              : 'either';
          c = {
            endpoint,
            cls: m.g.cls,
            label: m.g.label,
            field: `rules[${i}].${m.path}`,
            value: m.g.value,
            verdict,
            req: req({ rules }),
          };
        }
        await fz.run(c);
      });
    });

    // ---- Calendar ----
    it('PUT /api/calendar/overrides', () =>
      fuzzBody({
        name: '/api/calendar/overrides',
        method: 'PUT',
        as: () => 'admin',
        path: () => '/api/calendar/overrides',
        body: () => ({
          overrides: [{ date: '2031-05-06', workday: true, note: '调休上班' }],
          remove: ['2031-05-07'],
        }),
        fields: {
          'overrides[0].date': date(true),
          'overrides[0].workday': bool(true),
          'overrides[0].note': text({ required: true, max: 200 }),
          'remove[0]': date(true),
          overrides: {
            gen: fc.constantFrom<Gen>(
              {
                cls: 'shapes',
                label: '367 overrides',
                value: Array.from({ length: 367 }, (_, i) => ({
                  date: `2032-${String(1 + (i % 12)).padStart(2, '0')}-01`,
                  workday: true,
                  note: 'x',
                })),
                verdict: 'refuse',
              },
              {
                cls: 'shapes',
                label: 'an object for the list',
                value: { date: '2031-05-06', workday: true, note: 'x' },
                verdict: 'refuse',
              },
              { cls: 'shapes', label: 'null in the list', value: [null], verdict: 'refuse' },
              {
                cls: 'shapes',
                label: 'unknown key in an override',
                value: [{ date: '2031-05-06', workday: true, note: 'x', by: 'me' }],
                verdict: 'refuse',
              },
              {
                cls: 'shapes',
                label: '__proto__ in an override',
                value: [JSON.parse('{"date":"2031-05-06","workday":true,"note":"x","__proto__":{"x":1}}')],
                verdict: 'refuse',
              },
              {
                cls: 'dates',
                label: 'the same date twice',
                value: [
                  { date: '2031-05-06', workday: true, note: 'x' },
                  { date: '2031-05-06', workday: false, note: 'y' },
                ],
                verdict: 'either',
              },
            ),
            judge: () => 'refuse',
            required: true,
          },
          remove: {
            gen: fc.constantFrom<Gen>(
              { cls: 'shapes', label: 'a string for the list', value: '2031-05-07', verdict: 'refuse' },
              {
                cls: 'shapes',
                label: '367 dates',
                value: Array.from({ length: 367 }, () => '2031-05-07'),
                verdict: 'refuse',
              },
              { cls: 'shapes', label: 'null', value: null, verdict: 'either' },
            ),
            judge: (v) => (v === null || v === undefined ? 'either' : 'refuse'),
            required: false,
          },
        },
        dto: true,
      }));

    // ---- Notifications and webhooks ----
    it('POST /api/notifications/{id}/read', () =>
      fuzzBody({
        name: '/api/notifications/{id}/read',
        method: 'POST',
        as: () => 'D2-S01',
        path: (id) => `/api/notifications/${id}/read`,
        id: () => notificationId,
        dto: false,
      }));

    it('POST /api/notifications/read-all', () =>
      fuzzBody({
        name: '/api/notifications/read-all',
        method: 'POST',
        as: () => 'D2-S01',
        path: () => '/api/notifications/read-all',
        dto: false,
      }));

    it('POST /api/webhooks', () =>
      fuzzBody({
        name: '/api/webhooks',
        method: 'POST',
        as: () => 'admin',
        path: () => '/api/webhooks',
        body: () => ({ orgCode: 'D2-S02', url: WEBHOOK_URL }),
        fields: { orgCode: code(ORGS, { required: true }), url: url() },
        dto: true,
      }));

    it('PATCH /api/webhooks/{id}', () =>
      fuzzBody({
        name: '/api/webhooks/{id}',
        method: 'PATCH',
        as: () => 'admin',
        path: (id) => `/api/webhooks/${id}`,
        id: () => webhookId,
        body: () => ({ active: true }),
        fields: { active: bool(true) },
        dto: true,
      }));

    // ---- Delegated powers: a street's enforcement case ----
    it('POST /api/enforcement-cases', () =>
      fuzzBody({
        name: '/api/enforcement-cases',
        method: 'POST',
        as: () => 'D2-S01',
        path: () => '/api/enforcement-cases',
        body: () => ({
          powerCode: 'CG-02-I',
          subject: 'individual',
          measure: 'persuasion',
          occurredOn: '2026-01-05',
        }),
        fields: {
          // ZR-02-I is held by rural streets only and a subject may not be covered: those are 422.
          powerCode: code(SEED_POWER_CODES, { required: true }),
          subject: oneOf(['individual', 'organization'], true),
          // Another measure is either (a penalty then lacks its amount: refused, which is allowed).
          measure: oneOf(['persuasion', 'rectification_notice', 'penalty', 'transferred'], true),
          // The body's measure is persuasion: any amount at all is refused.
          amountYuan: {
            gen: fc.oneof(numberValues(), shapeValues()),
            judge: (v) => (v === undefined || v === null ? 'either' : 'refuse'),
            required: false,
          },
          // A well-formed day after today is refused too; the date judge cannot know today.
          occurredOn: date(true),
          note: text({ required: false, max: 1000 }),
        },
        dto: true,
      }));

    // ---- Users (API.md's Users line; issue 6, class 7) ----
    it('POST /api/users', () =>
      fuzzBody({
        name: '/api/users',
        method: 'POST',
        as: () => 'admin',
        path: () => '/api/users',
        body: () => ({
          username: `fz-user-${SEED}-${++userSeq}`,
          orgCode: 'D5-S06',
          role: 'street',
          password: 'Fuzz-Passw0rd-2026',
        }),
        fields: {
          username: text({ required: true, max: 64 }),
          orgCode: code(ORGS, { required: true }),
          // A role that does not fit the organisation may be refused; an unknown one must be.
          role: oneOf(['department', 'street', 'reviewer', 'supervisor', 'admin'], true),
          password: text({ required: true, max: 256 }),
        },
        dto: true,
      }));

    it('PATCH /api/users/{id}', () =>
      fuzzBody({
        name: '/api/users/{id}',
        method: 'PATCH',
        as: () => 'admin',
        path: (id) => `/api/users/${id}`,
        id: () => userId,
        body: () => ({ active: true }),
        fields: {
          active: bool(false),
          role: oneOf(['department', 'street', 'reviewer', 'supervisor', 'admin'], false),
          password: text({ required: false, max: 256, nonBlank: true }),
        },
        dto: true,
      }));

    // ---- Assessment (issue 9) ----
    /** A period: `YYYY-MM` or `YYYY-Qn` that has begun; anything else is refused (400, or 422 not begun). */
    const period = (): FieldSpec => ({
      gen: fc.oneof(
        {
          weight: 2,
          arbitrary: fc.constantFrom<Gen>(
            { cls: 'text', label: 'month 13', value: '2026-13' },
            { cls: 'text', label: 'quarter 5', value: '2026-Q5' },
            { cls: 'text', label: 'lower-case quarter', value: '2026-q4' },
            { cls: 'text', label: 'one-digit month', value: '2026-1' },
            { cls: 'text', label: 'not begun', value: '2099-01' },
            { cls: 'text', label: 'padded period', value: ' 2026-11' },
            { cls: 'valid', label: 'a past quarter', value: '2026-Q3' },
          ),
        },
        { weight: 1, arbitrary: textValues() },
        { weight: 1, arbitrary: shapeValues() },
      ),
      judge: (v) => (isPeriod(v) && !periodNotBegun(parsePeriod(v)!, new Date()) ? 'either' : 'refuse'),
      required: true,
    });
    it('POST /api/assessments', () =>
      fuzzBody({
        name: '/api/assessments',
        method: 'POST',
        as: () => 'ZFB',
        path: () => '/api/assessments',
        body: () => ({ period: '2026-10' }),
        fields: { period: period() },
        dto: true,
      }));
    it('POST /api/assessments/{period}/publish', () =>
      fuzzBody({
        name: '/api/assessments/{period}/publish',
        method: 'POST',
        as: () => 'ZFB',
        path: () => '/api/assessments/2025-01/publish',
        dto: false,
      }));
    it('POST /api/ratings/dispatched-units', () =>
      fuzzBody({
        name: '/api/ratings/dispatched-units',
        method: 'POST',
        as: () => 'D2-S01',
        path: () => '/api/ratings/dispatched-units',
        body: () => ({ period: '2026-10', departmentCode: 'ZJJ', score: 4 }),
        fields: {
          period: period(),
          departmentCode: code(['ZJJ', 'MZJ', 'SCJG'], { required: true, mustExist: false }),
          score: int({ required: true, min: 1, max: 5 }),
          comment: text({ required: false, max: 2000 }),
        },
        dto: true,
      }));

    // ---------------------------------------------------------------------------------------------
    // Lists and filters: GETs never write, whatever they are given.

    const limit = qInt(1, 200);
    it('GET /api/tasks', () =>
      fuzzQuery({
        dto: true,
        name: '/api/tasks',
        as: () => 'MZJ',
        path: () => '/api/tasks',
        base: () => ({ state: 'awaiting_signoff', limit: '5' }),
        params: { state: qEnum(ASSIGNMENT_STATES), limit, cursor: qCursor(() => cursors.tasks) },
      }));
    for (const who of ['D2-S01', 'MZJ'])
      it(`GET /api/assignments (as ${who})`, () =>
        fuzzQuery({
          dto: true,
          name: `/api/assignments (${who})`,
          as: () => who,
          path: () => '/api/assignments',
          base: () => ({ state: 'awaiting_signoff', role: 'lead', overdue: 'false', limit: '5' }),
          params: {
            state: qEnum(ASSIGNMENT_STATES),
            role: qEnum(ROLES),
            overdue: qBool(),
            taskId: qUuid(() => anyTaskId),
            limit,
            cursor: qCursor(() => cursors.assignments),
          },
        }));
    it('GET /api/reviews', () =>
      fuzzQuery({
        dto: true,
        name: '/api/reviews',
        as: () => 'WBB',
        path: () => '/api/reviews',
        base: () => ({ state: 'open', limit: '5' }),
        params: { state: qEnum(['open', 'all']), limit, cursor: qCursor(() => cursors.reviews) },
      }));
    it('GET /api/disputes', () =>
      fuzzQuery({
        dto: true,
        name: '/api/disputes',
        as: () => 'WBB',
        path: () => '/api/disputes',
        base: () => ({ state: 'open', limit: '5' }),
        params: { state: qEnum(['open', 'decided']), limit, cursor: qCursor(() => cursors.disputes) },
      }));
    it('GET /api/supervision/overdue', () =>
      fuzzQuery({
        dto: true,
        name: '/api/supervision/overdue',
        as: () => 'ZFB',
        path: () => '/api/supervision/overdue',
        base: () => ({ kind: 'signoff', orgCode: 'D2-S01', limit: '5' }),
        params: {
          kind: qEnum([...DEADLINE_KINDS, 'summons', 'joint_action']),
          orgCode: qText(16),
          limit,
          cursor: qCursor(() =>
            Buffer.from(`2026-01-01T00:00:00.000Z|${anyAssignmentId}`).toString('base64url'),
          ),
        },
      }));
    it('GET /api/notifications', () =>
      fuzzQuery({
        dto: true,
        name: '/api/notifications',
        as: () => 'D2-S01',
        path: () => '/api/notifications',
        base: () => ({ unread: 'true', limit: '5' }),
        params: { unread: qBool(), limit, cursor: qCursor(() => cursors.notifications) },
      }));
    it('GET /api/lists/current/matters', () =>
      fuzzQuery({
        dto: true,
        name: '/api/lists/current/matters',
        as: () => 'ZJJ',
        path: () => '/api/lists/current/matters',
        base: () => ({ q: '执法', category: '城市管理' }),
        params: { q: qText(100), category: qText(50) },
      }));
    it('GET /api/calendar/workdays', () =>
      fuzzQuery({
        dto: true,
        name: '/api/calendar/workdays',
        as: () => 'ZJJ',
        path: () => '/api/calendar/workdays',
        base: () => ({ from: '2026-09-20', to: '2026-10-20' }),
        params: { from: qDate(true), to: qDate(true) },
      }));
    it('GET /api/enforcement-cases', () =>
      fuzzQuery({
        dto: true,
        name: '/api/enforcement-cases',
        as: () => 'D2-S01',
        path: () => '/api/enforcement-cases',
        base: () => ({ powerCode: 'CG-02-I', from: '2026-01-01', to: '2026-12-31', limit: '5' }),
        params: {
          powerCode: qText(24),
          streetCode: qText(16),
          from: qDate(false),
          to: qDate(false),
          limit,
          cursor: qCursor(() =>
            Buffer.from(`2026-01-01T00:00:00.000Z|${anyAssignmentId}`).toString('base64url'),
          ),
        },
      }));
    it('GET /api/reports/delegated-powers', () =>
      fuzzQuery({
        dto: true,
        name: '/api/reports/delegated-powers',
        as: () => 'WBB',
        path: () => '/api/reports/delegated-powers',
        base: () => ({ period: '2026-Q1', districtCode: 'D2' }),
        params: { period: qText(7), districtCode: qText(16) },
      }));
    it('GET /api/orgs', () =>
      fuzzQuery({
        dto: true,
        name: '/api/orgs',
        as: () => 'ZJJ',
        path: () => '/api/orgs',
        base: () => ({ kind: 'street' }),
        params: { kind: qEnum(['department', 'street', 'authority', 'system']) },
      }));
    it('GET /api/webhooks', () =>
      fuzzQuery({
        dto: true,
        name: '/api/webhooks',
        as: () => 'admin',
        path: () => '/api/webhooks',
        base: () => ({ orgCode: 'D2-S01' }),
        params: { orgCode: qText(null) },
      }));
    it('GET /api/users', () =>
      fuzzQuery({
        dto: true,
        name: '/api/users',
        as: () => 'admin',
        path: () => '/api/users',
        base: () => ({ orgCode: 'D2-S01' }),
        params: { orgCode: qText(null), cursor: qCursor(() => null) },
      }));
    it('GET /api/lists', () =>
      fuzzQuery({
        dto: false,
        name: '/api/lists',
        as: () => 'WBB',
        path: () => '/api/lists',
        base: () => ({}),
        params: {},
      }));
    for (const [aggregate, id] of [
      ['task', () => anyTaskId],
      ['assignment', () => anyAssignmentId],
    ] as const)
      it(`GET /api/audit/${aggregate}/{id}`, () =>
        fuzzQuery({
          dto: false,
          name: `/api/audit/${aggregate}/{id}`,
          as: () => 'D2-S01',
          path: (i) => `/api/audit/${aggregate}/${i}`,
          id,
          base: () => ({}),
          params: {},
        }));
    it('GET /api/audit/{aggregate}/{id} (hostile aggregate)', () =>
      property(
        fc.record({ agg: pathIdValues(), id: fc.constantFrom('task', 'assignment') }),
        async ({ agg }) => {
          await fz.run({
            endpoint: 'GET /api/audit/{aggregate}/{id}',
            cls: 'ids',
            label: `aggregate: ${agg.label}`,
            field: 'aggregate',
            value: agg.value,
            verdict: 'refuse',
            status: agg.status,
            req: { method: 'GET', path: `/api/audit/${agg.value}/${anyTaskId}`, as: 'ZFB' },
          });
        },
      ));
    for (const [name, as, path, id] of [
      ['/api/tasks/{id}', 'MZJ', (i: string) => `/api/tasks/${i}`, () => anyTaskId],
      ['/api/assignments/{id}', 'D2-S01', (i: string) => `/api/assignments/${i}`, () => anyAssignmentId],
      ['/api/lists/{id}/rules', 'WBB', (i: string) => `/api/lists/${i}/rules`, () => rulesDraft],
      [
        '/api/webhooks/{id}/deliveries',
        'admin',
        (i: string) => `/api/webhooks/${i}/deliveries`,
        () => webhookId,
      ],
    ] as const)
      it(`GET ${name}`, () =>
        fuzzQuery({ dto: false, name, as: () => as, path, id, base: () => ({}), params: {} }));
  });
});

/** The text with `marker` replaced by raw bytes (ill-formed UTF-8 no JS string can spell). */
function withBytes(text: string, marker: string, bytes: number[]): Buffer {
  const [a, b] = text.split(marker);
  return Buffer.concat([Buffer.from(a), Buffer.from(bytes), Buffer.from(b)]);
}

/** Every write route of the API, as OpenAPI spells it; the coverage test keeps this list honest. */
/** The delegated powers the seed list gives (libs/domain derivePowers over config/seed). */
const SEED_POWER_CODES = [
  'AQ-04-I',
  'AQ-04-O',
  'AQ-05-I',
  'AQ-05-O',
  'CG-01-I',
  'CG-02-I',
  'CG-02-O',
  'CG-03-I',
  'CG-03-O',
  'CG-04-I',
  'CG-04-O',
  'CG-05-I',
  'HB-01-I',
  'HB-01-O',
  'ZR-02-I',
];

/**
 * Write routes added with coordination, tolerance and the workbench (issues 8–10) that have no
 * generated cases here yet. Each has its own e2e file of denials (summons, joint-actions,
 * tolerance, workbench), but not the hostile-value sweep of this suite: a known gap, listed so a
 * new route cannot slip past the coverage check unnoticed.
 */
const NOT_YET_FUZZED: string[] = [
  'POST /api/assignments/batch-sign',
  'POST /api/reviews/batch-decide',
  'PUT /api/webhooks/{id}',
  'DELETE /api/webhooks/{id}',
  'POST /api/webhooks/{id}/test',
  'POST /api/summons',
  'POST /api/summons/{id}/respond',
  'POST /api/summons/{id}/close',
  'POST /api/summons/{id}/rate',
  'POST /api/assignments/{id}/joint-actions',
  'POST /api/joint-actions/{id}/confirm',
  'POST /api/joint-actions/{id}/outcome',
  'PUT /api/tolerance-items',
  'POST /api/tolerance-claims',
  'POST /api/tolerance-claims/{id}/decide',
];

const WRITE_ROUTES = [
  'POST /api/auth/login',
  'POST /api/tasks',
  'POST /api/tasks/{id}/withdraw',
  'POST /api/tasks/{id}/resubmit',
  'POST /api/assignments/{id}/sign',
  'POST /api/assignments/{id}/dispute',
  'POST /api/assignments/{id}/progress',
  'POST /api/assignments/{id}/complete',
  'POST /api/assignments/{id}/confirm',
  'POST /api/assignments/{id}/reopen',
  'POST /api/assignments/{id}/withdraw',
  'POST /api/assignments/{id}/extension',
  'POST /api/extensions/{id}/decide',
  'POST /api/reviews/{assignmentId}/decide',
  'POST /api/disputes/{id}/decide',
  'POST /api/lists',
  'POST /api/lists/{id}/publish',
  'PUT /api/lists/{id}/rules',
  'PUT /api/calendar/overrides',
  'POST /api/notifications/{id}/read',
  'POST /api/notifications/read-all',
  'POST /api/webhooks',
  'PATCH /api/webhooks/{id}',
  'POST /api/users',
  'PATCH /api/users/{id}',
  'POST /api/assessments',
  'POST /api/assessments/{period}/publish',
  'POST /api/ratings/dispatched-units',
  'POST /api/enforcement-cases',
];
