import { countdownCheck } from '../support/countdown';
import { Harness } from '../support/harness';

/** An admitted (street-leads) task: MZ-01 is street-principal service work. */
const admitBody = (street: string, extra: Record<string, unknown> = {}) => ({
  title: '困难群众救助申请受理',
  streetCodes: [street],
  matterCode: 'MZ-01',
  actionType: 'service_delivery',
  deadlineWorkingDays: 10,
  ...extra,
});

/** Off-list campaign work: goes to the organisation office for admission review. */
const offListBody = (street: string) => ({
  title: '城市清洁日专项行动:背街小巷垃圾清理',
  description: '组织街道力量开展背街小巷生活垃圾分类督导和清理,建立台账',
  streetCodes: [street],
  actionType: 'campaign',
  temporary: true,
  deadlineWorkingDays: 5,
  demands: ['photo_evidence'],
});

describe('street workflow over HTTP', () => {
  const h = new Harness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  async function submit(as: string, body: Record<string, unknown>) {
    const r = await h.request('POST', '/api/tasks', { as, body });
    expect(r.status).toBe(201);
    await h.waitRouted([r.body.id]);
    return r.body as { id: string; assignments: { id: string; streetCode: string }[] };
  }
  const get = async (as: string, id: string) => {
    const r = await h.request('GET', `/api/assignments/${id}`, { as });
    expect(r.status).toBe(200);
    return r.body;
  };
  const post = (as: string, path: string, body: unknown) => h.request('POST', path, { as, body });

  it('runs sign → progress → complete → confirm, with deadlines, audit and notifications along the way', async () => {
    const t = await submit('MZJ', admitBody('D2-S04'));
    const id = t.assignments[0].id;
    let a = await get('D2-S04', id);
    expect(a).toMatchObject({ state: 'awaiting_signoff', role: 'lead' });
    expect(a.deadlines).toEqual([
      expect.objectContaining({ kind: 'signoff', state: 'open', ownerOrg: 'D2-S04' }),
    ]);

    const inbox = await h.request('GET', '/api/notifications', { as: 'D2-S04' });
    expect(
      inbox.body.items.some(
        (n: { kind: string; assignmentId: string }) => n.kind === 'assignment.new' && n.assignmentId === id,
      ),
    ).toBe(true);

    const signed = await post('D2-S04', `/api/assignments/${id}/sign`, { version: a.version });
    expect(signed.status).toBe(200);
    expect(signed.body.state).toBe('in_progress');
    expect(signed.body.deadlines.map((d: { kind: string; state: string }) => [d.kind, d.state])).toEqual([
      ['signoff', 'met'],
      ['completion', 'open'],
    ]);

    expect((await post('D2-S04', `/api/assignments/${id}/progress`, { note: '已受理 12 件' })).status).toBe(
      200,
    );
    a = await get('D2-S04', id);
    const done = await post('D2-S04', `/api/assignments/${id}/complete`, {
      version: a.version,
      result: '全部办结',
    });
    expect(done.body.state).toBe('completed');
    const closed = await post('MZJ', `/api/assignments/${id}/confirm`, {
      version: done.body.version,
      rating: 5,
      comment: '及时',
    });
    expect(closed.status).toBe(200);
    expect(closed.body.state).toBe('closed');
    expect(closed.body.timeline.map((e: { action: string }) => e.action)).toEqual([
      'created',
      'routed',
      'sign',
      'progress',
      'complete',
      'confirm',
    ]);
    const deptInbox = await h.request('GET', '/api/notifications', { as: 'MZJ' });
    const kinds = deptInbox.body.items.map((n: { kind: string }) => n.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['assignment.signed', 'assignment.progress', 'assignment.completed']),
    );
    expect((await h.request('GET', '/api/audit/verify', { as: 'ZFB' })).body.ok).toBe(true);
  });

  it('lets a department reopen completed work', async () => {
    const t = await submit('MZJ', admitBody('D2-S05'));
    const id = t.assignments[0].id;
    let a = await get('D2-S05', id);
    a = (await post('D2-S05', `/api/assignments/${id}/sign`, { version: a.version })).body;
    a = (await post('D2-S05', `/api/assignments/${id}/complete`, { version: a.version, result: '办结' }))
      .body;
    const reopened = await post('MZJ', `/api/assignments/${id}/reopen`, {
      version: a.version,
      reason: '材料不全',
    });
    expect(reopened.body.state).toBe('in_progress');
    expect(reopened.body.deadlines.find((d: { kind: string }) => d.kind === 'completion').state).toBe('open');
  });

  it('lets exactly one of two concurrent signs succeed; the other gets 409', async () => {
    const t = await submit('MZJ', admitBody('D3-S01'));
    const id = t.assignments[0].id;
    const a = await get('D3-S01', id);
    const results = await Promise.all(
      [1, 2].map(() => post('D3-S01', `/api/assignments/${id}/sign`, { version: a.version })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const stale = await post('D3-S01', `/api/assignments/${id}/complete`, {
      version: a.version,
      result: 'x',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE_VERSION');
  });

  it('refuses transitions to the wrong role (403), the wrong organisation (404) and the wrong state (409)', async () => {
    const t = await submit('MZJ', admitBody('D3-S02'));
    const id = t.assignments[0].id;
    const a = await get('D3-S02', id);
    expect((await post('MZJ', `/api/assignments/${id}/sign`, { version: a.version })).status).toBe(403);
    expect((await post('WBB', `/api/assignments/${id}/sign`, { version: a.version })).status).toBe(403);
    expect((await post('ZFB', `/api/assignments/${id}/sign`, { version: a.version })).status).toBe(403);
    expect((await post('D3-S03', `/api/assignments/${id}/sign`, { version: a.version })).status).toBe(404);
    expect(
      (await post('ZJJ', `/api/assignments/${id}/withdraw`, { version: a.version, reason: 'x' })).status,
    ).toBe(404);
    expect(
      (await post('D3-S02', `/api/assignments/${id}/confirm`, { version: a.version, rating: 5 })).status,
    ).toBe(403);
    const wrongState = await post('MZJ', `/api/assignments/${id}/confirm`, { version: a.version, rating: 5 });
    expect(wrongState.status).toBe(409);
    expect(wrongState.body.code).toBe('STATE_CONFLICT');
    expect(
      (await post('D3-S02', `/api/assignments/${id}/complete`, { version: a.version, result: 'x' })).body
        .code,
    ).toBe('STATE_CONFLICT');
    const bad = await post('MZJ', `/api/assignments/${id}/confirm`, { version: a.version, rating: 9 });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'rating' })]);
  });

  it('pauses sign-for during a dispute; department upheld → back to sign-for, street upheld → rejected', async () => {
    const t = await submit('ZJJ', {
      ...admitBody('D4-S01'),
      districtCodes: undefined,
      streetCodes: ['D4-S01', 'D4-S02'],
      matterCode: 'ZJ-01',
      actionType: 'coordination_mediation',
    });
    const [x, y] = t.assignments;
    for (const [as, id, upheld] of [
      [x.streetCode, x.id, 'department'],
      [y.streetCode, y.id, 'street'],
    ] as const) {
      const a = await get(as, id);
      const d = await post(as, `/api/assignments/${id}/dispute`, {
        version: a.version,
        reasonCode: 'exceeds_supporting_duties',
        citedMatterCode: 'ZJ-01',
        reason: '牵头化解超出配合职责',
      });
      expect(d.status).toBe(200);
      expect(d.body.state).toBe('disputed');
      const signoff = d.body.deadlines.find((k: { kind: string }) => k.kind === 'signoff');
      expect(signoff.state).toBe('paused');
      expect(signoff.remainingMs).toBeGreaterThan(0);
      expect(d.body.deadlines.find((k: { kind: string }) => k.kind === 'arbitration').ownerOrg).toBe('WBB');

      const open = await h.request('GET', '/api/disputes?state=open', { as: 'WBB' });
      const dispute = open.body.items.find((i: { assignmentId: string }) => i.assignmentId === id);
      expect(dispute).toMatchObject({
        reasonCode: 'exceeds_supporting_duties',
        citedMatterCode: 'ZJ-01',
        state: 'open',
      });
      expect((await post(as, `/api/disputes/${dispute.id}/decide`, { upheld, note: 'x' })).status).toBe(403);
      const ruled = await post('WBB', `/api/disputes/${dispute.id}/decide`, { upheld, note: '依清单裁定' });
      expect(ruled.status).toBe(200);
      expect(ruled.body).toMatchObject({ state: 'decided', upheld });
      const after = await get(as, id);
      expect(after.state).toBe(upheld === 'department' ? 'awaiting_signoff' : 'rejected');
      const s = after.deadlines.find((k: { kind: string }) => k.kind === 'signoff');
      expect(s.state).toBe(upheld === 'department' ? 'open' : 'cancelled');
      expect(
        (await post('WBB', `/api/disputes/${dispute.id}/decide`, { upheld, note: 'again' })).status,
      ).toBe(409);
    }
    const bad = await post(y.streetCode, `/api/assignments/${y.id}/dispute`, {
      version: 1,
      reasonCode: 'because',
      reason: '',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['reason', 'reasonCode']);
  });

  it('suggests matters for off-list work and applies the review decisions: admit with a role, admit with a matter, refuse, return', async () => {
    const t = await submit('CGJ', {
      ...offListBody('D1-S01'),
      streetCodes: ['D1-S01', 'D1-S02', 'D1-S03', 'D1-S04'],
    });
    const ids = Object.fromEntries(t.assignments.map((a) => [a.streetCode, a.id]));
    const queue = await h.request('GET', '/api/reviews?state=open&limit=50', { as: 'WBB' });
    expect(queue.status).toBe(200);
    const item = queue.body.items.find((i: { id: string }) => i.id === ids['D1-S01']);
    expect(item.suggestions).toHaveLength(5);
    expect(item.suggestions[0].score).toBeGreaterThan(0);
    expect(item.suggestions.map((s: { matterCode: string }) => s.matterCode)).toContain('CG-05');
    const scores = item.suggestions.map((s: { score: number }) => s.score);
    expect([...scores].sort((p: number, q: number) => q - p)).toEqual(scores);
    // Computed by that read and kept as json text (migration SuggestionsAsJson); a second read sends the kept
    // ones, the same.
    const kept = await h.db.query(
      `SELECT pg_typeof(suggestions)::text AS type, suggestions FROM task_suggestion WHERE task_id = $1`,
      [t.id],
    );
    expect(kept.rows).toEqual([{ type: 'json', suggestions: item.suggestions }]);
    const reread = await h.request('GET', '/api/reviews?state=open&limit=50', { as: 'WBB' });
    expect(reread.body.items.find((i: { id: string }) => i.id === ids['D1-S01']).suggestions).toEqual(
      item.suggestions,
    );
    expect((await h.request('GET', '/api/reviews', { as: 'D1-S01' })).status).toBe(403);

    const admit = await post('WBB', `/api/reviews/${ids['D1-S01']}/decide`, {
      decision: 'admit',
      role: 'support',
      note: '临时性配合',
    });
    expect(admit.status).toBe(200);
    expect(admit.body).toMatchObject({ state: 'awaiting_signoff', role: 'support' });
    expect(admit.body.decision).toMatchObject({
      outcome: 'support_only',
      ruleId: 'REVIEW',
      strippedDemands: ['photo_evidence'],
    });

    const withMatter = await post('WBB', `/api/reviews/${ids['D1-S02']}/decide`, {
      decision: 'admit',
      matterCode: 'CG-05',
      note: '属垃圾分类督导',
    });
    expect(withMatter.body.state).toBe('pending_routing');
    await h.waitRouted([t.id]);
    const rerouted = await get('D1-S02', ids['D1-S02']);
    expect(rerouted).toMatchObject({ state: 'awaiting_signoff', role: 'lead', routingRound: 2 });
    expect(rerouted.decision).toMatchObject({ outcome: 'admit', ruleId: 'R7', listVersion: '2025.1' });
    expect(rerouted.decision.inputs.matterCode).toBe('CG-05');

    expect(
      (await post('WBB', `/api/reviews/${ids['D1-S03']}/decide`, { decision: 'refuse', note: '不予准入' }))
        .body.state,
    ).toBe('rejected');
    const noRole = await post('WBB', `/api/reviews/${ids['D1-S04']}/decide`, {
      decision: 'admit',
      note: 'x',
    });
    expect(noRole.status).toBe(400);
    expect(
      (
        await post('WBB', `/api/reviews/${ids['D1-S04']}/decide`, {
          decision: 'return',
          note: '请补充经费来源',
        })
      ).body.state,
    ).toBe('returned');

    const resubmitted = await post('CGJ', `/api/tasks/${t.id}/resubmit`, {
      description: '区财政安排专项经费 5 万元',
      resources: { funding: 50000 },
      matterCode: 'CG-05',
    });
    expect(resubmitted.status).toBe(200);
    // Other streets hold the task, so the returned assignment moved to a new task with the edits.
    expect(resubmitted.body).toMatchObject({ originTaskId: t.id, description: '区财政安排专项经费 5 万元' });
    await h.waitRouted([resubmitted.body.id]);
    const again = await get('D1-S04', ids['D1-S04']);
    expect(again).toMatchObject({ state: 'awaiting_signoff', role: 'lead', routingRound: 2 });
    expect(again.decision.ruleId).toBe('R7');
    expect((await post('CGJ', `/api/tasks/${t.id}/resubmit`, { title: 'again' })).status).toBe(409);
  });

  it('moves the completion deadline by the approved extension, in working days', async () => {
    const t = await submit('MZJ', admitBody('D5-S01'));
    const id = t.assignments[0].id;
    let a = await get('D5-S01', id);
    a = (await post('D5-S01', `/api/assignments/${id}/sign`, { version: a.version })).body;
    const req = await post('D5-S01', `/api/assignments/${id}/extension`, {
      workingDays: 5,
      reason: '需协调物业',
    });
    expect(req.status).toBe(201);
    const ext = (await get('D5-S01', id)).extensions[0];
    expect(ext).toMatchObject({ state: 'pending', workingDays: 5 });
    // The detail builds its lists in SQL: each holds the contract's keys, in order, with ISO times.
    expect(Object.keys(ext)).toEqual([
      'id',
      'assignmentId',
      'workingDays',
      'reason',
      'state',
      'createdAt',
      'decidedAt',
    ]);
    expect(ext).toMatchObject({ assignmentId: id, reason: '需协调物业', decidedAt: null });
    expect(ext.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    expect(
      (await post('D5-S01', `/api/assignments/${id}/extension`, { workingDays: 2, reason: 'again' })).status,
    ).toBe(409);
    expect((await post('D5-S01', `/api/extensions/${ext.id}/decide`, { approve: true })).status).toBe(403);
    const decided = await post('MZJ', `/api/extensions/${ext.id}/decide`, { approve: true });
    expect(decided.body.state).toBe('approved');
    const after = await get('D5-S01', id);
    expect(new Date(after.dueAt).getTime()).toBeGreaterThan(new Date(a.dueAt).getTime() + 5 * 86_400_000);
    expect(after.deadlines.find((d: { kind: string }) => d.kind === 'completion').dueAt).toBe(after.dueAt);
    // The row's countdown (a column the deadline triggers keep) follows the moved deadline, in the
    // detail and in the street's list, to the millisecond.
    expect(after.openDeadline).toMatchObject({ kind: 'completion', ownerOrg: 'D5-S01' });
    expect(Date.parse(after.openDeadline.dueAt)).toBe(Date.parse(after.dueAt));
    const listed = (await h.request('GET', '/api/assignments?limit=100', { as: 'D5-S01' })).body.items.find(
      (x: { id: string }) => x.id === id,
    );
    expect(listed.openDeadline).toEqual(after.openDeadline);
    const days = await h.request(
      'GET',
      `/api/calendar/workdays?from=${a.dueAt.slice(0, 10)}&to=${after.dueAt.slice(0, 10)}`,
      { as: 'MZJ' },
    );
    const shanghai = (iso: string) =>
      new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const workdaysBetween = days.body.days.filter(
      (d: { date: string; workday: boolean }) =>
        d.workday && d.date > shanghai(a.dueAt) && d.date <= shanghai(after.dueAt),
    );
    expect(workdaysBetween).toHaveLength(5);
  });

  it('withdraws a whole task: every open assignment ends withdrawn with its deadlines cancelled', async () => {
    const t = await submit('MZJ', { ...admitBody('D5-S02'), streetCodes: ['D5-S02', 'D5-S03'] });
    const r = await post('MZJ', `/api/tasks/${t.id}/withdraw`, { reason: '上级政策调整' });
    expect(r.status).toBe(200);
    expect(r.body.assignments.map((a: { state: string }) => a.state)).toEqual(['withdrawn', 'withdrawn']);
    const a = await get('D5-S02', t.assignments[0].id);
    // the sign-for deadline routing opened is cancelled (`every` alone would pass with none)
    expect(a.deadlines.map((d: { kind: string; state: string }) => [d.kind, d.state])).toEqual([
      ['signoff', 'cancelled'],
    ]);
    expect((await post('MZJ', `/api/tasks/${t.id}/withdraw`, { reason: 'again' })).status).toBe(409);
    expect((await post('ZJJ', `/api/tasks/${t.id}/withdraw`, { reason: 'not mine' })).status).toBe(404);
    expect(a.openDeadline).toBeNull();
  });

  it('writes the assignment once per transition, its countdown with its state, whatever deadlines the transition moves', async () => {
    // Two tasks routed first: what this test counts is the desks' writes.
    const work = (await submit('MZJ', admitBody('D3-S03'))).assignments[0].id;
    const disputed = (
      await submit('ZJJ', {
        ...admitBody('D3-S04'),
        matterCode: 'ZJ-01',
        actionType: 'coordination_mediation',
      })
    ).assignments[0].id;
    // Every version of an assignment, as a row trigger of this test sees it (dropped at the end).
    await h.db.query(`
      CREATE TABLE test_transition_write (seq serial, assignment_id uuid, state text, open_due timestamptz);
      CREATE FUNCTION test_transition_write() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO test_transition_write (assignment_id, state, open_due) VALUES (NEW.id, NEW.state, NEW.open_due_at);
        RETURN NULL;
      END $$;
      CREATE TRIGGER test_transition_write AFTER UPDATE ON assignment FOR EACH ROW EXECUTE FUNCTION test_transition_write();`);
    const due = async (id: string, kind: string): Promise<Date> =>
      (await h.db.query(`SELECT due_at FROM deadline WHERE assignment_id = $1 AND kind = $2`, [id, kind]))
        .rows[0].due_at;
    try {
      // sign: sign-for met, completion opened; complete: completion met; confirm: none left.
      let a = await get('D3-S03', work);
      a = (await post('D3-S03', `/api/assignments/${work}/sign`, { version: a.version })).body;
      expect(a.state).toBe('in_progress');
      const signedDue = await due(work, 'completion');
      a = (await post('D3-S03', `/api/assignments/${work}/complete`, { version: a.version, result: '办结' }))
        .body;
      expect(a.state).toBe('completed');
      // reopen: completion opened again, by the department.
      const reopened = await post('MZJ', `/api/assignments/${work}/reopen`, {
        version: a.version,
        reason: '台账缺少照片',
      });
      expect(reopened.status).toBe(200);
      expect(reopened.body.state).toBe('in_progress');
      // dispute: sign-for paused, arbitration opened; the ruling for the department: arbitration
      // met, sign-for resumed.
      let b = await get('D3-S04', disputed);
      b = (
        await post('D3-S04', `/api/assignments/${disputed}/dispute`, {
          version: b.version,
          reasonCode: 'exceeds_supporting_duties',
          citedMatterCode: 'ZJ-01',
          reason: '牵头化解超出配合职责',
        })
      ).body;
      expect(b.state).toBe('disputed');
      const open = await h.request('GET', '/api/disputes?state=open', { as: 'WBB' });
      const dispute = open.body.items.find((i: { assignmentId: string }) => i.assignmentId === disputed);
      const ruled = await post('WBB', `/api/disputes/${dispute.id}/decide`, {
        upheld: 'department',
        note: '依清单裁定',
      });
      expect(ruled.status).toBe(200);

      const writes = async (id: string) =>
        (
          await h.db.query(
            `SELECT state, open_due FROM test_transition_write WHERE assignment_id = $1 ORDER BY seq`,
            [id],
          )
        ).rows;
      // One version a transition, each with the countdown its deadlines then gave.
      const w = await writes(work);
      expect(w.map((r) => r.state)).toEqual(['in_progress', 'completed', 'in_progress']);
      expect(w[0].open_due).toEqual(signedDue);
      expect(w[1].open_due).toBeNull();
      expect(w[2].open_due).toEqual(await due(work, 'completion'));
      const v = await writes(disputed);
      expect(v.map((r) => r.state)).toEqual(['disputed', 'awaiting_signoff']);
      expect(v[0].open_due).toEqual(await due(disputed, 'arbitration'));
      expect(v[1].open_due).toEqual(await due(disputed, 'signoff'));
      const check = await countdownCheck(h.db);
      expect(check.mismatched).toEqual([]);
    } finally {
      await h.db
        .query(`DROP TRIGGER test_transition_write ON assignment; DROP FUNCTION test_transition_write();
                        DROP TABLE test_transition_write;`);
    }
  });

  it("keeps every assignment's countdown equal to its open deadline due first, after all the transitions above", async () => {
    const countdown = await countdownCheck(h.db);
    // Open and ended ones both (neither alone would show that the column follows deadlines both ways).
    expect(countdown.open).toBeGreaterThan(0);
    expect(countdown.ended).toBeGreaterThan(0);
    expect(countdown.mismatched).toEqual([]);
  });
});
