import { encodeCursor } from '../../libs/persistence/src/pagination';
import { Harness } from '../support/harness';

/** The id half of a cursor made here (its time, before any deadline of the run, places it). */
const ZERO_ID = '00000000-0000-4000-8000-000000000000';

/**
 * The escalation ladder end to end, with the built API and worker as processes, on real time and
 * short clock-time windows: sign-for 20 s (reminder at 15 s, urge at 20 s), supervision 2 s and
 * notice 4 s past due. The window leaves room to submit, route and lose Redis before the first step
 * is due even when parallel test files load the machine (6 s did not). Only what needs real processes and real time is here: the relay turning
 * run times into BullMQ delays, the worker's job scheduler for the sweep (re-created after Redis
 * loses it), and the `overdue` flag and filter, which still read the database's now(). The
 * ladder's rules (inboxes, board, pause/resume, reviews, renewed windows) are in
 * test/medium/escalation.medium-spec.ts, on a hand-moved clock.
 */
const LADDER_ENV = {
  DEADLINE_SIGNOFF: '20s',
  ESCALATION_SUPERVISE_AFTER: '2s',
  ESCALATION_NOTICE_AFTER: '4s',
};
const WINDOW_MS = 20_000;
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

async function submit(h: Harness, street: string, due: { deadlineWorkingDays?: number; dueAt?: string }) {
  const r = await h.request('POST', '/api/tasks', {
    as: 'MZJ',
    body: {
      title: `低保入户核查(${street})`,
      streetCodes: [street],
      matterCode: 'MZ-01',
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

describe('escalation by the real worker after Redis lost every wake-up (the sweep re-arms them)', () => {
  const h = new Harness({ ...LADDER_ENV, ESCALATION_SWEEP_MS: '1000', ESCALATION_HORIZON_MS: '5000' });
  beforeAll(() => h.start(), 60_000);
  afterAll(() => h.stop());

  it('fires every step of a pending deadline once, in order, on time; the assignment shows overdue until signed', async () => {
    const { taskId, assignmentId } = await submit(h, 'D2-S04', { deadlineWorkingDays: 10 });
    await h.waitRouted([taskId]);
    const d = (await deadline(h, assignmentId, 'signoff'))!;
    expect(d.steps.map((x) => x.step)).toEqual([...STEPS]);
    expect((await assignment(h, assignmentId, 'D2-S04')).overdue).toBe(false);
    const overdueList = async () =>
      (await h.request('GET', '/api/assignments?overdue=true', { as: 'D2-S04' })).body.items.map(
        (i: any) => i.id,
      );
    expect(await overdueList()).toEqual([]);
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
    expect(street).toEqual(['notice', 'remind', 'supervise', 'urge']);
    expect(await deadlineNotes(h, 'ZFB', assignmentId)).toEqual(['notice', 'supervise']);
    const b = await board(h, '?kind=signoff');
    const item = b.items.find((i) => i.assignmentId === assignmentId);
    expect(item.steps.map((x: any) => x.step)).toEqual([...STEPS]);
    expect(item.steps.filter((x: any) => x.firedAt === null)).toEqual([]);
    // Page and counts come from one statement: a page past the last row still answers the counts.
    expect(b.counts).toContainEqual({ orgCode: 'D2-S04', kind: 'signoff', count: expect.any(Number) });
    const beyond = await board(
      h,
      `?kind=signoff&cursor=${encodeCursor('2026-01-01T00:00:00.000000Z', ZERO_ID)}`,
    );
    expect(beyond).toMatchObject({ items: [], nextCursor: null, counts: b.counts });

    // Past due on the database's clock: overdue, in the street's overdue list; signing ends it.
    const a = await assignment(h, assignmentId, 'D2-S04');
    expect(a.overdue).toBe(true);
    expect(await overdueList()).toEqual([assignmentId]);
    const late = await h.request('POST', `/api/assignments/${assignmentId}/sign`, {
      as: 'D2-S04',
      body: { version: a.version },
    });
    expect(late.status).toBe(200);
    expect(late.body.overdue).toBe(false);
    expect(await overdueList()).toEqual([]);
  });
});
