import { Harness } from '../support/harness';
import { viewJsonMismatches } from '../support/view-json';

/**
 * Editing what others already accepted (issue 6, class 8): resubmitting a partly returned task
 * changes only the returned assignments. Off-list campaign work goes to admission review for every
 * street; the reviewer admits two (one of which signs) and returns the other two.
 */
describe('resubmitting a partly returned task', () => {
  const h = new Harness();
  beforeAll(() => h.start({ worker: 'in-api' }));
  afterAll(() => h.stop());

  const post = (as: string, path: string, body: unknown) => h.request('POST', path, { as, body });
  const get = async (as: string, path: string) => {
    const r = await h.request('GET', path, { as });
    expect(r.status).toBe(200);
    return r.body;
  };
  const original = {
    title: '背街小巷环境整治专项行动',
    description: '组织街道力量清理背街小巷堆积物,建立台账',
    streetCodes: ['D4-S01', 'D4-S02', 'D4-S03', 'D4-S04'],
    actionType: 'campaign',
    temporary: true,
    deadlineWorkingDays: 10,
    demands: ['photo_evidence', 'ranking_notice'],
  };
  const edits = {
    title: '背街小巷环境整治(补充经费)',
    description: '区财政安排专项经费 8 万元,街道组织清理',
    resources: { funding: 80000, staff: 2 },
    demands: ['photo_evidence'],
    matterCode: 'CG-05',
  };

  let taskId = '';
  const ids: Record<string, string> = {};
  let signedBefore: any;
  let admittedBefore: any;

  beforeAll(async () => {
    const r = await post('CGJ', '/api/tasks', original);
    expect(r.status).toBe(201);
    taskId = r.body.id;
    for (const a of r.body.assignments) ids[a.streetCode] = a.id;
    await h.waitRouted([taskId]);
    for (const s of original.streetCodes)
      expect((await get(s, `/api/assignments/${ids[s]}`)).state).toBe('in_review');
    for (const s of ['D4-S01', 'D4-S02'])
      expect(
        (
          await post('WBB', `/api/reviews/${ids[s]}/decide`, {
            decision: 'admit',
            role: 'lead',
            note: '准入',
          })
        ).status,
      ).toBe(200);
    const a = await get('D4-S01', `/api/assignments/${ids['D4-S01']}`);
    expect(
      (await post('D4-S01', `/api/assignments/${ids['D4-S01']}/sign`, { version: a.version })).status,
    ).toBe(200);
    for (const s of ['D4-S03', 'D4-S04'])
      expect(
        (await post('WBB', `/api/reviews/${ids[s]}/decide`, { decision: 'return', note: '请补充经费来源' }))
          .body.state,
      ).toBe('returned');
    signedBefore = await get('D4-S01', `/api/assignments/${ids['D4-S01']}`);
    admittedBefore = await get('D4-S02', `/api/assignments/${ids['D4-S02']}`);
  });

  it('moves the returned assignments to a new task with the edits, linked to the original', async () => {
    const r = await post('CGJ', `/api/tasks/${taskId}/resubmit`, edits);
    expect(r.status).toBe(200);
    const split = r.body;
    expect(split.id).not.toBe(taskId);
    expect(split).toMatchObject({
      originTaskId: taskId,
      title: edits.title,
      description: edits.description,
      demands: ['photo_evidence'],
      matterCode: 'CG-05',
      resources: { funding: 80000, staff: 2 },
      dueAt: signedBefore.task.dueAt,
      submitter: { code: 'CGJ' },
    });
    expect(split.assignments.map((a: { id: string }) => a.id).sort()).toEqual(
      [ids['D4-S03'], ids['D4-S04']].sort(),
    );
    await h.waitRouted([split.id]);

    const orig = await get('CGJ', `/api/tasks/${taskId}`);
    expect(orig).toMatchObject({
      title: original.title,
      description: original.description,
      demands: original.demands,
      matterCode: null,
      originTaskId: null,
      splitTaskIds: [split.id],
    });
    expect(orig.assignments.map((a: { streetCode: string }) => a.streetCode)).toEqual(['D4-S01', 'D4-S02']);
    // Nothing was lost on the way: four assignments in all, each once.
    const n = await h.db.query(`SELECT count(*)::int AS n FROM assignment WHERE task_id = ANY($1)`, [
      [taskId, split.id],
    ]);
    expect(n.rows[0].n).toBe(4);
  });

  it('leaves the signed street’s text, demands, decision and history exactly as they were', async () => {
    for (const [street, before] of [
      ['D4-S01', signedBefore],
      ['D4-S02', admittedBefore],
    ] as const) {
      const after = await get(street, `/api/assignments/${ids[street]}`);
      expect(after.task).toEqual(before.task);
      expect(after.timeline).toEqual(before.timeline);
      expect(after.decision).toEqual(before.decision);
      expect({ state: after.state, version: after.version, taskId: after.taskId }).toEqual({
        state: before.state,
        version: before.version,
        taskId,
      });
      // A street is not told that another street's assignment was returned and split off.
      expect(after.task.splitTaskIds).toBeUndefined();
      expect((await get(street, `/api/tasks/${taskId}`)).splitTaskIds).toBeUndefined();
    }
    expect(signedBefore.state).toBe('in_progress');
    expect(signedBefore.task.title).toBe(original.title);
  });

  it('gives each returned assignment the new text, a new routing round and a timeline entry of the change', async () => {
    for (const street of ['D4-S03', 'D4-S04']) {
      const a = await get(street, `/api/assignments/${ids[street]}`);
      expect(a.task).toMatchObject({
        title: edits.title,
        description: edits.description,
        originTaskId: taskId,
      });
      expect(a).toMatchObject({ state: 'awaiting_signoff', role: 'lead', routingRound: 2 });
      expect(a.decision).toMatchObject({ ruleId: 'R7', strippedDemands: ['photo_evidence'] });
      const resubmit = a.timeline.find((e: { action: string }) => e.action === 'resubmit');
      expect(resubmit).toMatchObject({
        fromState: 'returned',
        toState: 'pending_routing',
        payload: {
          fromTaskId: taskId,
          taskId: a.taskId,
          edits: expect.arrayContaining(['title', 'description', 'resources', 'demands', 'matterCode']),
        },
      });
      const actions = a.timeline.map((e: { action: string }) => e.action);
      expect(actions.indexOf('review')).toBeLessThan(actions.indexOf('resubmit'));
    }
    // The hash chains stay intact across the move.
    expect((await get('WBB', '/api/audit/verify')).ok).toBe(true);
  });

  it('records the split on both tasks, and refuses a second resubmit of the original (nothing left returned)', async () => {
    const orig = await get('CGJ', `/api/tasks/${taskId}`);
    const events = await get('CGJ', `/api/audit/task/${taskId}`);
    expect(events.map((e: { action: string }) => e.action)).toEqual(['submitted', 'split']);
    expect(events[1].payload).toMatchObject({ taskId: orig.splitTaskIds[0], streets: ['D4-S03', 'D4-S04'] });
    const splitEvents = await get('CGJ', `/api/audit/task/${orig.splitTaskIds[0]}`);
    expect(splitEvents.map((e: { action: string }) => e.action)).toEqual(['split_from']);
    const again = await post('CGJ', `/api/tasks/${taskId}/resubmit`, { title: 'again' });
    expect(again.status).toBe(409);
    expect((await get('CGJ', `/api/tasks/${taskId}`)).title).toBe(original.title);
  });

  it('edits in place when every assignment of the task was returned', async () => {
    const r = await post('CGJ', '/api/tasks', { ...original, streetCodes: ['D5-S01'] });
    const id = r.body.id;
    const aid = r.body.assignments[0].id;
    await h.waitRouted([id]);
    await post('WBB', `/api/reviews/${aid}/decide`, { decision: 'return', note: '请补充' });
    const res = await post('CGJ', `/api/tasks/${id}/resubmit`, { description: '补充说明' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, description: '补充说明', originTaskId: null, splitTaskIds: [] });
    const a = await get('D5-S01', `/api/assignments/${aid}`);
    expect(a.timeline.find((e: { action: string }) => e.action === 'resubmit').payload).toEqual({
      edits: ['description'],
    });
  });

  it("lists the department's tasks by an assignment state, a page at a time, as its assignments stand after the split", async () => {
    // After the tests above the department has tasks whose assignments moved to a split task, and
    // assignments in several states. Each state's list, read a task at a time through the cursor,
    // is every task with an assignment in that state, newest first, each once.
    // A resubmitted task goes back to routing (the test above): the states are read once the worker
    // has settled every assignment, or an assignment routed between the query and the list would
    // leave its task expected under `pending_routing` and listed under its decision.
    const cgjTasks = (await h.db.query(`SELECT id FROM task WHERE submitter_code = 'CGJ'`)).rows.map(
      (r) => r.id,
    );
    await h.waitRouted(cgjTasks);
    const states: string[] = (
      await h.db.query(`SELECT DISTINCT state FROM assignment WHERE submitter_code = 'CGJ' ORDER BY 1`)
    ).rows.map((r) => r.state);
    expect(states.length).toBeGreaterThan(1);
    for (const state of states) {
      const expected = (
        await h.db.query(
          `SELECT t.id FROM task t WHERE t.submitter_code = 'CGJ'
              AND EXISTS (SELECT 1 FROM assignment a WHERE a.task_id = t.id AND a.state = $1)
            ORDER BY t.created_at DESC, t.id DESC`,
          [state],
        )
      ).rows.map((r) => r.id);
      const listed: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await get(
          'CGJ',
          `/api/tasks?state=${state}&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        listed.push(...page.items.map((t: { id: string }) => t.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect({ state, tasks: listed }).toEqual({ state, tasks: expected });
    }
    // The split task's assignments carry its creation time, not the original's (the insert-or-move trigger).
    const moved = await h.db.query(
      `SELECT count(*)::int AS n FROM assignment a JOIN task t ON t.id = a.task_id
        WHERE t.origin_task_id IS NOT NULL AND a.task_created_at = t.created_at`,
    );
    expect(moved.rows[0].n).toBe(2);
  });

  it("keeps the later rounds' decisions' JSON as their rows say (migration StoredViewJson)", async () => {
    // The organisation office's returns above are decisions of a new round (writeDeskDecision), and
    // so are the routings after a resubmit.
    const later = await h.db.query(`SELECT count(*)::int AS n FROM decision WHERE routing_round > 1`);
    expect(later.rows[0].n).toBeGreaterThan(0);
    expect(await viewJsonMismatches(h.db)).toEqual([]);
  });
});
