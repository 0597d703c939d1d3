import { Harness } from '../support/harness';

/**
 * The escalation ladder end to end, on short clock-time windows: sign-for and admission review 6 s
 * (reminder at 4.5 s, urge at 6 s), supervision 2 s and notice 4 s past due.
 */
const LADDER_ENV = {
  DEADLINE_SIGNOFF: '6s',
  DEADLINE_REVIEW: '6s',
  ESCALATION_SUPERVISE_AFTER: '2s',
  ESCALATION_NOTICE_AFTER: '4s',
};
const WINDOW_MS = 6000;
const STEPS = ['remind', 'urge', 'supervise', 'notice'] as const;
/**
 * How late a step may fire: its wake-up runs at the start of the next whole second (up to 1 s by
 * design), plus the job's own latency on this busy shared machine (normally < 100 ms).
 */
const LATE_MS = 2500;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface StepRow {
  step: string;
  fireAt: number;
  firedAt: number | null;
}

async function submit(
  h: Harness,
  street: string,
  due: { deadlineWorkingDays?: number; dueAt?: string },
  offList = false,
) {
  const r = await h.request('POST', '/api/tasks', {
    as: 'MZJ',
    body: {
      title: offList ? `社区养老驿站运营情况摸底(${street})` : `低保入户核查(${street})`,
      streetCodes: [street],
      ...(offList ? {} : { matterCode: 'MZ-01' }),
      actionType: 'service_delivery',
      ...due,
    },
  });
  expect(r.status).toBe(201);
  return { taskId: r.body.id as string, assignmentId: r.body.assignments[0].id as string };
}

async function assignment(h: Harness, id: string, as: string) {
  const r = await h.request('GET', `/api/assignments/${id}`, { as });
  expect(r.status).toBe(200);
  return r.body;
}

interface DeadlineView {
  kind: string;
  ownerOrg: string;
  state: string;
  startsAt: Date;
  dueAt: Date;
  remainingMs: number | null;
  metAt: Date | null;
  overdueAt: Date | null;
  steps: StepRow[];
}

/** An assignment's deadlines with their escalation steps, as its detail view shows them to a supervisor. */
async function deadlines(h: Harness, assignmentId: string): Promise<DeadlineView[]> {
  const t = (v: string | null) => (v === null ? null : new Date(v));
  return (await assignment(h, assignmentId, 'ZFB')).deadlines.map((d: any) => ({
    ...d,
    startsAt: t(d.startsAt),
    dueAt: t(d.dueAt),
    metAt: t(d.metAt),
    overdueAt: t(d.overdueAt),
    steps: d.steps.map((x: any) => ({
      step: x.step,
      fireAt: Date.parse(x.fireAt),
      firedAt: x.firedAt === null ? null : Date.parse(x.firedAt),
    })),
  }));
}

async function deadline(h: Harness, assignmentId: string, kind: string): Promise<DeadlineView | undefined> {
  return (await deadlines(h, assignmentId)).find((d) => d.kind === kind);
}

/** The deadline's id, for what only the database shows: its audit events and supervision item. */
async function deadlineId(h: Harness, assignmentId: string, kind: string): Promise<string> {
  const r = await h.db.query(`SELECT id FROM deadline WHERE assignment_id = $1 AND kind = $2`, [
    assignmentId,
    kind,
  ]);
  return r.rows[0].id;
}

async function steps(h: Harness, assignmentId: string, kind: string): Promise<StepRow[]> {
  return (await deadline(h, assignmentId, kind))?.steps ?? [];
}

const byStep = (rows: StepRow[]) =>
  Object.fromEntries(rows.map((s) => [s.step, s])) as Record<string, StepRow>;

async function waitFired(
  h: Harness,
  assignmentId: string,
  kind: string,
  which: readonly string[],
  ms: number,
) {
  await h.waitFor(
    async () => {
      const s = byStep(await steps(h, assignmentId, kind));
      return which.every((w) => s[w]?.firedAt != null);
    },
    ms,
    `${which.join(', ')} of ${kind} deadline of ${assignmentId}`,
    200,
  );
  return byStep(await steps(h, assignmentId, kind));
}

/** The deadline notifications an organisation's inbox holds for one assignment, as step names. */
async function deadlineNotes(h: Harness, org: string, assignmentId: string, deadlineKind?: string) {
  const r = await h.request('GET', '/api/notifications?limit=200', { as: org });
  expect(r.status).toBe(200);
  return (r.body.items as any[])
    .filter(
      (n) =>
        n.assignmentId === assignmentId &&
        n.kind.startsWith('deadline.') &&
        (!deadlineKind || n.payload.deadlineKind === deadlineKind),
    )
    .map((n) => n.kind.slice('deadline.'.length) as string)
    .sort();
}

async function board(h: Harness, query = '') {
  const r = await h.request('GET', `/api/supervision/overdue${query}`, { as: 'ZFB' });
  expect(r.status).toBe(200);
  return r.body as { asOf: string; items: any[]; nextCursor: string | null; counts: any[] };
}

describe('escalation ladder (wake-ups by delayed jobs; the sweep runs only every 20 s)', () => {
  // A sweep period far longer than the ladder: every step here must be woken by its own delayed job.
  const h = new Harness({ ...LADDER_ENV, ESCALATION_SWEEP_MS: '20000', ESCALATION_HORIZON_MS: '40000' });
  const s: Record<
    'ladder' | 'early' | 'dispute' | 'completion' | 'review',
    { taskId: string; assignmentId: string }
  > = {} as any;
  let completionDueAt = 0;
  let earlySignedAt = 0;
  let dispute: { id: string; before: number; after: number } = { id: '', before: 0, after: 0 };

  beforeAll(async () => {
    await h.start();
    completionDueAt = Date.now() + 12_000;
    const [ladder, early, disputed, completion, review] = await Promise.all([
      submit(h, 'D2-S04', { deadlineWorkingDays: 10 }),
      submit(h, 'D2-S05', { deadlineWorkingDays: 10 }),
      submit(h, 'D2-S06', { deadlineWorkingDays: 10 }),
      submit(h, 'D2-S07', { dueAt: new Date(completionDueAt).toISOString() }),
      submit(h, 'D2-S03', { deadlineWorkingDays: 10 }, true),
    ]);
    Object.assign(s, { ladder, early, dispute: disputed, completion, review });
    await h.waitRouted([ladder.taskId, early.taskId, disputed.taskId, completion.taskId, review.taskId]);

    // What has to happen before the reminders are due (4.5 s into the sign-for windows):
    // one street signs at once, one disputes, one signs its short-deadline task.
    const early0 = await assignment(h, early.assignmentId, 'D2-S05');
    const signed = await h.request('POST', `/api/assignments/${early.assignmentId}/sign`, {
      as: 'D2-S05',
      body: { version: early0.version },
    });
    expect(signed.status).toBe(200);
    earlySignedAt = Date.now();

    const d0 = await assignment(h, disputed.assignmentId, 'D2-S06');
    const before = Date.now();
    const dr = await h.request('POST', `/api/assignments/${disputed.assignmentId}/dispute`, {
      as: 'D2-S06',
      body: { version: d0.version, reasonCode: 'principal_is_department', reason: '低保审批主体为区民政局' },
    });
    expect(dr.status).toBe(200);
    expect(dr.body.state).toBe('disputed');
    const opened = (dr.body.timeline as any[]).find((e) => e.action === 'dispute');
    dispute = { id: opened.payload.disputeId, before, after: Date.now() };

    const c0 = await assignment(h, completion.assignmentId, 'D2-S07');
    const cs = await h.request('POST', `/api/assignments/${completion.assignmentId}/sign`, {
      as: 'D2-S07',
      body: { version: c0.version },
    });
    expect(cs.status).toBe(200);
  }, 90_000);
  afterAll(() => h.stop());

  it('fires remind, urge, supervise and notice once each, in order and on time, to the right inboxes and the board', async () => {
    const { assignmentId } = s.ladder;
    const a = await assignment(h, assignmentId, 'D2-S04');
    const d = (await deadline(h, assignmentId, 'signoff'))!;
    expect(d.dueAt.getTime() - d.startsAt.getTime()).toBe(WINDOW_MS);
    expect(new Date(a.signDueAt).getTime()).toBe(d.dueAt.getTime());

    const fired = await waitFired(h, assignmentId, 'signoff', STEPS, 30_000);
    const due = d.dueAt.getTime();
    expect(STEPS.map((x) => fired[x].fireAt)).toEqual([
      d.startsAt.getTime() + 0.75 * WINDOW_MS,
      due,
      due + 2000,
      due + 4000,
    ]);
    for (const x of STEPS) {
      expect({ step: x, early: fired[x].firedAt! < fired[x].fireAt }).toEqual({ step: x, early: false });
      expect({ step: x, late: fired[x].firedAt! - fired[x].fireAt > LATE_MS }).toEqual({
        step: x,
        late: false,
      });
    }
    const order = STEPS.map((x) => fired[x].firedAt!);
    for (let i = 1; i < order.length; i++) expect(order[i]).toBeGreaterThan(order[i - 1]);

    // Give a duplicate wake-up every chance to fire something twice, then count.
    await sleep(1500);
    const street = await deadlineNotes(h, 'D2-S04', assignmentId);
    expect(street.filter((k) => k === 'remind')).toHaveLength(1);
    expect(street.filter((k) => k === 'urge')).toHaveLength(1);
    expect(await deadlineNotes(h, 'ZFB', assignmentId)).toEqual(['notice', 'supervise']);
    // the submitting department is not an addressee of its street's deadline
    expect(await deadlineNotes(h, 'MZJ', assignmentId)).toEqual([]);
    const audit = await h.db.query(
      // Each fired step is an aggregate of its own (`<deadline id>/<step>`) holding exactly one event.
      `SELECT action, count(*)::int AS n FROM audit_event WHERE aggregate_type = 'escalation' AND aggregate_id LIKE $1 || '/%'
        GROUP BY action ORDER BY action`,
      [await deadlineId(h, assignmentId, 'signoff')],
    );
    expect(audit.rows).toEqual(
      ['notice', 'remind', 'supervise', 'urge'].map((x) => ({ action: `escalation.${x}`, n: 1 })),
    );
    const again = byStep(await steps(h, assignmentId, 'signoff'));
    expect(STEPS.map((x) => again[x].firedAt)).toEqual(STEPS.map((x) => fired[x].firedAt));

    // 督办: a supervision item for the street's overdue sign-for, listed in the notice.
    const items = await h.db.query(
      `SELECT kind, org_code AS "orgCode", in_notice_at IS NOT NULL AS "inNotice" FROM supervision_item WHERE deadline_id = $1`,
      [await deadlineId(h, assignmentId, 'signoff')],
    );
    expect(items.rows).toEqual([{ kind: 'signoff', orgCode: 'D2-S04', inNotice: true }]);

    // The supervisors' board shows the assignment with every step it fired.
    const b = await board(h, '?kind=signoff');
    const item = b.items.find((i) => i.assignmentId === assignmentId);
    expect(item).toMatchObject({
      kind: 'signoff',
      orgCode: 'D2-S04',
      streetCode: 'D2-S04',
      submitterCode: 'MZJ',
      taskId: s.ladder.taskId,
      state: 'awaiting_signoff',
    });
    expect(new Date(item.dueAt).getTime()).toBe(due);
    expect(new Date(item.overdueSince).getTime()).toBe(fired.urge.firedAt);
    expect(item.steps.map((x: any) => x.step)).toEqual([...STEPS]);
    expect(item.steps.every((x: any) => x.firedAt !== null)).toBe(true);
    expect(b.counts).toEqual(expect.arrayContaining([{ orgCode: 'D2-S04', kind: 'signoff', count: 1 }]));
    expect((await board(h, '?orgCode=D2-S04')).items.map((i) => i.assignmentId)).toEqual([assignmentId]);
    expect((await h.request('GET', '/api/supervision/overdue', { as: 'D2-S04' })).status).toBe(403);
    expect((await assignment(h, assignmentId, 'D2-S04')).overdue).toBe(true);

    // Signing late meets the deadline: it leaves the board and the assignment is no longer overdue.
    const late = await h.request('POST', `/api/assignments/${assignmentId}/sign`, {
      as: 'D2-S04',
      body: { version: a.version },
    });
    expect(late.status).toBe(200);
    expect((await deadline(h, assignmentId, 'signoff'))!.state).toBe('met');
    expect((await board(h)).items.map((i) => i.assignmentId)).not.toContain(assignmentId);
    expect(late.body.overdue).toBe(false);
  });

  it('fires nothing for a sign-for deadline met before its reminder, and opens the completion deadline instead', async () => {
    const { assignmentId, taskId } = s.early;
    const d = (await deadline(h, assignmentId, 'signoff'))!;
    expect(d.state).toBe('met');
    expect(d.metAt!.getTime()).toBeLessThan(d.startsAt.getTime() + 0.75 * WINDOW_MS);
    // Wait until even the notice (4 s past due) would have fired, with a margin.
    const wait = d.dueAt.getTime() + 4000 + LATE_MS + 500 - Date.now();
    if (wait > 0) await sleep(wait);

    expect((await steps(h, assignmentId, 'signoff')).filter((x) => x.firedAt !== null)).toEqual([]);
    expect(await deadlineNotes(h, 'D2-S05', assignmentId)).toEqual([]);
    expect(await deadlineNotes(h, 'ZFB', assignmentId)).toEqual([]);
    expect(
      (
        await h.db.query(`SELECT count(*)::int AS n FROM supervision_item WHERE assignment_id = $1`, [
          assignmentId,
        ])
      ).rows[0].n,
    ).toBe(0);
    expect((await board(h)).items.map((i) => i.assignmentId)).not.toContain(assignmentId);

    const task = await h.request('GET', `/api/tasks/${taskId}`, { as: 'MZJ' });
    const c = (await deadline(h, assignmentId, 'completion'))!;
    expect(c.state).toBe('open');
    expect(c.dueAt.getTime()).toBe(new Date(task.body.dueAt).getTime());
    expect(Math.abs(c.startsAt.getTime() - earlySignedAt)).toBeLessThan(2000);
    const cs = await steps(h, assignmentId, 'completion');
    expect(cs.map((x) => x.step)).toEqual([...STEPS]);
    expect(cs.every((x) => x.firedAt === null && x.fireAt > Date.now())).toBe(true);
    const a = await assignment(h, assignmentId, 'D2-S05');
    expect(a.state).toBe('in_progress');
    expect(a.overdue).toBe(false);
  });

  it('pauses the sign-for clock during a dispute and resumes it with the time that was left', async () => {
    const { assignmentId } = s.dispute;
    const paused = (await deadline(h, assignmentId, 'signoff'))!;
    const originalDue = paused.startsAt.getTime() + WINDOW_MS;
    expect(paused.state).toBe('paused');
    // the dispute came before the reminder, so nothing can have fired yet for a good reason
    expect(dispute.after).toBeLessThan(paused.startsAt.getTime() + 0.75 * WINDOW_MS);
    const remaining = paused.remainingMs!;
    expect(remaining).toBeGreaterThanOrEqual(originalDue - dispute.after - 100);
    expect(remaining).toBeLessThanOrEqual(originalDue - dispute.before + 100);

    // Well past the original due time and supervision time: nothing fires while paused.
    const wait = originalDue + 2000 + LATE_MS - Date.now();
    if (wait > 0) await sleep(wait);
    expect((await steps(h, assignmentId, 'signoff')).filter((x) => x.firedAt !== null)).toEqual([]);
    expect(await deadlineNotes(h, 'D2-S06', assignmentId, 'signoff')).toEqual([]);
    expect((await board(h, '?kind=signoff')).items.map((i) => i.assignmentId)).not.toContain(assignmentId);
    expect((await assignment(h, assignmentId, 'D2-S06')).overdue).toBe(false);

    // The arbitration upholds the department: the street must sign after all, in the time it had left.
    const before = Date.now();
    const r = await h.request('POST', `/api/disputes/${dispute.id}/decide`, {
      as: 'WBB',
      body: { upheld: 'department', note: '事项清单列明街道为主体' },
    });
    const after = Date.now();
    expect(r.status).toBe(200);
    const a = await assignment(h, assignmentId, 'D2-S06');
    expect(a.state).toBe('awaiting_signoff');
    const due = new Date(a.signDueAt).getTime();
    expect(due).toBeGreaterThanOrEqual(before + remaining - 50);
    expect(due).toBeLessThanOrEqual(after + remaining + 50);
    const resumed = (await deadline(h, assignmentId, 'signoff'))!;
    expect(resumed.state).toBe('open');
    expect(resumed.dueAt.getTime()).toBe(due);
    // the window keeps its length, so the reminder is still at 75% of it
    expect(resumed.dueAt.getTime() - resumed.startsAt.getTime()).toBeGreaterThan(WINDOW_MS - 100);
    expect(resumed.dueAt.getTime() - resumed.startsAt.getTime()).toBeLessThan(WINDOW_MS + 100);
    expect((await deadline(h, assignmentId, 'arbitration'))!.state).toBe('met');

    // The resumed clock escalates on its new times.
    const fired = await waitFired(h, assignmentId, 'signoff', ['remind', 'urge'], 20_000);
    expect(fired.urge.fireAt).toBe(due);
    expect(Math.abs(fired.remind.fireAt - (due - 0.25 * WINDOW_MS))).toBeLessThan(100);
    expect(fired.remind.firedAt!).toBeGreaterThanOrEqual(fired.remind.fireAt);
    expect(fired.urge.firedAt!).toBeGreaterThanOrEqual(due);
    expect(fired.urge.firedAt! - due).toBeLessThan(LATE_MS);
    expect(await deadlineNotes(h, 'D2-S06', assignmentId, 'signoff')).toEqual(
      expect.arrayContaining(['remind', 'urge']),
    );
  });

  it("escalates an overdue admission review to the organisation office, and the reviewer's decision ends it", async () => {
    const { assignmentId } = s.review;
    const d = (await deadline(h, assignmentId, 'review'))!;
    expect(d.ownerOrg).toBe('WBB');
    expect(d.dueAt.getTime() - d.startsAt.getTime()).toBe(WINDOW_MS);
    const fired = await waitFired(h, assignmentId, 'review', STEPS, 30_000);
    expect(STEPS.map((x) => fired[x].firedAt! - fired[x].fireAt <= LATE_MS)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(await deadlineNotes(h, 'WBB', assignmentId, 'review')).toEqual(
      expect.arrayContaining(['remind', 'urge']),
    );
    expect(await deadlineNotes(h, 'ZFB', assignmentId, 'review')).toEqual(['notice', 'supervise']);
    // the street has nothing to do with the office's lateness
    expect(await deadlineNotes(h, 'D2-S03', assignmentId)).toEqual([]);
    const item = (await board(h, '?kind=review')).items.find((i) => i.assignmentId === assignmentId);
    expect(item).toMatchObject({ kind: 'review', orgCode: 'WBB', state: 'in_review' });

    const r = await h.request('POST', `/api/reviews/${assignmentId}/decide`, {
      as: 'WBB',
      body: { decision: 'admit', role: 'lead', note: '属街道社区服务职责' },
    });
    expect(r.status).toBe(200);
    expect(r.body.state).toBe('awaiting_signoff');
    expect((await deadline(h, assignmentId, 'review'))!.state).toBe('met');
    const signoff = (await deadline(h, assignmentId, 'signoff'))!;
    expect(signoff).toMatchObject({ state: 'open', ownerOrg: 'D2-S03' });
    expect(signoff.steps.every((x) => x.firedAt === null)).toBe(true);
    expect((await board(h, '?kind=review')).items.map((i) => i.assignmentId)).not.toContain(assignmentId);
  });

  it('shows an assignment past its completion time on the supervision board without anyone acting', async () => {
    const { assignmentId, taskId } = s.completion;
    const c = (await deadline(h, assignmentId, 'completion'))!;
    expect(c.state).toBe('open');
    expect(c.dueAt.getTime()).toBe(completionDueAt);
    if (Date.now() < completionDueAt - 500) {
      const early = await board(h, '?kind=completion');
      expect(early.items.map((i) => i.assignmentId)).not.toContain(assignmentId);
    }
    const wait = completionDueAt + 300 - Date.now();
    if (wait > 0) await sleep(wait);

    const b = await board(h, '?kind=completion');
    const item = b.items.find((i) => i.assignmentId === assignmentId);
    expect(item).toMatchObject({ kind: 'completion', orgCode: 'D2-S07', taskId, state: 'in_progress' });
    expect(new Date(item.dueAt).getTime()).toBe(completionDueAt);
    expect(b.counts).toEqual(expect.arrayContaining([{ orgCode: 'D2-S07', kind: 'completion', count: 1 }]));
    expect((await board(h, '?kind=signoff')).items.map((i) => i.assignmentId)).not.toContain(assignmentId);
    const mine = await h.request('GET', '/api/assignments?overdue=true', { as: 'D2-S07' });
    expect(mine.body.items.map((i: any) => i.id)).toEqual([assignmentId]);

    // The whole board, one item a page, newest due first: every overdue item exactly once.
    const whole = await board(h);
    expect(whole.items.length).toBeGreaterThanOrEqual(2);
    const paged: string[] = [];
    let cursor = '';
    for (let i = 0; i < 10; i++) {
      const p = await board(h, `?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...p.items.map((x) => x.deadlineId));
      if (!p.nextCursor) break;
      cursor = p.nextCursor;
    }
    expect(paged).toEqual(whole.items.map((x) => x.deadlineId));
    const dues = whole.items.map((x) => Date.parse(x.dueAt));
    expect(dues).toEqual([...dues].sort((x, y) => y - x));
  });
});

describe('escalation after Redis lost every wake-up (the sweep re-arms them)', () => {
  const h = new Harness({ ...LADDER_ENV, ESCALATION_SWEEP_MS: '1000', ESCALATION_HORIZON_MS: '5000' });
  beforeAll(() => h.start(), 60_000);
  afterAll(() => h.stop());

  it('fires every step of a pending deadline once, in order', async () => {
    const { taskId, assignmentId } = await submit(h, 'D2-S04', { deadlineWorkingDays: 10 });
    await h.waitRouted([taskId]);
    const d = (await deadline(h, assignmentId, 'signoff'))!;
    expect(await h.loseRedis()).toBeGreaterThan(0);
    expect(Date.now()).toBeLessThan(d.startsAt.getTime() + 0.75 * WINDOW_MS);

    const fired = await waitFired(h, assignmentId, 'signoff', STEPS, 40_000);
    const order = STEPS.map((x) => fired[x].firedAt!);
    for (let i = 1; i < order.length; i++) expect(order[i]).toBeGreaterThan(order[i - 1]);
    for (const x of STEPS) {
      expect(fired[x].firedAt!).toBeGreaterThanOrEqual(fired[x].fireAt);
      // re-armed within one sweep period (1 s) of the loss
      expect({ step: x, late: fired[x].firedAt! - fired[x].fireAt > 1000 + LATE_MS }).toEqual({
        step: x,
        late: false,
      });
    }
    await sleep(1200);
    const street = await deadlineNotes(h, 'D2-S04', assignmentId);
    expect(street.filter((k) => k === 'remind' || k === 'urge')).toEqual(['remind', 'urge']);
    expect(await deadlineNotes(h, 'ZFB', assignmentId)).toEqual(['notice', 'supervise']);
    const b = await board(h, '?kind=signoff');
    expect(b.items.find((i) => i.assignmentId === assignmentId)?.steps.every((x: any) => x.firedAt)).toBe(
      true,
    );
  });
});

describe('a renewed deadline window', () => {
  const h = new Harness({
    ...LADDER_ENV,
    DEADLINE_ARBITRATION: '3s',
    ESCALATION_SWEEP_MS: '1000',
    ESCALATION_HORIZON_MS: '5000',
  });
  beforeAll(() => h.start(), 60_000);
  afterAll(() => h.stop());

  it("escalates a second dispute's arbitration afresh, once per window", async () => {
    const { assignmentId } = await submit(h, 'D3-S05', { deadlineWorkingDays: 10 });
    await h.waitRouted([
      (await h.db.query(`SELECT task_id FROM assignment WHERE id = $1`, [assignmentId])).rows[0].task_id,
    ]);
    const disputeOnce = async () => {
      const a = await assignment(h, assignmentId, 'D3-S05');
      const r = await h.request('POST', `/api/assignments/${assignmentId}/dispute`, {
        as: 'D3-S05',
        body: { version: a.version, reasonCode: 'principal_is_department', reason: '主体为民政局' },
      });
      expect(r.status).toBe(200);
      return Date.now();
    };
    const first = await disputeOnce();
    const one = await waitFired(h, assignmentId, 'arbitration', ['remind', 'urge'], 15_000);
    expect(one.urge.firedAt!).toBeGreaterThanOrEqual(first);
    const open = await h.request('GET', '/api/disputes?state=open', { as: 'WBB' });
    const disputeId = open.body.items.find(
      (d: { assignmentId: string }) => d.assignmentId === assignmentId,
    ).id;
    expect(
      (
        await h.request('POST', `/api/disputes/${disputeId}/decide`, {
          as: 'WBB',
          body: { upheld: 'department', note: '清单所列配合职责' },
        })
      ).status,
    ).toBe(200);

    const second = await disputeOnce();
    const fresh = await deadline(h, assignmentId, 'arbitration');
    expect(fresh?.state).toBe('open');
    expect(fresh?.steps.every((x) => x.firedAt === null)).toBe(true);
    const two = await waitFired(h, assignmentId, 'arbitration', ['remind', 'urge'], 15_000);
    expect(two.remind.firedAt!).toBeGreaterThanOrEqual(second);
    expect(two.urge.firedAt!).toBeGreaterThanOrEqual(second);
    const events = await h.db.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE aggregate_type = 'escalation' AND aggregate_id LIKE $1 || '/urge@%'`,
      [await deadlineId(h, assignmentId, 'arbitration')],
    );
    expect(events.rows[0].n).toBe(2);
    expect((await h.request('GET', '/api/audit/verify', { as: 'ZFB' })).body.ok).toBe(true);
  });
});
