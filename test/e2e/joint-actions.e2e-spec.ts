import type { INestApplicationContext } from '@nestjs/common';
import type { Client } from 'pg';
import {
  EscalationService,
  JointActionService,
  RoutingService,
  SubmitTaskService,
  SupervisionService,
  type Actor,
} from '@app/workflow';
import { Harness } from '../support/harness';
import { inProcessWorkflow } from '../support/in-process';
import { ManualClock } from '../support/medium';

/** Enforcement against a company's unpermitted building: the street lacks the power, so R6 decides `joint`. */
const jointTask = (street: string) => ({
  title: '科技园企业未批先建厂房查处',
  description: '企业未取得规划许可擅自建设厂房,请属地配合查处',
  streetCodes: [street],
  matterCode: 'CG-01',
  actionType: 'enforcement' as const,
  enforcementSubject: 'organization' as const,
  deadlineWorkingDays: 20,
});

const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

describe('joint actions (联合执法) over HTTP', () => {
  const h = new Harness();
  beforeAll(async () => {
    await h.start({ worker: 'in-api' });
  }, 60_000);
  afterAll(() => h.stop());

  const post = (as: string, path: string, body: unknown) => h.request('POST', path, { as, body });
  const rows = async () =>
    (
      await h.db.query(
        `SELECT (SELECT count(*) FROM joint_action) + (SELECT count(*) FROM deadline WHERE joint_action_id IS NOT NULL)
              + (SELECT count(*) FROM audit_event WHERE aggregate_type = 'joint_action') AS n`,
      )
    ).rows[0].n as string;

  async function assignmentOf(as: string, body: Record<string, unknown>) {
    const r = await post(as, '/api/tasks', body);
    expect(r.status).toBe(201);
    await h.waitRouted([r.body.id]);
    return r.body.assignments[0].id as string;
  }

  it('runs schedule → reschedule request → schedule again → confirm, both sides seeing the same record', async () => {
    const id = await assignmentOf('ZHZF', jointTask('D5-S04'));
    expect((await h.request('GET', `/api/assignments/${id}`, { as: 'D5-S04' })).body.role).toBe('joint');

    const scheduledAt = inHours(24);
    const first = await post('ZHZF', `/api/assignments/${id}/joint-actions`, {
      scheduledAt,
      place: '科技园 B 区',
      plan: '执法局两个中队,街道网格员配合现场',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      assignmentId: id,
      leadDepartmentCode: 'ZHZF',
      streetCode: 'D5-S04',
      state: 'scheduled',
      scheduledAt: new Date(scheduledAt).toISOString().replace('Z', '000Z'),
    });
    expect(first.body.deadlines.map((d: any) => [d.kind, d.ownerOrg, d.state])).toEqual([
      ['joint_confirm', 'D5-S04', 'open'],
      ['joint_outcome', 'ZHZF', 'open'],
    ]);
    // the outcome window starts at the action itself
    expect(first.body.deadlines[1].startsAt).toBe(first.body.scheduledAt);

    const streetInbox = (await h.request('GET', '/api/notifications', { as: 'D5-S04' })).body.items;
    expect(
      streetInbox.some(
        (n: any) => n.kind === 'joint_action.scheduled' && n.payload.jointActionId === first.body.id,
      ),
    ).toBe(true);

    // both sides and supervisors see it; another department does not
    for (const as of ['ZHZF', 'D5-S04', 'ZFB'])
      expect(
        (await h.request('GET', '/api/joint-actions', { as })).body.items.map((x: any) => x.id),
      ).toContain(first.body.id);
    expect((await h.request('GET', '/api/joint-actions', { as: 'SCJG' })).body.items).toEqual([]);
    expect((await h.request('GET', `/api/joint-actions/${first.body.id}`, { as: 'SCJG' })).status).toBe(404);
    expect((await h.request('GET', `/api/joint-actions/${first.body.id}`, { as: 'D1-S01' })).status).toBe(
      404,
    );

    // one live action per assignment; no outcome before the action
    let before = await rows();
    const second = await post('ZHZF', `/api/assignments/${id}/joint-actions`, {
      scheduledAt: inHours(48),
      place: '另一处',
      plan: '重复安排',
    });
    expect(second.status).toBe(409);
    const early = await post('ZHZF', `/api/joint-actions/${first.body.id}/outcome`, {
      casesOpened: 1,
      measures: ['rectification_notice'],
      note: '提前登记',
    });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('STATE_CONFLICT');
    expect(await rows()).toBe(before);

    // the street asks to reschedule, which needs a reason
    const noReason = await post('D5-S04', `/api/joint-actions/${first.body.id}/confirm`, {
      attending: false,
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details).toEqual([expect.objectContaining({ field: 'reason' })]);
    const moved = await post('D5-S04', `/api/joint-actions/${first.body.id}/confirm`, {
      attending: false,
      reason: '当天街道有防汛演练,请改期',
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ state: 'reschedule_requested', attending: false });
    expect(moved.body.deadlines.map((d: any) => [d.kind, d.state])).toEqual([
      ['joint_confirm', 'met'],
      ['joint_outcome', 'cancelled'],
    ]);
    expect(
      (await post('D5-S04', `/api/joint-actions/${first.body.id}/confirm`, { attending: true })).status,
    ).toBe(409);
    const leadInbox = (await h.request('GET', '/api/notifications', { as: 'ZHZF' })).body.items;
    expect(leadInbox.some((n: any) => n.kind === 'joint_action.reschedule_requested')).toBe(true);

    const again = await post('ZHZF', `/api/assignments/${id}/joint-actions`, {
      scheduledAt: inHours(72),
      place: '科技园 B 区',
      plan: '改期后执行',
    });
    expect(again.status).toBe(201);
    const confirmed = await post('D5-S04', `/api/joint-actions/${again.body.id}/confirm`, {
      attending: true,
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ state: 'confirmed', attending: true });

    const list = await h.request('GET', `/api/joint-actions?assignmentId=${id}`, { as: 'D5-S04' });
    expect(list.body.items.map((x: any) => [x.id, x.state])).toEqual([
      [again.body.id, 'confirmed'],
      [first.body.id, 'reschedule_requested'],
    ]);
    const byState = await h.request('GET', '/api/joint-actions?state=confirmed', { as: 'ZHZF' });
    expect(byState.body.items.map((x: any) => x.id)).toEqual([again.body.id]);
    before = await rows();
    expect(before).not.toBe('0');
  });

  it('refuses a joint action on a non-joint assignment, by a non-lead department, by a street, or in the past', async () => {
    const admitted = await assignmentOf('MZJ', {
      title: '困难群众救助申请受理',
      streetCodes: ['D1-S01'],
      matterCode: 'MZ-01',
      actionType: 'service_delivery',
      deadlineWorkingDays: 10,
    });
    const joint = await assignmentOf('ZHZF', jointTask('D5-S03'));
    const body = { scheduledAt: inHours(24), place: '现场', plan: '方案' };
    const before = await rows();

    const notJoint = await post('MZJ', `/api/assignments/${admitted}/joint-actions`, body);
    expect(notJoint.status).toBe(409);
    expect(notJoint.body).toMatchObject({ code: 'STATE_CONFLICT' });
    expect(notJoint.body.details[0].message).toMatch(/联合执法/);

    expect((await post('SCJG', `/api/assignments/${joint}/joint-actions`, body)).status).toBe(404);
    expect((await post('D5-S03', `/api/assignments/${joint}/joint-actions`, body)).status).toBe(403);
    const past = await post('ZHZF', `/api/assignments/${joint}/joint-actions`, {
      ...body,
      scheduledAt: inHours(-1),
    });
    expect(past.status).toBe(400);
    expect(past.body.details).toEqual([expect.objectContaining({ field: 'scheduledAt' })]);
    const badMeasure = await post('ZHZF', `/api/assignments/${joint}/joint-actions`, { ...body, extra: 1 });
    expect(badMeasure.status).toBe(400);
    expect(await rows()).toBe(before);

    // only the street confirms, only the lead records the outcome
    const j = await post('ZHZF', `/api/assignments/${joint}/joint-actions`, body);
    expect(j.status).toBe(201);
    expect((await post('ZHZF', `/api/joint-actions/${j.body.id}/confirm`, { attending: true })).status).toBe(
      403,
    );
    expect(
      (
        await post('D5-S03', `/api/joint-actions/${j.body.id}/outcome`, {
          casesOpened: 0,
          measures: [],
          note: 'x',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await post('ZHZF', `/api/joint-actions/${j.body.id}/outcome`, {
          casesOpened: -1,
          measures: ['fine'],
          note: 'x',
        })
      ).body.details
        .map((d: any) => d.field)
        .sort(),
    ).toEqual(['casesOpened', 'measures']);
  });
});

/**
 * The time-bound parts on a hand-moved clock: the outcome only after the action, the street's
 * confirmation due in 1 working day and the lead's outcome 5 working days after the action, both on
 * the overdue board as `joint_action` with their ladder.
 */
describe('joint action deadlines on a hand-moved clock', () => {
  // Monday 2 March 2026, 09:00 in Shanghai.
  const clock = new ManualClock('2026-03-02T01:00:00.000Z');
  let app: INestApplicationContext;
  let db: Client;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ app, db, close } = await inProcessWorkflow(`dutygate_test_joint_${process.pid}`, clock));
  });
  afterAll(() => close?.());

  const actor = async (
    org: string,
    role: Actor['roles'][number],
    kind: Actor['orgKind'],
  ): Promise<Actor> => ({
    userId: (await db.query(`SELECT id FROM app_user WHERE username = $1`, [org])).rows[0].id,
    username: org,
    orgCode: org,
    orgKind: kind,
    roles: [role],
  });

  it('takes the outcome only after the action, and escalates a missing confirmation and outcome', async () => {
    const lead = await actor('ZHZF', 'department', 'department');
    const street = await actor('D5-S04', 'street', 'street');
    const { task } = await app.get(SubmitTaskService).submit(lead, jointTask('D5-S04'), undefined);
    await app.get(RoutingService).routeTask(task.id, 1);
    const assignmentId = task.assignments[0].id;
    const actions = app.get(JointActionService);
    const board = () => app.get(SupervisionService).overdue({ kind: 'joint_action', limit: 50 });

    // Wednesday 4 March, 10:00 in Shanghai
    const j = await actions.schedule(lead, assignmentId, {
      scheduledAt: '2026-03-04T10:00:00+08:00',
      place: '科技园 B 区',
      plan: '两个中队',
    });
    expect(j.deadlines.map((d) => [d.kind, d.dueAt])).toEqual([
      ['joint_confirm', '2026-03-03T15:59:59.999000Z'], // end of the next working day
      ['joint_outcome', '2026-03-11T15:59:59.999000Z'], // 5 working days after the action
    ]);

    // the street never confirms: urged at its deadline, on the board as joint_action
    clock.set('2026-03-03T16:00:01.000Z');
    await app.get(EscalationService).fireDue();
    expect((await board()).items).toEqual([
      expect.objectContaining({
        kind: 'joint_confirm',
        orgCode: 'D5-S04',
        jointActionId: j.id,
        assignmentId,
        state: 'scheduled',
        submitterCode: 'ZHZF',
      }),
    ]);

    // an hour before the action: no outcome yet
    clock.set('2026-03-04T01:00:00.000Z');
    await expect(
      actions.outcome(lead, j.id, { casesOpened: 1, measures: ['penalty'], note: '提前' }),
    ).rejects.toMatchObject({ code: 'STATE_CONFLICT', details: [{ reason: 'before_scheduled_time' }] });

    // the street confirms late; the outcome is now owed and falls due 5 working days after the action
    await actions.confirm(street, j.id, { attending: true });
    clock.set('2026-03-11T16:00:01.000Z');
    await app.get(EscalationService).fireDue();
    expect((await board()).items.map((i) => [i.kind, i.orgCode, i.jointActionId])).toEqual([
      ['joint_outcome', 'ZHZF', j.id],
    ]);
    const fired = await db.query(
      `SELECT d.kind, array_agg(s.step ORDER BY s.fire_at) FILTER (WHERE s.fired_at IS NOT NULL) AS steps
         FROM deadline d JOIN escalation_step s ON s.deadline_id = d.id WHERE d.joint_action_id = $1 GROUP BY d.kind ORDER BY d.kind`,
      [j.id],
    );
    expect(fired.rows).toEqual([
      { kind: 'joint_confirm', steps: ['remind', 'urge'] },
      { kind: 'joint_outcome', steps: ['remind', 'urge'] },
    ]);

    const done = await actions.outcome(lead, j.id, {
      casesOpened: 2,
      measures: ['rectification_notice', 'penalty'],
      note: '责令停工并立案 2 起',
    });
    expect(done).toMatchObject({
      state: 'completed',
      casesOpened: 2,
      measures: ['rectification_notice', 'penalty'],
    });
    expect((await board()).items).toEqual([]);
    await expect(
      actions.outcome(lead, j.id, { casesOpened: 0, measures: [], note: '再次' }),
    ).rejects.toMatchObject({ code: 'STATE_CONFLICT' });
  });
});
