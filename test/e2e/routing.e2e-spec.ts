import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countdownCheck } from '../support/countdown';
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

  it('writes each routed assignment once, its countdown with its new state, and the deadline triggers agree', async () => {
    // Every row version of an assignment, as a row trigger of this test sees it (dropped at the end).
    await h.db.query(`
      CREATE TABLE test_assignment_write (assignment_id uuid, op text, state text, open_due boolean);
      CREATE FUNCTION test_assignment_write() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO test_assignment_write VALUES (NEW.id, TG_OP, NEW.state, NEW.open_due_at IS NOT NULL);
        RETURN NULL;
      END $$;
      CREATE TRIGGER test_assignment_write AFTER INSERT OR UPDATE ON assignment
        FOR EACH ROW EXECUTE FUNCTION test_assignment_write();`);
    try {
      // One task per routed state, each to all seven streets of D1: a sign-for clock, a review clock, none.
      const ids: string[] = [];
      for (const ref of ['T16', 'T30', 'T10']) {
        const {
          ref: _ref,
          submitter,
          expected: _e,
          reason: _r,
          streetCodes: _s,
          ...body
        } = samples.find((s) => s.ref === ref)!;
        const r = await h.request('POST', '/api/tasks', {
          as: submitter,
          body: { ...body, title: `${body.title} (${ref}, D1)`, districtCodes: ['D1'] },
        });
        expect(r.status).toBe(201);
        ids.push(r.body.id);
      }
      await h.waitRouted(ids);
      const writes = await h.db.query(
        `SELECT w.op, w.state, w.open_due, count(*)::int AS n FROM test_assignment_write w
           JOIN assignment a ON a.id = w.assignment_id WHERE a.task_id = ANY($1::uuid[])
          GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
        [ids],
      );
      // 21 rows inserted waiting, then one version each: routed, with its clock where the state has one.
      expect(writes.rows).toEqual([
        { op: 'INSERT', state: 'pending_routing', open_due: false, n: 21 },
        { op: 'UPDATE', state: 'awaiting_signoff', open_due: true, n: 7 },
        { op: 'UPDATE', state: 'in_review', open_due: true, n: 7 },
        { op: 'UPDATE', state: 'rejected', open_due: false, n: 7 },
      ]);
      // The countdown written by routing is the one the deadline triggers compute (else they would have
      // written a second version above), and every list row shows its deadline as stored.
      const check = await countdownCheck(h.db);
      expect(check.mismatched).toEqual([]);
      expect(check.open).toBeGreaterThanOrEqual(14);
      const signed = await h.request('GET', '/api/assignments?limit=50&state=awaiting_signoff', {
        as: 'D1-S03',
      });
      const mine = signed.body.items.find((a: { taskId: string }) => a.taskId === ids[0]);
      const deadline = await h.db.query(
        `SELECT owner_org, starts_at, due_at FROM deadline WHERE assignment_id = $1 AND kind = 'signoff'`,
        [mine.id],
      );
      expect(mine.openDeadline).toEqual({
        kind: 'signoff',
        ownerOrg: 'D1-S03',
        startsAt: deadline.rows[0].starts_at.toISOString(),
        dueAt: deadline.rows[0].due_at.toISOString(),
      });
    } finally {
      await h.db
        .query(`DROP TRIGGER test_assignment_write ON assignment; DROP FUNCTION test_assignment_write();
                        DROP TABLE test_assignment_write;`);
    }
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
