import type { INestApplicationContext } from '@nestjs/common';
import type { Client } from 'pg';
import { EscalationService, SummonsService, SupervisionService, type Actor } from '@app/workflow';
import { Harness } from '../support/harness';
import { inProcessWorkflow } from '../support/in-process';
import { ManualClock } from '../support/medium';

const whistle = (departmentCodes: string[], extra: Record<string, unknown> = {}) => ({
  subject: '老旧小区燃气管道占压',
  place: '东关街道幸福里 3 号楼',
  description: '燃气管道被违章搭建占压,街道无执法权,需要多部门到场处置',
  urgent: false,
  departmentCodes,
  ...extra,
});

describe('summons (吹哨报到) over HTTP', () => {
  const h = new Harness();
  beforeAll(async () => {
    await h.start({ worker: 'in-api' });
  }, 60_000);
  afterAll(() => h.stop());

  const post = (as: string, path: string, body: unknown) => h.request('POST', path, { as, body });
  const count = async (sql: string, params: unknown[] = []) =>
    (await h.db.query(sql, params)).rows[0].n as number;
  const rows = () =>
    count(
      `SELECT (SELECT count(*) FROM summons) + (SELECT count(*) FROM summons_response)
            + (SELECT count(*) FROM summons_rating) + (SELECT count(*) FROM deadline WHERE kind = 'summons')
            + (SELECT count(*) FROM audit_event WHERE aggregate_type = 'summons')
            + (SELECT count(*) FROM notification WHERE kind LIKE 'summons.%') AS n`,
    );

  async function summon(as: string, departmentCodes: string[], extra: Record<string, unknown> = {}) {
    const r = await post(as, '/api/summons', whistle(departmentCodes, extra));
    expect(r.status).toBe(201);
    return r.body as { id: string; reportByAt: string; responses: { departmentCode: string }[] };
  }

  it('runs summon → report / decline → rate → close, with deadlines, notifications and a timeline', async () => {
    const before = Date.now();
    const s = await summon('D1-S01', ['ZHZF', 'SCJG']);
    expect(s).toMatchObject({ state: 'open', streetCode: 'D1-S01', urgent: false });
    expect(s.responses.map((r) => [r.departmentCode, (r as any).state])).toEqual([
      ['SCJG', 'pending'],
      ['ZHZF', 'pending'],
    ]);
    // 1 working day: later than now, and the same for both departments
    expect(Date.parse(s.reportByAt)).toBeGreaterThan(before);
    expect(new Set(s.responses.map((r: any) => r.reportByAt))).toEqual(new Set([s.reportByAt]));

    const detail = (await h.request('GET', `/api/summons/${s.id}`, { as: 'D1-S01' })).body;
    expect(detail.deadlines.map((d: any) => [d.departmentCode, d.kind, d.ownerOrg, d.state])).toEqual([
      ['SCJG', 'summons', 'SCJG', 'open'],
      ['ZHZF', 'summons', 'ZHZF', 'open'],
    ]);
    expect(detail.deadlines[0].steps.map((x: any) => x.step)).toEqual([
      'remind',
      'urge',
      'supervise',
      'notice',
    ]);
    expect(detail.timeline.map((e: any) => e.action)).toEqual(['summons.create']);

    const inbox = (await h.request('GET', '/api/notifications', { as: 'ZHZF' })).body.items;
    expect(inbox.some((n: any) => n.kind === 'summons.created' && n.payload.summonsId === s.id)).toBe(true);

    // the department sees it among those it received; others do not see it at all
    const received = await h.request('GET', '/api/summons?role=received&state=open', { as: 'ZHZF' });
    expect(received.body.items.map((x: any) => x.id)).toContain(s.id);
    expect((await h.request('GET', '/api/summons?role=sent', { as: 'ZHZF' })).body.items).toEqual([]);
    expect((await h.request('GET', `/api/summons/${s.id}`, { as: 'CGJ' })).status).toBe(404);
    expect((await h.request('GET', `/api/summons/${s.id}`, { as: 'D1-S02' })).status).toBe(404);
    expect(
      (await h.request('GET', '/api/summons', { as: 'CGJ' })).body.items.map((x: any) => x.id),
    ).not.toContain(s.id);
    expect(
      (await post('CGJ', `/api/summons/${s.id}/respond`, { state: 'declined', note: '不归我管' })).status,
    ).toBe(404);

    // rating before the department answered: 409, nothing written
    const beforeRate = await rows();
    const early = await post('D1-S01', `/api/summons/${s.id}/rate`, { departmentCode: 'ZHZF', score: 5 });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('STATE_CONFLICT');
    expect(await rows()).toBe(beforeRate);

    const reported = await post('ZHZF', `/api/summons/${s.id}/respond`, {
      state: 'reported',
      reporter: '执法中队 王队长等 3 人',
      note: '今日下午拆除占压搭建物',
    });
    expect(reported.status).toBe(200);
    // a department sees its own answer only
    expect(reported.body.responses).toEqual([
      expect.objectContaining({
        departmentCode: 'ZHZF',
        state: 'reported',
        reporter: '执法中队 王队长等 3 人',
      }),
    ]);
    expect(reported.body.deadlines).toEqual([
      expect.objectContaining({ departmentCode: 'ZHZF', state: 'met' }),
    ]);

    const again = await post('ZHZF', `/api/summons/${s.id}/respond`, { state: 'declined', note: '重复' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ statusCode: 409, code: 'STATE_CONFLICT' });

    const declined = await post('SCJG', `/api/summons/${s.id}/respond`, {
      state: 'declined',
      note: '燃气管道不属于市场监管职责',
    });
    expect(declined.status).toBe(200);

    // the street sees both answers; the street gets notified of each
    const street = (await h.request('GET', `/api/summons/${s.id}`, { as: 'D1-S01' })).body;
    expect(street.responses.map((r: any) => [r.departmentCode, r.state])).toEqual([
      ['SCJG', 'declined'],
      ['ZHZF', 'reported'],
    ]);
    expect(street.deadlines.map((d: any) => d.state)).toEqual(['met', 'met']);
    const streetInbox = (await h.request('GET', '/api/notifications', { as: 'D1-S01' })).body.items;
    expect(
      streetInbox
        .filter((n: any) => n.payload.summonsId === s.id)
        .map((n: any) => n.kind)
        .sort(),
    ).toEqual(['summons.declined', 'summons.reported']);

    // declines are visible to supervisors
    const declinedList = await h.request('GET', '/api/summons?declined=true', { as: 'ZFB' });
    expect(declinedList.body.items.map((x: any) => x.id)).toContain(s.id);

    const rated = await post('D1-S01', `/api/summons/${s.id}/rate`, {
      departmentCode: 'ZHZF',
      score: 5,
      comment: '到场及时',
    });
    expect(rated.status).toBe(200);
    expect(rated.body.ratings).toEqual([expect.objectContaining({ departmentCode: 'ZHZF', score: 5 })]);
    const twice = await post('D1-S01', `/api/summons/${s.id}/rate`, { departmentCode: 'ZHZF', score: 1 });
    expect(twice.status).toBe(409);
    const stranger = await post('D1-S01', `/api/summons/${s.id}/rate`, { departmentCode: 'CGJ', score: 3 });
    expect(stranger.status).toBe(400);
    expect(stranger.body.details).toEqual([expect.objectContaining({ field: 'departmentCode' })]);

    const closed = await post('D1-S01', `/api/summons/${s.id}/close`, { result: '占压已拆除,管道恢复巡检' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ state: 'closed', result: '占压已拆除,管道恢复巡检' });
    expect((await post('D1-S01', `/api/summons/${s.id}/close`, { result: '再关一次' })).status).toBe(409);
    expect(closed.body.timeline.map((e: any) => e.action)).toEqual([
      'summons.create',
      'summons.report',
      'summons.decline',
      'summons.rate',
      'summons.close',
    ]);
    expect((await h.request('GET', '/api/audit/verify', { as: 'admin' })).body.ok).toBe(true);
  });

  it('refuses answers once the summons is closed, and stops awaiting them', async () => {
    const s = await summon('D1-S01', ['GAJ']);
    expect((await post('D1-S01', `/api/summons/${s.id}/close`, { result: '已自行化解' })).status).toBe(200);
    const before = await rows();
    const late = await post('GAJ', `/api/summons/${s.id}/respond`, {
      state: 'reported',
      reporter: '民警',
      note: '到场',
    });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('STATE_CONFLICT');
    expect(await rows()).toBe(before);
    const d = (await h.request('GET', `/api/summons/${s.id}`, { as: 'D1-S01' })).body.deadlines;
    expect(d.map((x: any) => x.state)).toEqual(['cancelled']);
  });

  it('links a summons to one of the street’s own assignments, never to another street’s', async () => {
    const t = await post('MZJ', '/api/tasks', {
      title: '困难群众救助申请受理',
      streetCodes: ['D1-S01', 'D1-S02'],
      matterCode: 'MZ-01',
      actionType: 'service_delivery',
      deadlineWorkingDays: 10,
    });
    expect(t.status).toBe(201);
    const own = t.body.assignments.find((a: any) => a.streetCode === 'D1-S01').id;
    const other = t.body.assignments.find((a: any) => a.streetCode === 'D1-S02').id;
    const linked = await summon('D1-S01', ['MZJ'], { assignmentId: own });
    expect(linked).toMatchObject({ assignmentId: own });

    const before = await rows();
    const foreign = await post('D1-S01', '/api/summons', whistle(['MZJ'], { assignmentId: other }));
    expect(foreign.status).toBe(400);
    expect(foreign.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(foreign.body.details).toEqual([expect.objectContaining({ field: 'assignmentId' })]);
    expect(await rows()).toBe(before);
  });

  it.each([
    ['a street', ['ZHZF', 'D1-S02'], 'departmentCodes[1]'],
    ['an unknown code', ['NOPE'], 'departmentCodes[0]'],
    ['an authority', ['ZFB'], 'departmentCodes[0]'],
    ['an empty list', [], 'departmentCodes'],
    ['a repeated department', ['ZHZF', 'ZHZF'], 'departmentCodes'],
  ])('refuses summoning %s (400, nothing written)', async (_what, codes, field) => {
    const before = await rows();
    const r = await post('D1-S01', '/api/summons', whistle(codes));
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(r.body.details.map((d: any) => d.field)).toContain(field);
    expect(await rows()).toBe(before);
  });

  it('lets only a street summon and only a summoned department answer', async () => {
    expect((await post('ZHZF', '/api/summons', whistle(['SCJG']))).status).toBe(403);
    const s = await summon('D1-S03', ['ZHZF']);
    expect(
      (await post('D1-S03', `/api/summons/${s.id}/respond`, { state: 'declined', note: 'x' })).status,
    ).toBe(403);
    expect((await post('ZHZF', `/api/summons/${s.id}/close`, { result: 'x' })).status).toBe(403);
    // reporting needs who came
    const noReporter = await post('ZHZF', `/api/summons/${s.id}/respond`, {
      state: 'reported',
      note: '到场',
    });
    expect(noReporter.status).toBe(400);
    expect(noReporter.body.details).toEqual([expect.objectContaining({ field: 'reporter' })]);
  });

  it('lets exactly one of two concurrent answers, and one of two concurrent ratings, win', async () => {
    const s = await summon('D1-S04', ['ZHZF']);
    const answers = await Promise.all(
      ['reported', 'declined'].map((state) =>
        post('ZHZF', `/api/summons/${s.id}/respond`, { state, reporter: '队员', note: `并发 ${state}` }),
      ),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM audit_event WHERE aggregate_id = $1 AND action IN ('summons.report', 'summons.decline')`,
        [s.id],
      ),
    ).toBe(1);

    const ratings = await Promise.all(
      [4, 2].map((score) => post('D1-S04', `/api/summons/${s.id}/rate`, { departmentCode: 'ZHZF', score })),
    );
    expect(ratings.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await count(`SELECT count(*)::int AS n FROM summons_rating WHERE summons_id = $1`, [s.id])).toBe(
      1,
    );
  });

  it('pages the street’s list with a keyset cursor', async () => {
    const mine = [
      await summon('D2-S01', ['CGJ']),
      await summon('D2-S01', ['CGJ']),
      await summon('D2-S01', ['CGJ']),
    ];
    const first = await h.request('GET', '/api/summons?role=sent&limit=2', { as: 'D2-S01' });
    expect(first.body.items.map((x: any) => x.id)).toEqual([mine[2].id, mine[1].id]);
    const second = await h.request('GET', `/api/summons?role=sent&limit=2&cursor=${first.body.nextCursor}`, {
      as: 'D2-S01',
    });
    expect(second.body).toMatchObject({
      items: [expect.objectContaining({ id: mine[0].id })],
      nextCursor: null,
    });
    expect((await h.request('GET', '/api/summons?role=received', { as: 'D2-S01' })).body.items).toEqual([]);
  });
});

/**
 * An urgent summons on a hand-moved clock: the department that misses its 30 minutes is urged at
 * the deadline, shows on the supervisors' overdue board (kind `summons`), and reaches supervision
 * one working day later; the department that answered in time never escalates.
 */
describe('an urgent summons that misses its 30 minutes', () => {
  // Monday 2 March 2026, 09:00 in Shanghai: an ordinary working day.
  const T0 = '2026-03-02T01:00:00.000Z';
  const clock = new ManualClock(T0);
  let app: INestApplicationContext;
  let db: Client;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ app, db, close } = await inProcessWorkflow(`dutygate_test_summons_${process.pid}`, clock));
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
  const steps = async (department: string, summonsId: string) =>
    (
      await db.query(
        `SELECT s.step, s.fired_at IS NOT NULL AS fired FROM escalation_step s JOIN deadline d ON d.id = s.deadline_id
           JOIN summons_response r ON r.id = d.summons_response_id
          WHERE r.summons_id = $1 AND r.department_code = $2 ORDER BY s.fire_at`,
        [summonsId, department],
      )
    ).rows.map((r) => `${r.step}:${r.fired ? 'fired' : 'waiting'}`);

  it('urges at 30 minutes, lists it on the board, and supervises a working day later', async () => {
    const summons = app.get(SummonsService);
    const escalation = app.get(EscalationService);
    const board = (kind: 'summons' | 'joint_action') =>
      app.get(SupervisionService).overdue({ kind, limit: 50 });
    const street = await actor('D1-S01', 'street', 'street');

    const s = await summons.create(street, {
      subject: '河道突发油污',
      place: '望江路桥下',
      description: '需要环保和水利到场',
      urgent: true,
      departmentCodes: ['STHJ', 'SLJ'],
    });
    expect(s.reportByAt).toBe('2026-03-02T01:30:00.000000Z');

    // SLJ reports after 10 minutes; STHJ stays silent
    clock.advance(10 * 60_000);
    await summons.respond(await actor('SLJ', 'department', 'department'), s.id, {
      state: 'reported',
      reporter: '水政监察 2 人',
      note: '布设围油栏',
    });

    clock.set('2026-03-02T01:29:59.000Z');
    await escalation.fireDue();
    expect(await steps('STHJ', s.id)).toEqual([
      'remind:fired',
      'urge:waiting',
      'supervise:waiting',
      'notice:waiting',
    ]);
    expect((await board('summons')).items).toEqual([]);

    clock.set('2026-03-02T01:30:01.000Z');
    await escalation.fireDue();
    expect(await steps('STHJ', s.id)).toEqual([
      'remind:fired',
      'urge:fired',
      'supervise:waiting',
      'notice:waiting',
    ]);
    expect(await steps('SLJ', s.id)).toEqual([
      'remind:waiting',
      'urge:waiting',
      'supervise:waiting',
      'notice:waiting',
    ]);
    const overdue = await board('summons');
    expect(overdue.items).toEqual([
      expect.objectContaining({
        kind: 'summons',
        orgCode: 'STHJ',
        summonsId: s.id,
        title: '河道突发油污',
        streetCode: 'D1-S01',
        state: 'pending',
        overdueSince: '2026-03-02T01:30:01.000000Z',
      }),
    ]);
    expect(overdue.counts).toEqual([{ orgCode: 'STHJ', kind: 'summons', count: 1 }]);
    expect((await board('joint_action')).items).toEqual([]);
    const urged = await db.query(
      `SELECT org_code, payload FROM notification WHERE kind = 'deadline.urge' AND payload->>'summonsId' = $1`,
      [s.id],
    );
    expect(urged.rows).toEqual([
      { org_code: 'STHJ', payload: expect.objectContaining({ deadlineKind: 'summons', summonsId: s.id }) },
    ]);

    // one working day past due: supervision (督办) for the supervisors
    clock.set('2026-03-03T16:00:00.000Z');
    await escalation.fireDue();
    expect(await steps('STHJ', s.id)).toEqual([
      'remind:fired',
      'urge:fired',
      'supervise:fired',
      'notice:waiting',
    ]);
    const items = await db.query(
      `SELECT si.kind, si.org_code, si.assignment_id FROM supervision_item si JOIN deadline d ON d.id = si.deadline_id
         JOIN summons_response r ON r.id = d.summons_response_id WHERE r.summons_id = $1`,
      [s.id],
    );
    expect(items.rows).toEqual([{ kind: 'summons', org_code: 'STHJ', assignment_id: null }]);

    // answering late still meets the deadline: off the board, and the notice never fires
    await summons.respond(await actor('STHJ', 'department', 'department'), s.id, {
      state: 'declined',
      note: '已移交市级',
    });
    expect((await board('summons')).items).toEqual([]);
    clock.set('2026-03-12T16:00:00.000Z');
    await escalation.fireDue();
    expect(await steps('STHJ', s.id)).toEqual([
      'remind:fired',
      'urge:fired',
      'supervise:fired',
      'notice:waiting',
    ]);
  });
});
