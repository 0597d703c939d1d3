import type { DisputeReason } from '@app/domain';
import {
  DepartmentDeskService,
  ReviewerDeskService,
  StreetDeskService,
  AuditService,
  InboxService,
  ReviewService,
  SubmitTaskService,
  SupervisionService,
  TaskQueriesService,
} from '@app/workflow';
import { stepsMismatches, stepStateMismatches } from '../support/deadline-steps';
import { createMediumApp, type MediumApp } from '../support/medium';
import { inKeyOrder, pastDueCounts, tallyMismatches, type OverdueCount } from '../support/overdue-tally';

/**
 * The escalation ladder on clock-time windows, driven by a hand-moved clock: sign-for and
 * admission review 6 s (reminder at 4.5 s, urge at 6 s), supervision 2 s and notice 4 s past due.
 * Wake-ups are real BullMQ jobs in this app's own Redis prefix, run by the worker's processors when
 * the test clock reaches them (test/support/medium.ts), so "on time" is exact: a step fires in the
 * wake-up of its second, never before its time and less than 1 s after it.
 *
 * Where the code still reads the real time, this file does not assert: the `overdue` flag of an
 * assignment and the `overdue` filter of the assignment list (task.repository's OVERDUE_SQL uses
 * SQL now()); test/e2e/escalation.e2e-spec.ts keeps those on real time.
 */
const LADDER = {
  DEADLINE_SIGNOFF: '6s',
  DEADLINE_REVIEW: '6s',
  ESCALATION_SUPERVISE_AFTER: '2s',
  ESCALATION_NOTICE_AFTER: '4s',
};
const WINDOW_MS = 6000;
const STEPS = ['remind', 'urge', 'supervise', 'notice'] as const;
/** The second whose wake-up fires a step due at `t` (deadline.service's bucketOf). */
const wakeUpAt = (t: number) => Math.ceil(t / 1000) * 1000;

interface StepRow {
  step: string;
  fireAt: number;
  firedAt: number | null;
}

interface DeadlineView {
  kind: string;
  ownerOrg: string;
  state: string;
  startsAt: number;
  dueAt: number;
  remainingMs: number | null;
  metAt: number | null;
  steps: StepRow[];
}

const byStep = (rows: StepRow[]) =>
  Object.fromEntries(rows.map((s) => [s.step, s])) as Record<string, StepRow>;
const t = (v: string | Date | null) => (v === null ? null : new Date(v).getTime());

/** The services a desk would call, and the reads a test needs, for one medium app. */
function desk(m: MediumApp) {
  const as = (username: string) => m.actor(username);
  const view = async (assignmentId: string, username = 'ZFB') =>
    m.get(TaskQueriesService).assignment(await as(username), assignmentId);

  const api = {
    now: () => m.clock.now().getTime(),

    /** MZJ submits a task to one street, and the routing job runs. */
    async submit(street: string, due: { deadlineWorkingDays?: number; dueAt?: string }, offList = false) {
      const { task } = await m.get(SubmitTaskService).submit(await as('MZJ'), {
        title: offList ? `社区养老驿站运营情况摸底(${street})` : `低保入户核查(${street})`,
        streetCodes: [street],
        ...(offList ? {} : { matterCode: 'MZ-01' }),
        actionType: 'service_delivery',
        ...due,
      });
      await m.jobs.runDue();
      const a = await view(task.assignments[0].id);
      expect(a.state).toBe(offList ? 'in_review' : 'awaiting_signoff');
      return { taskId: task.id, assignmentId: task.assignments[0].id };
    },

    view,

    async deadlines(assignmentId: string): Promise<DeadlineView[]> {
      return ((await view(assignmentId)).deadlines as any[]).map((d) => ({
        ...d,
        startsAt: t(d.startsAt)!,
        dueAt: t(d.dueAt)!,
        metAt: t(d.metAt),
        steps: d.steps.map((x: any) => ({ step: x.step, fireAt: t(x.fireAt)!, firedAt: t(x.firedAt) })),
      }));
    },

    async deadline(assignmentId: string, kind: string): Promise<DeadlineView> {
      const d = (await api.deadlines(assignmentId)).find((x) => x.kind === kind);
      if (!d) throw new Error(`no ${kind} deadline on ${assignmentId}`);
      return d;
    },

    /** A deadline's planned steps: all four of the ladder, or the test stops here. */
    async steps(assignmentId: string, kind: string): Promise<Record<string, StepRow>> {
      const rows = (await api.deadline(assignmentId, kind)).steps;
      expect(rows.map((s) => s.step)).toEqual([...STEPS]);
      return byStep(rows);
    },

    async firedSteps(assignmentId: string, kind: string): Promise<string[]> {
      return (await api.deadline(assignmentId, kind)).steps
        .filter((s) => s.firedAt !== null)
        .map((s) => s.step);
    },

    async deadlineId(assignmentId: string, kind: string): Promise<string> {
      const r = await m.db.query(`SELECT id FROM deadline WHERE assignment_id = $1 AND kind = $2`, [
        assignmentId,
        kind,
      ]);
      expect(r.rows).toHaveLength(1);
      return r.rows[0].id;
    },

    /** The deadline notifications an organisation's inbox holds for one assignment, as step names, sorted. */
    async notes(org: string, assignmentId: string, deadlineKind?: string): Promise<string[]> {
      const page = await m.get(InboxService).list(await as(org), { limit: 200 });
      expect(page.nextCursor).toBeNull();
      return (page.items as any[])
        .filter(
          (n) =>
            n.assignmentId === assignmentId &&
            n.kind.startsWith('deadline.') &&
            (!deadlineKind || n.payload.deadlineKind === deadlineKind),
        )
        .map((n) => n.kind.slice('deadline.'.length) as string)
        .sort();
    },

    board(
      q: {
        kind?: 'signoff' | 'review' | 'arbitration' | 'completion';
        orgCode?: string;
        cursor?: string;
        limit?: number;
      } = {},
    ) {
      return m.get(SupervisionService).overdue({ limit: 100, ...q }) as Promise<{
        asOf: string;
        items: any[];
        nextCursor: string | null;
        counts: any[];
      }>;
    },

    async sign(street: string, assignmentId: string) {
      const a = await view(assignmentId, street);
      return m.get(StreetDeskService).sign(await as(street), assignmentId, { version: a.version });
    },

    async dispute(street: string, assignmentId: string, reasonCode: DisputeReason, reason: string) {
      const a = await view(assignmentId, street);
      return m
        .get(StreetDeskService)
        .dispute(await as(street), assignmentId, { version: a.version, reasonCode, reason });
    },

    async openDispute(assignmentId: string): Promise<string> {
      const open = await m.get(ReviewService).disputes({ state: 'open', limit: 100 });
      const mine = (open.items as { id: string; assignmentId: string }[]).filter(
        (d) => d.assignmentId === assignmentId,
      );
      expect(mine).toHaveLength(1);
      return mine[0].id;
    },

    async arbitrate(disputeId: string, upheld: 'street' | 'department', note: string) {
      return m.get(ReviewerDeskService).arbitrate(await as('WBB'), disputeId, { upheld, note });
    },

    async review(assignmentId: string, d: { decision: 'admit'; role: 'lead'; note: string }) {
      return m.get(ReviewerDeskService).review(await as('WBB'), assignmentId, d);
    },

    /**
     * The board's counts, whole and by each kind and organisation, against the open deadlines past
     * due by the test clock counted one by one; and the kept tally against the marked ones.
     */
    async expectExactCounts() {
      const pastDue = await pastDueCounts(m.db, m.clock.now());
      expect(inKeyOrder((await api.board({ limit: 1 })).counts)).toEqual(pastDue);
      for (const kind of ['signoff', 'review', 'arbitration', 'completion'] as const)
        expect({ kind, counts: inKeyOrder((await api.board({ kind, limit: 1 })).counts) }).toEqual({
          kind,
          counts: pastDue.filter((c) => c.kind === kind),
        });
      for (const orgCode of new Set(pastDue.map((c) => c.orgCode)))
        expect({ orgCode, counts: inKeyOrder((await api.board({ orgCode, limit: 1 })).counts) }).toEqual({
          orgCode,
          counts: pastDue.filter((c) => c.orgCode === orgCode),
        });
      expect(await tallyMismatches(m.db)).toEqual([]);
      // and each deadline's kept steps (what the board and the detail send) against its step rows
      expect(await stepsMismatches(m.db)).toEqual([]);
      // and each step's copy of its deadline's state (what the firing's index reads)
      expect(await stepStateMismatches(m.db)).toEqual([]);
      return pastDue;
    },

    /** The ids of the fire-due-steps wake-ups run so far. */
    wakeUpsRun: () => new Set(m.jobs.ran.filter((j) => j.name === 'fire-due-steps').map((j) => j.id)),
  };
  return api;
}

/** Each step fired in the wake-up of its own second: not early, less than 1 s late. */
function expectOnTime(fired: Record<string, StepRow>, which: readonly string[]) {
  expect(which.length).toBeGreaterThan(0);
  for (const x of which) {
    expect({ step: x, fired: fired[x]?.firedAt != null }).toEqual({ step: x, fired: true });
    expect({ step: x, at: fired[x].firedAt }).toEqual({ step: x, at: wakeUpAt(fired[x].fireAt) });
  }
}

describe('escalation ladder (wake-ups by delayed jobs; no sweep runs)', () => {
  let m: MediumApp;
  let d: ReturnType<typeof desk>;

  beforeAll(async () => {
    // A sweep period far longer than the ladder; the tests also run without any sweep tick, so
    // every step here must be woken by its own delayed job.
    m = await createMediumApp({
      config: { ...LADDER, ESCALATION_SWEEP_MS: 20_000, ESCALATION_HORIZON_MS: 40_000 },
    });
    d = desk(m);
  });
  afterAll(() => m?.close());
  // Whatever a test left open, overdue or paused: the board counts it exactly.
  afterEach(() => d.expectExactCounts());

  it('fires remind, urge, supervise and notice once each, in order and on time, to the right inboxes and the board', async () => {
    const start = d.now();
    const { assignmentId, taskId } = await d.submit('D2-S04', { deadlineWorkingDays: 10 });
    const a = await d.view(assignmentId, 'D2-S04');
    const signoff = await d.deadline(assignmentId, 'signoff');
    expect(signoff.startsAt).toBe(start);
    expect(signoff.dueAt - signoff.startsAt).toBe(WINDOW_MS);
    expect(t(a.signDueAt)).toBe(signoff.dueAt);
    const due = signoff.dueAt;
    const planned = await d.steps(assignmentId, 'signoff');
    expect(STEPS.map((x) => planned[x].fireAt)).toEqual([
      start + 0.75 * WINDOW_MS,
      due,
      due + 2000,
      due + 4000,
    ]);

    // Every step's wake-up is armed in Redis, as a delayed job due in the step's second.
    const armed = await m.jobs.pending();
    for (const x of STEPS)
      expect(armed).toContainEqual(
        expect.objectContaining({ name: 'fire-due-steps', runAt: wakeUpAt(planned[x].fireAt) }),
      );

    // Up to a millisecond before each step nothing new fires; its wake-up fires it, and only it.
    for (const [i, x] of STEPS.entries()) {
      await m.jobs.advanceTo(planned[x].fireAt - 1, { sweep: false });
      expect(await d.firedSteps(assignmentId, 'signoff')).toEqual(STEPS.slice(0, i));
      await m.jobs.advanceTo(wakeUpAt(planned[x].fireAt), { sweep: false });
      expect(await d.firedSteps(assignmentId, 'signoff')).toEqual(STEPS.slice(0, i + 1));
    }
    const fired = await d.steps(assignmentId, 'signoff');
    expectOnTime(fired, STEPS);
    const order = STEPS.map((x) => fired[x].firedAt!);
    for (let i = 1; i < order.length; i++) expect(order[i]).toBeGreaterThan(order[i - 1]);
    for (const x of STEPS)
      expect(d.wakeUpsRun().has(`fire_${wakeUpAt(planned[x].fireAt) / 1000}`)).toBe(true);

    // Give a duplicate wake-up every chance to fire something twice (sweeps included), then count.
    await m.jobs.sweep();
    await m.jobs.advanceTo(d.now() + 60_000);
    // The street (the owner) hears of every step, the supervisors of supervise and notice: once each.
    expect(await d.notes('D2-S04', assignmentId)).toEqual(['notice', 'remind', 'supervise', 'urge']);
    expect(await d.notes('ZFB', assignmentId)).toEqual(['notice', 'supervise']);
    // the submitting department is not an addressee of its street's deadline
    expect(await d.notes('MZJ', assignmentId)).toEqual([]);
    const audit = await m.db.query(
      // Each fired step is an aggregate of its own (`<deadline id>/<step>@<time>`) holding exactly one event.
      `SELECT action, count(*)::int AS n FROM audit_event WHERE aggregate_type = 'escalation' AND aggregate_id LIKE $1 || '/%'
        GROUP BY action ORDER BY action`,
      [await d.deadlineId(assignmentId, 'signoff')],
    );
    expect(audit.rows).toEqual(
      ['notice', 'remind', 'supervise', 'urge'].map((x) => ({ action: `escalation.${x}`, n: 1 })),
    );
    const again = await d.steps(assignmentId, 'signoff');
    expect(STEPS.map((x) => again[x].firedAt)).toEqual(order);

    // 督办: a supervision item for the street's overdue sign-for, listed in the notice.
    const items = await m.db.query(
      `SELECT kind, org_code AS "orgCode", in_notice_at AS "inNoticeAt" FROM supervision_item WHERE deadline_id = $1`,
      [await d.deadlineId(assignmentId, 'signoff')],
    );
    expect(items.rows).toEqual([
      { kind: 'signoff', orgCode: 'D2-S04', inNoticeAt: new Date(fired.notice.firedAt!) },
    ]);

    // The supervisors' board shows the assignment with every step it fired.
    const b = await d.board({ kind: 'signoff' });
    const item = b.items.find((i) => i.assignmentId === assignmentId);
    expect(item).toMatchObject({
      kind: 'signoff',
      orgCode: 'D2-S04',
      streetCode: 'D2-S04',
      submitterCode: 'MZJ',
      taskId,
      state: 'awaiting_signoff',
    });
    expect(t(item.dueAt)).toBe(due);
    expect(t(item.overdueSince)).toBe(fired.urge.firedAt);
    expect(item.steps.map((x: any) => [x.step, t(x.firedAt)])).toEqual(
      STEPS.map((x) => [x, fired[x].firedAt]),
    );
    expect(b.counts).toEqual(expect.arrayContaining([{ orgCode: 'D2-S04', kind: 'signoff', count: 1 }]));
    expect((await d.board({ orgCode: 'D2-S04' })).items.map((i) => i.assignmentId)).toEqual([assignmentId]);

    // Signing late meets the deadline: it leaves the board, and nothing more fires for it.
    const late = await d.sign('D2-S04', assignmentId);
    expect(late.state).toBe('in_progress');
    const met = await d.deadline(assignmentId, 'signoff');
    expect(met).toMatchObject({ state: 'met', metAt: d.now() });
    expect((await d.board()).items.map((i) => i.assignmentId)).not.toContain(assignmentId);
  });

  it('fires nothing for a sign-for deadline met before its reminder, and opens the completion deadline instead', async () => {
    const { assignmentId, taskId } = await d.submit('D2-S05', { deadlineWorkingDays: 10 });
    const planned = await d.steps(assignmentId, 'signoff');
    await m.jobs.advanceTo(d.now() + 1000);
    const signedAt = d.now();
    await d.sign('D2-S05', assignmentId);
    const s = await d.deadline(assignmentId, 'signoff');
    expect(s).toMatchObject({ state: 'met', metAt: signedAt });
    expect(signedAt).toBeLessThan(planned.remind.fireAt);

    // Past the notice, sweeps included: every step's wake-up ran, and found nothing to fire.
    await m.jobs.advanceTo(wakeUpAt(planned.notice.fireAt) + 5000);
    for (const x of STEPS)
      expect(d.wakeUpsRun().has(`fire_${wakeUpAt(planned[x].fireAt) / 1000}`)).toBe(true);
    expect(await d.firedSteps(assignmentId, 'signoff')).toEqual([]);
    expect(await d.notes('D2-S05', assignmentId)).toEqual([]);
    expect(await d.notes('ZFB', assignmentId)).toEqual([]);
    const supervised = await m.db.query(
      `SELECT count(*)::int AS n FROM supervision_item WHERE assignment_id = $1`,
      [assignmentId],
    );
    expect(supervised.rows[0].n).toBe(0);
    expect((await d.board()).items.map((i) => i.assignmentId)).not.toContain(assignmentId);

    const task = await m.get(TaskQueriesService).task(await m.actor('MZJ'), taskId);
    const c = await d.deadline(assignmentId, 'completion');
    expect(c.state).toBe('open');
    expect(c.dueAt).toBe(t(task.dueAt));
    expect(c.startsAt).toBe(signedAt);
    const cs = await d.steps(assignmentId, 'completion');
    expect(STEPS.filter((x) => cs[x].firedAt !== null || cs[x].fireAt <= d.now())).toEqual([]);
    expect((await d.view(assignmentId, 'D2-S05')).state).toBe('in_progress');
  });

  it('pauses the sign-for clock during a dispute and resumes it with the time that was left', async () => {
    const { assignmentId } = await d.submit('D2-S06', { deadlineWorkingDays: 10 });
    const original = await d.steps(assignmentId, 'signoff');
    const originalDue = original.urge.fireAt;
    await m.jobs.advanceTo(d.now() + 1000);
    const disputedAt = d.now();
    const r = await d.dispute('D2-S06', assignmentId, 'principal_is_department', '低保审批主体为区民政局');
    expect(r.state).toBe('disputed');
    const disputeId = await d.openDispute(assignmentId);
    const paused = await d.deadline(assignmentId, 'signoff');
    expect(paused.state).toBe('paused');
    expect(Number(paused.remainingMs)).toBe(originalDue - disputedAt);

    // Well past the original due time and supervision time: the wake-ups run, nothing fires while paused.
    await m.jobs.advanceTo(wakeUpAt(original.notice.fireAt) + 5000);
    for (const x of STEPS)
      expect(d.wakeUpsRun().has(`fire_${wakeUpAt(original[x].fireAt) / 1000}`)).toBe(true);
    expect(await d.firedSteps(assignmentId, 'signoff')).toEqual([]);
    expect(await d.notes('D2-S06', assignmentId, 'signoff')).toEqual([]);
    expect((await d.board({ kind: 'signoff' })).items.map((i) => i.assignmentId)).not.toContain(assignmentId);
    await d.expectExactCounts();

    // The arbitration upholds the department: the street must sign after all, in the time it had left.
    const decidedAt = d.now();
    await d.arbitrate(disputeId, 'department', '事项清单列明街道为主体');
    const a = await d.view(assignmentId, 'D2-S06');
    expect(a.state).toBe('awaiting_signoff');
    const due = decidedAt + (originalDue - disputedAt);
    expect(t(a.signDueAt)).toBe(due);
    const resumed = await d.deadline(assignmentId, 'signoff');
    expect(resumed).toMatchObject({ state: 'open', dueAt: due });
    // the window keeps its length, so the reminder is still at 75% of it
    expect(resumed.dueAt - resumed.startsAt).toBe(WINDOW_MS);
    expect((await d.deadline(assignmentId, 'arbitration')).state).toBe('met');

    // The resumed clock escalates on its new times, woken by its own delayed jobs.
    const replanned = await d.steps(assignmentId, 'signoff');
    expect(replanned.remind.fireAt).toBe(due - 0.25 * WINDOW_MS);
    expect(replanned.urge.fireAt).toBe(due);
    expect(await d.firedSteps(assignmentId, 'signoff')).toEqual([]);
    await m.jobs.advanceTo(wakeUpAt(due), { sweep: false });
    expectOnTime(await d.steps(assignmentId, 'signoff'), ['remind', 'urge']);
    expect(await d.notes('D2-S06', assignmentId, 'signoff')).toEqual(['remind', 'urge']);
  });

  it("escalates an overdue admission review to the organisation office, and the reviewer's decision ends it", async () => {
    const { assignmentId } = await d.submit('D2-S03', { deadlineWorkingDays: 10 }, true);
    const review = await d.deadline(assignmentId, 'review');
    expect(review.ownerOrg).toBe('WBB');
    expect(review.dueAt - review.startsAt).toBe(WINDOW_MS);
    const planned = await d.steps(assignmentId, 'review');
    await m.jobs.advanceTo(wakeUpAt(planned.notice.fireAt), { sweep: false });
    expectOnTime(await d.steps(assignmentId, 'review'), STEPS);
    expect(await d.notes('WBB', assignmentId, 'review')).toEqual(['notice', 'remind', 'supervise', 'urge']);
    expect(await d.notes('ZFB', assignmentId, 'review')).toEqual(['notice', 'supervise']);
    // the street has nothing to do with the office's lateness
    expect(await d.notes('D2-S03', assignmentId)).toEqual([]);
    const item = (await d.board({ kind: 'review' })).items.find((i) => i.assignmentId === assignmentId);
    expect(item).toMatchObject({ kind: 'review', orgCode: 'WBB', state: 'in_review' });

    const r = await d.review(assignmentId, { decision: 'admit', role: 'lead', note: '属街道社区服务职责' });
    expect(r.state).toBe('awaiting_signoff');
    expect((await d.deadline(assignmentId, 'review')).state).toBe('met');
    const signoff = await d.deadline(assignmentId, 'signoff');
    expect(signoff).toMatchObject({ state: 'open', ownerOrg: 'D2-S03', startsAt: d.now() });
    const fresh = await d.steps(assignmentId, 'signoff');
    expect(STEPS.filter((x) => fresh[x].firedAt !== null)).toEqual([]);
    expect((await d.board({ kind: 'review' })).items.map((i) => i.assignmentId)).not.toContain(assignmentId);
  });

  it('shows an assignment past its completion time on the supervision board without anyone acting', async () => {
    const dueA = d.now() + 12_000;
    const dueB = d.now() + 14_000;
    const a = await d.submit('D2-S07', { dueAt: new Date(dueA).toISOString() });
    const b = await d.submit('D2-S01', { dueAt: new Date(dueB).toISOString() });
    await d.sign('D2-S07', a.assignmentId);
    await d.sign('D2-S01', b.assignmentId);
    const c = await d.deadline(a.assignmentId, 'completion');
    expect(c).toMatchObject({ state: 'open', dueAt: dueA });

    await m.jobs.advanceTo(dueA);
    const early = await d.board({ kind: 'completion' });
    expect(early.items.map((i) => i.assignmentId)).not.toContain(a.assignmentId);
    await m.jobs.advanceTo(dueA + 1);
    const board = await d.board({ kind: 'completion' });
    const item = board.items.find((i) => i.assignmentId === a.assignmentId);
    expect(item).toMatchObject({
      kind: 'completion',
      orgCode: 'D2-S07',
      taskId: a.taskId,
      state: 'in_progress',
    });
    expect(t(item.dueAt)).toBe(dueA);
    expect(board.items.map((i) => i.assignmentId)).not.toContain(b.assignmentId);
    expect(board.counts).toEqual(
      expect.arrayContaining([{ orgCode: 'D2-S07', kind: 'completion', count: 1 }]),
    );
    expect((await d.board({ kind: 'signoff' })).items.map((i) => i.assignmentId)).not.toContain(
      a.assignmentId,
    );

    // The whole board, one item a page, newest due first: every overdue item exactly once.
    await m.jobs.advanceTo(dueB + 1);
    const whole = await d.board();
    expect(whole.items.map((i) => i.assignmentId)).toEqual(
      expect.arrayContaining([a.assignmentId, b.assignmentId]),
    );
    const paged: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i <= whole.items.length; i++) {
      const p = await d.board({ limit: 1, cursor });
      paged.push(...p.items.map((x) => x.deadlineId));
      if (!p.nextCursor) break;
      cursor = p.nextCursor;
    }
    expect(paged).toEqual(whole.items.map((x) => x.deadlineId));
    const dues = whole.items.map((x) => t(x.dueAt)!);
    expect(dues).toEqual([...dues].sort((x, y) => y - x));
  });

  it('moves an overdue completion deadline by an approved extension: off the board, not overdue, the rest of its ladder re-planned', async () => {
    const dueAt = d.now() + 12_000;
    const { assignmentId } = await d.submit('D2-S02', { dueAt: new Date(dueAt).toISOString() });
    await d.sign('D2-S02', assignmentId);
    const planned = await d.steps(assignmentId, 'completion');
    expect(planned.urge.fireAt).toBe(dueAt);
    await m.jobs.advanceTo(wakeUpAt(dueAt) + 500, { sweep: false });
    expect(await d.firedSteps(assignmentId, 'completion')).toEqual(['remind', 'urge']);
    const overdue = (await d.view(assignmentId)).deadlines.find((x: any) => x.kind === 'completion');
    expect(overdue).toBeDefined();
    expect(t(overdue!.overdueAt)).toBe(wakeUpAt(dueAt));
    expect((await d.board({ kind: 'completion' })).items.map((i) => i.assignmentId)).toContain(assignmentId);
    await d.expectExactCounts();

    const requested = await m.get(StreetDeskService).requestExtension(await m.actor('D2-S02'), assignmentId, {
      workingDays: 3,
      reason: '入户核查需补充材料',
    });
    const ext = (requested.extensions as { id: string; state: string }[]).find((e) => e.state === 'pending');
    expect(ext).toBeDefined();
    expect(
      (await m.get(DepartmentDeskService).decideExtension(await m.actor('MZJ'), ext!.id, { approve: true }))
        .state,
    ).toBe('approved');

    const a = await d.view(assignmentId, 'D2-S02');
    const moved = await d.deadline(assignmentId, 'completion');
    expect(moved.dueAt).toBe(t(a.dueAt));
    expect(moved.dueAt).toBeGreaterThan(d.now() + 3 * 86_400_000);
    // a due time moved past the clock's now clears the overdue mark (by the test clock, not the database's)
    expect(a.deadlines.find((x: any) => x.kind === 'completion')?.overdueAt).toBeNull();
    expect((await d.board({ kind: 'completion' })).items.map((i) => i.assignmentId)).not.toContain(
      assignmentId,
    );
    // fired steps keep their times; the unfired ones follow the new due time
    const after = await d.steps(assignmentId, 'completion');
    expect([after.remind.firedAt, after.urge.firedAt]).toEqual([
      wakeUpAt(planned.remind.fireAt),
      wakeUpAt(dueAt),
    ]);
    expect([after.supervise.fireAt, after.notice.fireAt]).toEqual([moved.dueAt + 2000, moved.dueAt + 4000]);
    expect([after.supervise.firedAt, after.notice.firedAt]).toEqual([null, null]);
    await d.expectExactCounts();
  });

  it('counts the board exactly at any clock: past due before the urge marks it, marked but the clock moved back, closed', async () => {
    const dueAt = d.now() + 12_000;
    const a = await d.submit('D3-S01', { dueAt: new Date(dueAt).toISOString() });
    const b = await d.submit('D3-S01', { dueAt: new Date(dueAt).toISOString() });
    await d.sign('D3-S01', a.assignmentId);
    await d.sign('D3-S01', b.assignmentId);
    const marks = async () =>
      (
        await m.db.query(
          `SELECT overdue_at IS NOT NULL AS marked FROM deadline WHERE assignment_id = ANY($1) AND kind = 'completion'`,
          [[a.assignmentId, b.assignmentId]],
        )
      ).rows.map((r) => r.marked as boolean);
    const completion = (rows: OverdueCount[]) =>
      rows.find((c) => c.orgCode === 'D3-S01' && c.kind === 'completion')?.count ?? 0;

    // Past due, and no wake-up has run: the urge has not marked them, the board counts them anyway.
    m.clock.set(dueAt + 1500);
    expect(await marks()).toEqual([false, false]);
    expect(completion(await d.expectExactCounts())).toBe(2);

    // The wake-ups run: both marked, counted from the tally.
    await m.jobs.advanceTo(dueAt + 1600, { sweep: false });
    expect(await marks()).toEqual([true, true]);
    expect(completion(await d.expectExactCounts())).toBe(2);

    // The clock moved back before the due time: marked, yet not overdue by this clock.
    m.clock.set(dueAt - 1000);
    expect(completion(await d.expectExactCounts())).toBe(0);
    m.clock.set(dueAt + 1600);
    expect(completion(await d.expectExactCounts())).toBe(2);

    // One completed: off the tally.
    const view = await d.view(a.assignmentId, 'D3-S01');
    await m.get(StreetDeskService).complete(await m.actor('D3-S01'), a.assignmentId, {
      version: view.version,
      result: '已入户核查并上报',
    });
    expect(completion(await d.expectExactCounts())).toBe(1);
  });
});

describe('escalation after Redis lost every wake-up (the sweep re-arms them)', () => {
  let m: MediumApp;
  let d: ReturnType<typeof desk>;
  const SWEEP_MS = 1000;

  beforeAll(async () => {
    m = await createMediumApp({
      config: { ...LADDER, ESCALATION_SWEEP_MS: SWEEP_MS, ESCALATION_HORIZON_MS: 5000 },
    });
    d = desk(m);
  });
  afterAll(() => m?.close());
  afterEach(() => d.expectExactCounts());

  it('fires every step of a pending deadline once, in order', async () => {
    const { assignmentId } = await d.submit('D2-S04', { deadlineWorkingDays: 10 });
    const planned = await d.steps(assignmentId, 'signoff');
    // The reminder is within the horizon: its wake-up is in Redis, and Redis loses it.
    expect(await m.jobs.pending()).toContainEqual(
      expect.objectContaining({ name: 'fire-due-steps', runAt: wakeUpAt(planned.remind.fireAt) }),
    );
    expect(await m.loseRedis()).toBeGreaterThan(0);
    expect(await m.jobs.pending()).toEqual([]);

    // Without a sweep, the second of the reminder's wake-up passes and nothing fires: the loss is real.
    await m.jobs.advanceTo(wakeUpAt(planned.remind.fireAt) + 500, { sweep: false });
    expect(await d.firedSteps(assignmentId, 'signoff')).toEqual([]);

    // The sweep's next tick re-arms the overdue reminder for that very second (with the urge, due
    // then too), and the later steps for their own seconds.
    await m.jobs.advanceTo(wakeUpAt(planned.notice.fireAt) + 5000);
    const fired = await d.steps(assignmentId, 'signoff');
    const late = fired.remind.firedAt! - wakeUpAt(planned.remind.fireAt);
    expect(late).toBeGreaterThan(0);
    expect(late).toBeLessThanOrEqual(SWEEP_MS);
    expectOnTime(fired, ['urge', 'supervise', 'notice']);
    expect(fired.remind.firedAt!).toBeLessThanOrEqual(fired.urge.firedAt!);
    expect(fired.urge.firedAt!).toBeLessThan(fired.supervise.firedAt!);
    expect(fired.supervise.firedAt!).toBeLessThan(fired.notice.firedAt!);
    // Each wake-up the sweep armed ran once.
    const ran = m.jobs.ran.filter((j) => j.name === 'fire-due-steps').map((j) => j.id);
    expect(ran).toEqual([...new Set(ran)]);
    expect(await d.notes('D2-S04', assignmentId)).toEqual(['notice', 'remind', 'supervise', 'urge']);
    expect(await d.notes('ZFB', assignmentId)).toEqual(['notice', 'supervise']);
    const item = (await d.board({ kind: 'signoff' })).items.find((i) => i.assignmentId === assignmentId);
    expect(item.steps.map((x: any) => [x.step, t(x.firedAt)])).toEqual(
      STEPS.map((x) => [x, fired[x].firedAt]),
    );
  });
});

describe('a renewed deadline window', () => {
  let m: MediumApp;
  let d: ReturnType<typeof desk>;

  beforeAll(async () => {
    m = await createMediumApp({
      config: {
        ...LADDER,
        DEADLINE_ARBITRATION: '3s',
        ESCALATION_SWEEP_MS: 1000,
        ESCALATION_HORIZON_MS: 5000,
      },
    });
    d = desk(m);
  });
  afterAll(() => m?.close());
  afterEach(() => d.expectExactCounts());

  it("escalates a second dispute's arbitration afresh, once per window", async () => {
    const { assignmentId } = await d.submit('D3-S05', { deadlineWorkingDays: 10 });
    const first = d.now();
    await d.dispute('D3-S05', assignmentId, 'principal_is_department', '主体为民政局');
    const one = await d.steps(assignmentId, 'arbitration');
    expect(one.urge.fireAt).toBe(first + 3000);
    await m.jobs.advanceTo(wakeUpAt(one.urge.fireAt));
    expectOnTime(await d.steps(assignmentId, 'arbitration'), ['remind', 'urge']);
    await d.arbitrate(await d.openDispute(assignmentId), 'department', '清单所列配合职责');

    const second = d.now();
    await d.dispute('D3-S05', assignmentId, 'principal_is_department', '主体为民政局');
    const fresh = await d.deadline(assignmentId, 'arbitration');
    expect(fresh).toMatchObject({ state: 'open', startsAt: second, dueAt: second + 3000 });
    const two = await d.steps(assignmentId, 'arbitration');
    expect(STEPS.filter((x) => two[x].firedAt !== null)).toEqual([]);
    await m.jobs.advanceTo(wakeUpAt(two.urge.fireAt));
    const fired = await d.steps(assignmentId, 'arbitration');
    expectOnTime(fired, ['remind', 'urge']);
    expect(fired.remind.firedAt!).toBeGreaterThan(second);
    const events = await m.db.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE aggregate_type = 'escalation' AND aggregate_id LIKE $1 || '/urge@%'`,
      [await d.deadlineId(assignmentId, 'arbitration')],
    );
    expect(events.rows[0].n).toBe(2);
    expect((await m.get(AuditService).verify()).ok).toBe(true);
  });
});

describe('many steps due in the same second', () => {
  let m: MediumApp;
  let d: ReturnType<typeof desk>;

  beforeAll(async () => {
    m = await createMediumApp({
      config: { ...LADDER, ESCALATION_SWEEP_MS: 1000, ESCALATION_HORIZON_MS: 5000 },
    });
    d = desk(m);
  });
  afterAll(() => m?.close());
  afterEach(() => d.expectExactCounts());

  it("fires every one in that second's wake-up: the parallel firing streams never skip each other's steps", async () => {
    // Each round: five deadlines whose four steps all fall due while no worker runs (Redis lost
    // them); the sweep arms one wake-up for the current second, and that one job must fire all 20.
    // Firing streams that locked step rows as well as deadline rows left some for a later wake-up
    // in 2 to 8 of these 10 rounds (4 runs out of 4 failed); see DeadlineRepository.fireDue.
    const streets = ['D1-S01', 'D1-S02', 'D1-S03', 'D1-S04', 'D1-S05'];
    const left: number[] = [];
    for (let round = 0; round < 10; round++) {
      const { task } = await m.get(SubmitTaskService).submit(await m.actor('MZJ'), {
        title: '低保入户核查',
        streetCodes: streets,
        matterCode: 'MZ-01',
        actionType: 'service_delivery',
        deadlineWorkingDays: 10,
      });
      await m.jobs.runDue();
      expect(await m.loseRedis()).toBeGreaterThan(0);
      m.clock.advance(WINDOW_MS + 4000 + 1000);
      await m.jobs.sweep();
      const wakeUps = await m.jobs.pending();
      expect(wakeUps.map((j) => [j.name, j.runAt])).toEqual([['fire-due-steps', wakeUpAt(d.now())]]);
      await m.jobs.advanceTo(wakeUpAt(d.now()), { sweep: false });
      const r = await m.db.query(
        `SELECT count(*) FILTER (WHERE s.fired_at IS NULL)::int AS unfired, count(*)::int AS planned
           FROM escalation_step s JOIN deadline d ON d.id = s.deadline_id JOIN assignment a ON a.id = d.assignment_id
          WHERE a.task_id = $1 AND d.kind = 'signoff'`,
        [task.id],
      );
      expect(r.rows[0].planned).toBe(streets.length * STEPS.length);
      left.push(r.rows[0].unfired);
    }
    expect(left).toEqual(left.map(() => 0));
  });
});
