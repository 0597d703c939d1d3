import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Harness } from '../support/harness';
import { viewJsonMismatches } from '../support/view-json';

const samples = readFileSync(join(__dirname, '../../config/seed/sample_tasks.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l));

describe('routing over HTTP with API and worker running', () => {
  const h = new Harness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('routes every sample task to its expected outcome, role, state, rule and list version', async () => {
    const submitted = await Promise.all(
      samples.map(async (s) => {
        const { ref, submitter, expected, reason, ...body } = s;
        void reason;
        const r = await h.request('POST', '/api/tasks', { as: submitter, body });
        expect({ ref, status: r.status, body: r.status === 201 ? null : r.body }).toEqual({
          ref,
          status: 201,
          body: null,
        });
        // one assignment per street, each waiting for routing (`every` alone would pass with none)
        expect(r.body.assignments.map((a: { state: string }) => a.state)).toEqual(
          (body.streetCodes as string[]).map(() => 'pending_routing'),
        );
        return { ref, submitter, expected, id: r.body.id as string, streets: body.streetCodes as string[] };
      }),
    );
    await h.waitRouted(submitted.map((s) => s.id));
    const stateOf: Record<string, string> = {
      admit: 'awaiting_signoff',
      support_only: 'awaiting_signoff',
      joint_enforcement: 'awaiting_signoff',
      needs_admission_review: 'in_review',
      reject_negative_list: 'rejected',
    };
    for (const s of submitted) {
      const r = await h.request('GET', `/api/tasks/${s.id}`, { as: s.submitter });
      expect(r.status).toBe(200);
      expect(r.body.assignments.map((a: { streetCode: string }) => a.streetCode).sort()).toEqual(
        [...s.streets].sort(),
      );
      for (const a of r.body.assignments) {
        expect({
          ref: s.ref,
          outcome: a.decision.outcome,
          role: a.role,
          stripped: a.decision.strippedDemands,
          state: a.state,
        }).toEqual({
          ref: s.ref,
          outcome: s.expected.outcome,
          role: s.expected.role,
          stripped: s.expected.strippedDemands,
          state: stateOf[s.expected.outcome],
        });
        expect(a.decision.listVersion).toBe('2025.1');
        expect(a.decision.ruleId).toMatch(/^R[1-8]$/);
        expect(a.decision.reason.length).toBeGreaterThan(10);
        expect(a.signDueAt === null).toBe(a.state !== 'awaiting_signoff');
      }
    }
  });

  it('fans a district out to each of its streets, each with its own decision', async () => {
    const r = await h.request('POST', '/api/tasks', {
      as: 'MZJ',
      body: {
        title: '城东区养老服务补贴核查',
        districtCodes: ['D1'],
        matterCode: 'MZ-01',
        actionType: 'service_delivery',
        deadlineWorkingDays: 10,
      },
    });
    expect(r.status).toBe(201);
    expect(r.body.assignments.map((a: { streetCode: string }) => a.streetCode)).toEqual([
      'D1-S01',
      'D1-S02',
      'D1-S03',
      'D1-S04',
      'D1-S05',
      'D1-S06',
      'D1-S07',
    ]);
    await h.waitRouted([r.body.id]);
    const t = await h.request('GET', `/api/tasks/${r.body.id}`, { as: 'MZJ' });
    expect(t.body.assignments).toHaveLength(7);
    expect(
      new Set(t.body.assignments.map((a: { decision: { outcome: string } }) => a.decision.outcome)),
    ).toEqual(new Set(['admit']));
    const decisions = await h.db.query(
      `SELECT count(*)::int AS n FROM decision d JOIN assignment a ON a.id = d.assignment_id WHERE a.task_id = $1`,
      [r.body.id],
    );
    expect(decisions.rows[0].n).toBe(7);
  });

  it('keeps every audit chain intact', async () => {
    const r = await h.request('GET', '/api/audit/verify', { as: 'WBB' });
    expect(r.status).toBe(200);
    expect(r.body.ok).toBe(true);
    expect(r.body.events).toBeGreaterThan(60);
  });

  it("keeps each decision's and each matter's JSON as their rows say (migration StoredViewJson)", async () => {
    const decisions = await h.db.query(
      `SELECT count(*)::int AS n, count(DISTINCT outcome)::int AS outcomes FROM decision`,
    );
    expect(decisions.rows[0].n).toBeGreaterThan(40);
    expect(decisions.rows[0].outcomes).toBeGreaterThan(3);
    expect(await viewJsonMismatches(h.db)).toEqual([]);
  });
});
