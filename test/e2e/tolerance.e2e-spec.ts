import { SubmitTaskService, ToleranceService } from '@app/workflow';
import { Harness } from '../support/harness';
import { createMediumApp, type MediumApp } from '../support/medium';

/**
 * Fault tolerance (容错纠错) end to end. Over HTTP, with the built API and worker and short
 * clock-time windows (sign-for 2 s, supervision 1 s past due), so real deadlines go overdue and real
 * supervision items are filed: the list, filing and deciding claims, every denial with nothing
 * written, a concurrent second claim, and the marks a granted claim leaves on the board, the
 * assignment's timeline and the audit chain. The 10-working-day window runs on the controllable
 * clock (the workflow in process, a hand-moved clock), across a holiday and a make-up working day.
 */
const LADDER_ENV = {
  DEADLINE_SIGNOFF: '2s',
  ESCALATION_SUPERVISE_AFTER: '1s',
  ESCALATION_NOTICE_AFTER: '1h',
};

const task = (street: string, title = '困难群众救助申请受理') => ({
  title,
  streetCodes: [street],
  matterCode: 'MZ-01',
  actionType: 'service_delivery',
  deadlineWorkingDays: 10,
});

describe('tolerance claims over HTTP', () => {
  const h = new Harness(LADDER_ENV);
  beforeAll(async () => {
    await h.start({ worker: 'in-api' });
  }, 90_000);
  afterAll(() => h.stop());

  const post = (as: string, path: string, body: unknown) => h.request('POST', path, { as, body });
  const claims = async () => (await h.db.query(`SELECT count(*)::int AS n FROM tolerance_claim`)).rows[0].n;
  const auditEvents = async () => (await h.db.query(`SELECT count(*)::int AS n FROM audit_event`)).rows[0].n;

  async function submit(street: string, title?: string) {
    const r = await h.request('POST', '/api/tasks', { as: 'MZJ', body: task(street, title) });
    expect(r.status).toBe(201);
    await h.waitRouted([r.body.id]);
    return { taskId: r.body.id as string, assignmentId: r.body.assignments[0].id as string };
  }

  /** The ids of an assignment's sign-for deadline and its supervision item, once the worker filed it. */
  async function overdueSignoff(assignmentId: string) {
    let row: { deadline_id: string; supervision_id: string | null } | undefined;
    await h.waitFor(
      async () => {
        row = (
          await h.db.query(
            `SELECT d.id AS deadline_id, s.id AS supervision_id FROM deadline d
               LEFT JOIN supervision_item s ON s.deadline_id = d.id
              WHERE d.assignment_id = $1 AND d.kind = 'signoff' AND d.overdue_at IS NOT NULL`,
            [assignmentId],
          )
        ).rows[0];
        return !!row?.supervision_id;
      },
      20_000,
      'an overdue sign-for deadline with its supervision item',
      200,
    );
    return { deadlineId: row!.deadline_id, supervisionId: row!.supervision_id! };
  }

  let first: { taskId: string; assignmentId: string; deadlineId: string; supervisionId: string };
  let grantedClaimId: string;

  beforeAll(async () => {
    const s = await submit('D2-S04', '低保入户核查(容错)');
    first = { ...s, ...(await overdueSignoff(s.assignmentId)) };
  }, 60_000);

  it('seeds the tolerance list: five tolerable items and four never tolerated, in both languages', async () => {
    const r = await h.request('GET', '/api/tolerance-items', { as: 'D2-S04' });
    expect(r.status).toBe(200);
    expect(r.body.map((i: any) => [i.code, i.tolerable])).toEqual([
      ['FORCE_MAJEURE', true],
      ['POLICY_CHANGE', true],
      ['INSTRUCTION_UNANSWERED', true],
      ['GOOD_FAITH_INNOVATION', true],
      ['SHARED_DUTY_UNCLEAR', true],
      ['FALSIFIED_RECORDS', false],
      ['PERSONAL_GAIN', false],
      ['REPEATED_AFTER_REMINDER', false],
      ['SERIOUS_SAFETY_ACCIDENT', false],
    ]);
    expect(r.body[0]).toMatchObject({
      text: expect.stringContaining('防汛'),
      textEn: expect.stringContaining('flood'),
    });
  });

  it('lists what the street may claim, with the time left; nothing for another street', async () => {
    const r = await h.request('GET', '/api/tolerance-claims/claimable', { as: 'D2-S04' });
    expect(r.status).toBe(200);
    const mine = r.body.items.filter((i: any) => i.assignmentId === first.assignmentId);
    expect(mine.map((i: any) => [i.kind, i.id]).sort()).toEqual(
      [
        ['deadline', first.deadlineId],
        ['supervision_item', first.supervisionId],
      ].sort(),
    );
    for (const i of mine) {
      expect(i).toMatchObject({
        orgCode: 'D2-S04',
        deadlineKind: 'signoff',
        claim: null,
        taskId: first.taskId,
      });
      // The window closes with the last millisecond of the tenth working day after the day it arose
      // (Beijing): two Monday-to-Friday weeks at least, so twelve days or more from any moment of any day
      // (from a Sunday under thirteen, which is why "two weeks" failed on Beijing Sundays).
      const ends = Date.parse(i.windowEndsAt);
      expect((ends + 8 * 3_600_000 + 1) % 86_400_000).toBe(0);
      expect(ends - Date.parse(i.aroseAt)).toBeGreaterThanOrEqual(12 * 86_400_000);
    }
    const other = await h.request('GET', '/api/tolerance-claims/claimable', { as: 'D1-S01' });
    expect(other.body.items.filter((i: any) => i.assignmentId === first.assignmentId)).toEqual([]);
    expect((await h.request('GET', '/api/tolerance-claims/claimable', { as: 'ZFB' })).status).toBe(403);
  });

  it('refuses bad claims with the documented 4xx and writes nothing', async () => {
    const before = { claims: await claims(), events: await auditEvents() };
    const body = {
      targetKind: 'deadline',
      targetId: first.deadlineId,
      itemCode: 'FORCE_MAJEURE',
      explanation: '防汛抢险期间全员上堤',
    };
    const cases: [string, string, unknown, number, string, string[]?][] = [
      [
        'malformed target id',
        'D2-S04',
        { ...body, targetId: 'not-a-uuid' },
        400,
        'VALIDATION_FAILED',
        ['targetId'],
      ],
      [
        'unknown target kind',
        'D2-S04',
        { ...body, targetKind: 'task' },
        400,
        'VALIDATION_FAILED',
        ['targetKind'],
      ],
      [
        'unknown item code',
        'D2-S04',
        { ...body, itemCode: 'NO_SUCH_ITEM' },
        400,
        'VALIDATION_FAILED',
        ['itemCode'],
      ],
      [
        'malformed item code',
        'D2-S04',
        { ...body, itemCode: 'force majeure' },
        400,
        'VALIDATION_FAILED',
        ['itemCode'],
      ],
      [
        'blank explanation',
        'D2-S04',
        { ...body, explanation: ' \u200b ' },
        400,
        'VALIDATION_FAILED',
        ['explanation'],
      ],
      ['unknown field', 'D2-S04', { ...body, state: 'granted' }, 400, 'VALIDATION_FAILED', ['state']],
      ["someone else's deadline", 'D1-S01', body, 404, 'NOT_FOUND'],
      [
        "someone else's supervision item",
        'D1-S01',
        { ...body, targetKind: 'supervision_item', targetId: first.supervisionId },
        404,
        'NOT_FOUND',
      ],
      ['the submitting department', 'MZJ', body, 404, 'NOT_FOUND'],
      ['a target of the wrong kind', 'D2-S04', { ...body, targetKind: 'dispute' }, 404, 'NOT_FOUND'],
      [
        'an unknown target',
        'D2-S04',
        { ...body, targetId: '00000000-0000-4000-8000-000000000000' },
        404,
        'NOT_FOUND',
      ],
      ['a non-tolerable item', 'D2-S04', { ...body, itemCode: 'FALSIFIED_RECORDS' }, 422, 'NOT_TOLERABLE'],
      ['a supervisor', 'ZFB', body, 403, 'FORBIDDEN'],
    ];
    for (const [what, as, b, status, code, fields] of cases) {
      const r = await post(as, '/api/tolerance-claims', b);
      expect({ what, status: r.status, code: r.body.code }).toEqual({ what, status, code });
      if (fields) expect(r.body.details.map((d: any) => d.field)).toEqual(fields);
    }
    const en = await h.request('POST', '/api/tolerance-claims', {
      as: 'D2-S04',
      body: { ...body, itemCode: 'PERSONAL_GAIN' },
      headers: { 'accept-language': 'en' },
    });
    expect(en.status).toBe(422);
    expect(en.body.message).toMatch(/never tolerated/);
    expect({ claims: await claims(), events: await auditEvents() }).toEqual(before);
  });

  it('lets exactly one of concurrent claims on the same deadline land; the rest get 409 CLAIM_EXISTS', async () => {
    const results = await Promise.all(
      [
        'FORCE_MAJEURE',
        'POLICY_CHANGE',
        'INSTRUCTION_UNANSWERED',
        'FORCE_MAJEURE',
        'GOOD_FAITH_INNOVATION',
      ].map((itemCode) =>
        post('D2-S04', '/api/tolerance-claims', {
          targetKind: 'deadline',
          targetId: first.deadlineId,
          itemCode,
          explanation: '11月3日防汛指挥部启动Ⅳ级应急响应,街道人员全部上堤',
          evidence: '区防指〔2026〕12号通知',
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'CLAIM_EXISTS')).toBe(true);
    const won = results.find((r) => r.status === 201)!.body;
    expect(won).toMatchObject({
      targetKind: 'deadline',
      targetId: first.deadlineId,
      orgCode: 'D2-S04',
      assignmentId: first.assignmentId,
      state: 'pending',
      filedBy: 'D2-S04',
      decidedAt: null,
      evidence: '区防指〔2026〕12号通知',
      target: { kind: 'deadline', deadlineKind: 'signoff', taskId: first.taskId, streetCode: 'D2-S04' },
    });
    grantedClaimId = won.id;
    const rows = await h.db.query(`SELECT id FROM tolerance_claim WHERE target_id = $1`, [first.deadlineId]);
    expect(rows.rows).toEqual([{ id: won.id }]);
    // Once more, later: still 409.
    const again = await post('D2-S04', '/api/tolerance-claims', {
      targetKind: 'deadline',
      targetId: first.deadlineId,
      itemCode: 'FORCE_MAJEURE',
      explanation: '再次申请',
    });
    expect([again.status, again.body.code]).toEqual([409, 'CLAIM_EXISTS']);
  });

  it('shows the pending claim on the board, in the supervisor queue and to its own street only', async () => {
    const board = await h.request('GET', '/api/supervision/overdue?orgCode=D2-S04&limit=200', { as: 'ZFB' });
    const row = board.body.items.find((i: any) => i.deadlineId === first.deadlineId);
    expect(row.tolerance).toEqual({
      claimId: grantedClaimId,
      targetKind: 'deadline',
      state: 'pending',
      itemCode: expect.any(String),
    });
    const queue = await h.request('GET', '/api/tolerance-claims?state=pending', { as: 'ZFB' });
    expect(queue.body.items.map((c: any) => c.id)).toContain(grantedClaimId);
    const own = await h.request('GET', '/api/tolerance-claims', { as: 'D2-S04' });
    expect(own.body.items.map((c: any) => c.id)).toEqual([grantedClaimId]);
    const others = await h.request('GET', '/api/tolerance-claims', { as: 'D1-S01' });
    expect(others.body.items).toEqual([]);
    expect((await h.request('GET', `/api/tolerance-claims/${grantedClaimId}`, { as: 'D1-S01' })).status).toBe(
      404,
    );
    expect(
      (await h.request('GET', `/api/audit/tolerance_claim/${grantedClaimId}`, { as: 'D1-S01' })).status,
    ).toBe(404);
    expect((await h.request('GET', '/api/tolerance-claims/not-a-uuid', { as: 'ZFB' })).status).toBe(404);
    expect((await h.request('GET', '/api/tolerance-claims?state=won', { as: 'ZFB' })).status).toBe(400);

    const detail = await h.request('GET', `/api/tolerance-claims/${grantedClaimId}`, { as: 'ZFB' });
    expect(detail.status).toBe(200);
    expect(detail.body.item).toMatchObject({ code: detail.body.itemCode, tolerable: true });
    expect(detail.body.history.map((e: any) => e.action)).toEqual(
      expect.arrayContaining(['tolerance.filed']),
    );
    expect(detail.body.events.map((e: any) => e.action)).toEqual(['tolerance.filed']);
  });

  it('grants once with a reason; the board, the timeline and the audit chain mark the item tolerated', async () => {
    const path = `/api/tolerance-claims/${grantedClaimId}/decide`;
    expect((await post('D2-S04', path, { decision: 'granted', note: '自己批' })).status).toBe(403);
    const bad = await post('ZFB', path, { decision: 'approved', note: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: any) => d.field).sort()).toEqual(['decision', 'note']);
    expect(
      (await post('ZFB', '/api/tolerance-claims/not-a-uuid/decide', { decision: 'granted', note: 'x' }))
        .status,
    ).toBe(404);
    expect(
      (
        await post('ZFB', '/api/tolerance-claims/00000000-0000-4000-8000-000000000000/decide', {
          decision: 'granted',
          note: 'x',
        })
      ).status,
    ).toBe(404);

    // Two supervisors' clicks at once: the claim is decided once.
    const both = await Promise.all(
      [1, 2].map(() => post('ZFB', path, { decision: 'granted', note: '经核实属防汛抢险,予以容错' })),
    );
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const decided = both.find((r) => r.status === 200)!.body;
    expect(decided).toMatchObject({ state: 'granted', decidedBy: 'ZFB', note: '经核实属防汛抢险,予以容错' });
    expect((await post('ZFB', path, { decision: 'refused', note: 'again' })).status).toBe(409);

    const board = await h.request('GET', '/api/supervision/overdue?orgCode=D2-S04&limit=200', { as: 'ZFB' });
    expect(board.body.items.find((i: any) => i.deadlineId === first.deadlineId).tolerance).toMatchObject({
      claimId: grantedClaimId,
      state: 'granted',
    });
    const assignment = await h.request('GET', `/api/assignments/${first.assignmentId}`, { as: 'D2-S04' });
    const marks = assignment.body.timeline.filter((e: any) => e.action.startsWith('tolerance.'));
    expect(marks.map((e: any) => [e.action, e.payload.claimId])).toEqual([
      ['tolerance.filed', grantedClaimId],
      ['tolerance.granted', grantedClaimId],
    ]);
    expect(marks[1].payload).toMatchObject({
      decision: 'granted',
      targetKind: 'deadline',
      targetId: first.deadlineId,
    });
    // The assignment itself is untouched: a tolerated item stays in the history.
    expect(assignment.body.state).toBe('awaiting_signoff');
    const chain = await h.request('GET', `/api/audit/tolerance_claim/${grantedClaimId}`, { as: 'D2-S04' });
    expect(chain.body.map((e: any) => [e.seq, e.action, e.toState])).toEqual([
      [1, 'tolerance.filed', 'pending'],
      [2, 'tolerance.granted', 'granted'],
    ]);
    const verify = await h.request('GET', '/api/audit/verify', { as: 'ZFB' });
    expect(verify.body.ok).toBe(true);

    const inbox = async (org: string) =>
      ((await h.request('GET', '/api/notifications?limit=200', { as: org })).body.items as any[])
        .filter((n) => n.kind.startsWith('tolerance.') && n.payload.claimId === grantedClaimId)
        .map((n) => n.kind);
    expect(await inbox('ZFB')).toEqual(['tolerance.filed']);
    expect(await inbox('D2-S04')).toEqual(['tolerance.granted']);
  });

  it('refuses a claim on the supervision item with a reason, and tells the street', async () => {
    const filed = await post('D2-S04', '/api/tolerance-claims', {
      targetKind: 'supervision_item',
      targetId: first.supervisionId,
      itemCode: 'INSTRUCTION_UNANSWERED',
      explanation: '已于11月2日书面请示,未获答复',
    });
    expect(filed.status).toBe(201);
    const refused = await post('ZFB', `/api/tolerance-claims/${filed.body.id}/decide`, {
      decision: 'refused',
      note: '请示记录显示已获答复',
    });
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ state: 'refused', note: '请示记录显示已获答复' });
    const notes = (
      await h.request('GET', '/api/notifications?limit=200', { as: 'D2-S04' })
    ).body.items.filter((n: any) => n.payload.claimId === filed.body.id);
    expect(notes.map((n: any) => n.kind)).toEqual(['tolerance.refused']);
    // The board keeps showing the deadline's own (granted) claim first.
    const board = await h.request('GET', '/api/supervision/overdue?orgCode=D2-S04&limit=200', { as: 'ZFB' });
    expect(board.body.items.find((i: any) => i.deadlineId === first.deadlineId).tolerance.state).toBe(
      'granted',
    );
  });

  it('lets only the party that lost a dispute claim it', async () => {
    const { assignmentId } = await submit('D3-S02', '争议容错测试');
    const a = await h.request('GET', `/api/assignments/${assignmentId}`, { as: 'D3-S02' });
    const d = await post('D3-S02', `/api/assignments/${assignmentId}/dispute`, {
      version: a.body.version,
      reasonCode: 'not_on_list',
      reason: '不属于街道职责',
    });
    expect(d.status).toBe(200);
    const open = await h.request('GET', '/api/disputes?state=open', { as: 'WBB' });
    const dispute = open.body.items.find((i: any) => i.assignmentId === assignmentId);
    const body = {
      targetKind: 'dispute',
      targetId: dispute.id,
      itemCode: 'SHARED_DUTY_UNCLEAR',
      explanation: '职责交叉',
    };
    // Not decided yet: a party is told it is not lost (409); an outsider sees nothing (404).
    expect((await post('D3-S02', '/api/tolerance-claims', body)).status).toBe(409);
    expect((await post('D1-S01', '/api/tolerance-claims', body)).status).toBe(404);
    expect(
      (await post('WBB', `/api/disputes/${dispute.id}/decide`, { upheld: 'department', note: '属清单事项' }))
        .status,
    ).toBe(200);
    // The department won: it has nothing to claim.
    const won = await post('MZJ', '/api/tolerance-claims', body);
    expect([won.status, won.body.details[0].field]).toEqual([409, 'targetId']);
    const lost = await post('D3-S02', '/api/tolerance-claims', body);
    expect(lost.status).toBe(201);
    expect(lost.body.target).toMatchObject({
      kind: 'dispute',
      upheld: 'department',
      disputeNote: '属清单事项',
    });
  });

  it('closes the window after 10 working days (facts moved back in time), writing nothing', async () => {
    const { assignmentId } = await submit('D4-S03', '窗口期测试');
    const { deadlineId } = await overdueSignoff(assignmentId);
    // Due 30 days ago: at least 10 working days have passed in any month of the PRC calendar.
    await h.db.query(`UPDATE deadline SET due_at = now() - interval '30 days' WHERE id = $1`, [deadlineId]);
    const before = await claims();
    const r = await post('D4-S03', '/api/tolerance-claims', {
      targetKind: 'deadline',
      targetId: deadlineId,
      itemCode: 'FORCE_MAJEURE',
      explanation: '迟到的申请',
    });
    expect([r.status, r.body.code]).toEqual([422, 'CLAIM_WINDOW_CLOSED']);
    expect(await claims()).toBe(before);
  });

  it('replaces the list: cited items are retired (not deleted), others removed; a retired item is no longer offered', async () => {
    const items = (await h.request('GET', '/api/tolerance-items', { as: 'ZFB' })).body;
    const cited = (await h.request('GET', `/api/tolerance-claims/${grantedClaimId}`, { as: 'ZFB' })).body
      .itemCode;
    const keep = items
      .filter((i: any) => i.code !== cited && i.code !== 'SERIOUS_SAFETY_ACCIDENT')
      .map((i: any) => ({ code: i.code, text: i.text, textEn: i.textEn, tolerable: i.tolerable }));
    const added = { code: 'EXTREME_WEATHER', text: '极端天气导致现场作业无法开展', tolerable: true };

    const denied = await h.request('PUT', '/api/tolerance-items', { as: 'D2-S04', body: [...keep, added] });
    expect(denied.status).toBe(403);
    const before = (await h.request('GET', '/api/tolerance-items', { as: 'ZFB' })).body;
    for (const [body, fields] of [
      [{ items: keep }, ['']],
      [[...keep, { ...added, code: keep[0].code }], [`[${keep.length}].code`]],
      [[{ code: 'bad code', text: '', tolerable: 'yes' }], ['[0].code', '[0].text', '[0].tolerable']],
      [[{ code: 'ONLY_BAD', text: '只列不予容错', tolerable: false }], ['']],
      [[{ ...added, extra: 1 }], ['[0].extra']],
    ] as [unknown, string[]][]) {
      const r = await h.request('PUT', '/api/tolerance-items', { as: 'ZFB', body });
      expect(r.status).toBe(400);
      expect(r.body.details.map((d: any) => d.field).sort()).toEqual(fields.sort());
    }
    expect((await h.request('GET', '/api/tolerance-items', { as: 'ZFB' })).body).toEqual(before);

    const r = await h.request('PUT', '/api/tolerance-items', { as: 'ZFB', body: [...keep, added] });
    expect(r.status).toBe(200);
    expect(r.body.retired).toEqual([cited]);
    expect(r.body.removed).toEqual(['SERIOUS_SAFETY_ACCIDENT']);
    expect(r.body.items.map((i: any) => i.code)).toEqual([
      ...keep.map((k: any) => k.code),
      'EXTREME_WEATHER',
    ]);
    expect(r.body.items.at(-1)).toMatchObject({ textEn: added.text, position: keep.length, claims: 0 });
    const all = (await h.request('GET', '/api/tolerance-items?includeRetired=true', { as: 'ZFB' })).body;
    expect(all.find((i: any) => i.code === cited)).toMatchObject({
      retiredAt: expect.any(String),
      claims: 1,
    });
    expect(all.find((i: any) => i.code === 'SERIOUS_SAFETY_ACCIDENT')).toBeUndefined();
    // The granted claim keeps the item's text as it was filed.
    const detail = (await h.request('GET', `/api/tolerance-claims/${grantedClaimId}`, { as: 'D2-S04' })).body;
    expect(detail.itemText).toBe(items.find((i: any) => i.code === cited).text);
    // A retired item cannot be cited any more.
    const { assignmentId } = await submit('D4-S04', '退役条目测试');
    const { deadlineId } = await overdueSignoff(assignmentId);
    const retiredCite = await post('D4-S04', '/api/tolerance-claims', {
      targetKind: 'deadline',
      targetId: deadlineId,
      itemCode: cited,
      explanation: '引用已停用条目',
    });
    expect([retiredCite.status, retiredCite.body.details[0].field]).toEqual([400, 'itemCode']);

    // An item made non-tolerable after a claim cited it: that claim can only be refused.
    const pending = await post('D4-S04', '/api/tolerance-claims', {
      targetKind: 'deadline',
      targetId: deadlineId,
      itemCode: 'GOOD_FAITH_INNOVATION',
      explanation: '试点中的失误',
    });
    expect(pending.status).toBe(201);
    const flipped = r.body.items.map((i: any) => ({
      code: i.code,
      text: i.text,
      textEn: i.textEn,
      tolerable: i.code === 'GOOD_FAITH_INNOVATION' ? false : i.tolerable,
    }));
    expect((await h.request('PUT', '/api/tolerance-items', { as: 'ZFB', body: flipped })).status).toBe(200);
    const grant = await post('ZFB', `/api/tolerance-claims/${pending.body.id}/decide`, {
      decision: 'granted',
      note: 'x',
    });
    expect([grant.status, grant.body.code]).toEqual([422, 'NOT_TOLERABLE']);
    const refuse = await post('ZFB', `/api/tolerance-claims/${pending.body.id}/decide`, {
      decision: 'refused',
      note: '清单已调整',
    });
    expect(refuse.status).toBe(200);
    // The list's changes are audited.
    const listEvents = await h.db.query(
      `SELECT action FROM audit_event WHERE aggregate_type = 'tolerance_list' ORDER BY seq`,
    );
    expect(listEvents.rows.map((e) => e.action)).toEqual([
      'tolerance_list.replaced',
      'tolerance_list.replaced',
    ]);
  });
});

describe('the claim window on the controllable clock (10 working days, PRC calendar)', () => {
  let m: MediumApp;
  // Tuesday 28 April 2026, 09:00 in Shanghai: the sign-for deadline (1 working day) falls due at the end of Wednesday 29 April.
  const START = '2026-04-28T09:00:00+08:00';
  const DUE = '2026-04-29T23:59:59.999+08:00';
  // Working days after 29 April: 30 Apr (1); 1–5 May are the Labour Day holiday; 6, 7, 8 May (2–4);
  // Saturday 9 May is a make-up working day (5); 11–15 May (6–10). The window ends with 15 May.
  const WINDOW_END = '2026-05-15T23:59:59.999+08:00';

  beforeAll(async () => {
    m = await createMediumApp({ now: START });
  });
  afterAll(() => m?.close());

  it('accepts a claim up to the last instant of the 10th working day and refuses it a millisecond later', async () => {
    const { task } = await m.get(SubmitTaskService).submit(await m.actor('MZJ'), {
      title: '窗口期边界',
      streetCodes: ['D1-S01', 'D1-S02'],
      matterCode: 'MZ-01',
      actionType: 'service_delivery',
      deadlineWorkingDays: 20,
    });
    await m.jobs.runDue();
    const deadlineOf = async (street: string) =>
      (
        await m.db.query(
          `SELECT d.id, d.due_at FROM deadline d JOIN assignment a ON a.id = d.assignment_id
            WHERE a.task_id = $1 AND a.street_code = $2 AND d.kind = 'signoff'`,
          [task.id, street],
        )
      ).rows[0] as { id: string; due_at: Date };
    const [s1, s2] = [await deadlineOf('D1-S01'), await deadlineOf('D1-S02')];
    expect(s1.due_at.toISOString()).toBe(new Date(DUE).toISOString());

    const tolerance = m.get(ToleranceService);
    const claim = async (street: string, deadlineId: string) =>
      tolerance.file(await m.actor(street), {
        targetKind: 'deadline',
        targetId: deadlineId,
        itemCode: 'FORCE_MAJEURE',
        explanation: '五一假期前后防汛备勤',
      });

    // Before it falls due the deadline is not overdue: nothing to claim.
    await expect(claim('D1-S01', s1.id)).rejects.toMatchObject({ code: 'STATE_CONFLICT' });
    // The worker's steps run as the clock passes the due time (urge flags it overdue).
    await m.jobs.advanceTo(new Date(Date.parse(DUE) + 60_000), { sweep: false });
    const listed = await tolerance.claimable(await m.actor('D1-S01'));
    expect(Date.parse(listed.items.find((i) => i.id === s1.id)!.windowEndsAt)).toBe(Date.parse(WINDOW_END));

    m.clock.set(WINDOW_END);
    const filed = await claim('D1-S01', s1.id);
    expect(filed.state).toBe('pending');
    expect(Date.parse(filed.windowEndsAt)).toBe(Date.parse(WINDOW_END));

    m.clock.set(Date.parse(WINDOW_END) + 1);
    const before = (await m.db.query(`SELECT count(*)::int AS n FROM tolerance_claim`)).rows[0].n;
    await expect(claim('D1-S02', s2.id)).rejects.toMatchObject({ code: 'CLAIM_WINDOW_CLOSED' });
    expect((await m.db.query(`SELECT count(*)::int AS n FROM tolerance_claim`)).rows[0].n).toBe(before);
    // Past the window an unclaimed item leaves the claimable list; a claimed one has left it too.
    const after = await tolerance.claimable(await m.actor('D1-S02'));
    expect(after.items.find((i) => i.id === s2.id)).toBeUndefined();
  });
});
