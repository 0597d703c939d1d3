import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  admitReview,
  arbitrate,
  awaitingSignoff,
  dispute,
  overdueBoard,
  routed,
  sign,
  signIn,
  submitTask,
  usersOf,
} from '../contract/client-sample';
import { DEMO_PASSWORD, PROJECT_ROOT } from '../support/env';
import { Harness } from '../support/harness';

/**
 * The contract end to end: the running API serves the checked-in OpenAPI document, and the
 * client generated from that document (test/contract/generated, `npm run openapi:client`) drives a
 * real DutyGate through the calls of test/contract/client-sample.ts.
 */
describe('the HTTP contract', () => {
  const h = new Harness();
  beforeAll(() => h.start({ worker: 'in-api' }));
  afterAll(() => h.stop());

  it('serves docs/openapi.json at /docs-json, and the OpenAPI UI at /docs', async () => {
    const served = await fetch(`${h.baseUrl}/docs-json`);
    expect(served.status).toBe(200);
    const checkedIn = JSON.parse(readFileSync(join(PROJECT_ROOT, 'docs', 'openapi.json'), 'utf8'));
    expect(await served.json()).toEqual(checkedIn);
    // Not vacuous: the document has every operation, each with a success and an error response.
    const operations = Object.values(checkedIn.paths as Record<string, Record<string, any>>).flatMap((p) =>
      Object.values(p),
    );
    expect(operations.length).toBeGreaterThanOrEqual(45);
    for (const op of operations) {
      expect(op.summary).toEqual(expect.any(String));
      expect(Object.keys(op.responses).some((s) => s.startsWith('2'))).toBe(true);
    }
    const ui = await fetch(`${h.baseUrl}/docs`);
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('drives the workflow through the generated client', async () => {
    const dept = await signIn(h.baseUrl, 'MZJ', DEMO_PASSWORD);
    const reviewer = await signIn(h.baseUrl, 'WBB', DEMO_PASSWORD);
    const waitRouted = (taskId: string) => h.waitFor(() => routed(dept, taskId), 30_000, 'routing');

    // Submit, route, and the street signs for it; a stale version is a typed 409.
    const admitted = await submitTask(dept, ['D1-S02']);
    expect(admitted.assignments).toEqual([
      expect.objectContaining({ streetCode: 'D1-S02', state: 'pending_routing' }),
    ]);
    await waitRouted(admitted.id);
    const street = await signIn(h.baseUrl, 'D1-S02', DEMO_PASSWORD);
    const open = await awaitingSignoff(street);
    const mine = open.find((a) => a.id === admitted.assignments[0].id);
    expect(mine).toMatchObject({ state: 'awaiting_signoff', role: 'lead', overdue: false });
    const stale = await sign(street, mine!.id, mine!.version + 5);
    expect(stale.error).toMatchObject({ statusCode: 409, code: 'STALE_VERSION' });
    const signed = await sign(street, mine!.id, mine!.version);
    expect(signed.detail).toMatchObject({ state: 'in_progress', task: { id: admitted.id } });

    // Off-list work goes to admission review; the organisation office admits it.
    const offList = await submitTask(dept, ['D1-S03'], {
      title: '城市清洁日专项行动:背街小巷垃圾清理',
      description: '组织街道力量开展背街小巷生活垃圾分类督导和清理',
      matterCode: null,
      actionType: 'campaign',
      temporary: true,
      deadlineWorkingDays: 5,
    });
    await waitRouted(offList.id);
    const admittedByReview = await admitReview(reviewer, offList.assignments[0].id);
    expect(admittedByReview).toMatchObject({ state: 'awaiting_signoff', role: 'lead' });

    // A street disputes; the ruling for the department sends it back to sign-for.
    const contested = await submitTask(dept, ['D1-S04']);
    await waitRouted(contested.id);
    const other = await signIn(h.baseUrl, 'D1-S04', DEMO_PASSWORD);
    expect(await dispute(other, contested.assignments[0].id)).toMatchObject({ state: 'disputed' });
    const ruling = await arbitrate(reviewer, contested.assignments[0].id, 'department');
    expect(ruling).toMatchObject({ state: 'decided', upheld: 'department' });

    const board = await overdueBoard(await signIn(h.baseUrl, 'ZFB', DEMO_PASSWORD));
    expect(board).toEqual(
      expect.objectContaining({
        asOf: expect.any(String),
        items: expect.any(Array),
        counts: expect.any(Array),
      }),
    );
    const users = await usersOf(await signIn(h.baseUrl, 'admin', DEMO_PASSWORD), 'D1-S02');
    expect(users.items.map((u) => u.username)).toContain('D1-S02');
  });
  it("sends each list row as the assignment's own view: the detail's fields and values, typed alike, as application/json", async () => {
    // The list and the detail build the view separately (a page query, a single-row query with its
    // joins); both must say the same thing of every assignment (D1-S02's, from the workflow above:
    // routed, signed, with a decision and an open deadline).
    const list = await h.request<{ items: Record<string, unknown>[]; nextCursor: string | null }>(
      'GET',
      '/api/assignments?limit=50',
      { as: 'D1-S02' },
    );
    expect(list.status).toBe(200);
    expect(list.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(list.body.items.length).toBeGreaterThan(0);
    const fields = [
      'id',
      'taskId',
      'taskTitle',
      'submitterCode',
      'urgent',
      'streetCode',
      'state',
      'role',
      'version',
      'routingRound',
      'matterCode',
      'matterName',
      'signDueAt',
      'dueAt',
      'overdue',
      'openDeadline',
      'createdAt',
      'updatedAt',
      'decision',
    ];
    let withDecision = 0;
    let withDeadline = 0;
    for (const item of list.body.items) {
      expect(Object.keys(item)).toEqual(fields);
      const detail = await h.request<Record<string, unknown>>('GET', `/api/assignments/${item.id}`, {
        as: 'D1-S02',
      });
      expect(detail.status).toBe(200);
      expect(item).toEqual(Object.fromEntries(fields.map((f) => [f, detail.body[f]])));
      if (item.decision) withDecision++;
      if (item.openDeadline) withDeadline++;
    }
    // Not vacuous: the nested objects were compared too.
    expect(withDecision).toBeGreaterThan(0);
    expect(withDeadline).toBeGreaterThan(0);
  });
});
