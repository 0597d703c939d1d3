import type { INestApplicationContext } from '@nestjs/common';
import type { Client } from 'pg';
import {
  EscalationService,
  InboxService,
  RoutingService,
  SubmitTaskService,
  TaskQueriesService,
  type Actor,
} from '@app/workflow';
import { inProcessWorkflow } from '../support/in-process';
import { ManualClock } from '../support/medium';

/**
 * The clock seam, SQL included: with the injected clock standing in 2030, every time the
 * workflow writes (created, updated, decided, fired, notified, read) is the clock's, to the
 * millisecond, and every "is it overdue yet" is asked of the clock. The wall clock is years
 * earlier, so a single `now()` left in a statement, or a `new Date()` in a repository, shows up
 * as a time that is not 2030.
 */
describe('the clock seam: the database writes and compares the injected clock time', () => {
  // Monday 4 March 2030, 09:00 in Shanghai.
  const T0 = '2030-03-04T01:00:00.000Z';
  const clock = new ManualClock(T0);
  let app: INestApplicationContext;
  let db: Client;
  let close: () => Promise<void>;

  beforeAll(async () => {
    expect(Date.now()).toBeLessThan(Date.parse('2030-01-01')); // the test means nothing after that
    ({ app, db, close } = await inProcessWorkflow(`dutygate_test_clockseam_${process.pid}`, clock));
  });

  afterAll(() => close?.());

  /** ISO text of every value of one column, for the rows a query selects. */
  const times = async (sql: string, params: unknown[]) =>
    (await db.query(sql, params)).rows.map((r) => (r.t === null ? null : new Date(r.t).toISOString()));

  const actorOf = async (
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

  it('stamps submission, routing, escalation and reading with the clock, and asks the clock what is overdue', async () => {
    const department = await actorOf('MZJ', 'department', 'department');
    const street = await actorOf('D1-S01', 'street', 'street');

    // Submission at T0: task, assignments, idempotency key, audit events and the outbox row.
    const { task } = await app.get(SubmitTaskService).submit(
      department,
      {
        title: '时钟接缝测试',
        streetCodes: ['D1-S01', 'D1-S02'],
        matterCode: 'MZ-01',
        actionType: 'service_delivery',
        deadlineWorkingDays: 10,
      },
      'clock-seam-1',
    );
    expect(await times(`SELECT created_at AS t FROM task WHERE id = $1`, [task.id])).toEqual([T0]);
    expect(
      await times(
        `SELECT created_at AS t FROM assignment WHERE task_id = $1 UNION ALL SELECT updated_at FROM assignment WHERE task_id = $1`,
        [task.id],
      ),
    ).toEqual([T0, T0, T0, T0]);
    expect(await times(`SELECT created_at AS t FROM idempotency_key WHERE task_id = $1`, [task.id])).toEqual([
      T0,
    ]);
    const ids = task.assignments.map((a) => a.id);
    expect(
      await times(`SELECT created_at AS t FROM audit_event WHERE aggregate_id = ANY($1::text[])`, [
        [task.id, ...ids],
      ]),
    ).toEqual([T0, T0, T0]);
    expect(
      await times(`SELECT created_at AS t FROM outbox WHERE payload->>'taskId' = $1`, [task.id]),
    ).toEqual([T0]);

    // Routing at T1: decisions, the assignments' new state, the sign-for deadlines, notifications.
    const T1 = '2030-03-04T01:05:00.000Z';
    clock.set(T1);
    expect(await app.get(RoutingService).routeTask(task.id, 1)).toBe(2);
    expect(
      await times(`SELECT d.decided_at AS t FROM decision d WHERE d.assignment_id = ANY($1::uuid[])`, [ids]),
    ).toEqual([T1, T1]);
    expect(await times(`SELECT updated_at AS t FROM assignment WHERE task_id = $1`, [task.id])).toEqual([
      T1,
      T1,
    ]);
    expect(
      await times(
        `SELECT created_at AS t FROM deadline WHERE assignment_id = ANY($1::uuid[])
         UNION ALL SELECT updated_at FROM deadline WHERE assignment_id = ANY($1::uuid[])
         UNION ALL SELECT starts_at FROM deadline WHERE assignment_id = ANY($1::uuid[])`,
        [ids],
      ),
    ).toEqual([T1, T1, T1, T1, T1, T1]);
    expect(
      await times(`SELECT created_at AS t FROM notification WHERE assignment_id = ANY($1::uuid[])`, [ids]),
    ).toEqual([T1, T1]);

    // The views read their times back as written, and "overdue" is asked of the clock: by the
    // wall clock (years earlier) nothing is overdue; by the clock, once past sign-for, it is.
    const queries = app.get(TaskQueriesService);
    const mine = await queries.listAssignments(street, { taskId: task.id, limit: 10 });
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({ createdAt: '2030-03-04T01:00:00.000000Z', overdue: false });
    expect(mine.items[0].decision?.decidedAt).toBe('2030-03-04T01:05:00.000000Z');
    const [signDue] = await times(
      `SELECT due_at AS t FROM deadline WHERE assignment_id = $1 AND kind = 'signoff'`,
      [mine.items[0].id],
    );
    expect(Date.parse(signDue!)).toBeGreaterThan(Date.parse(T1));

    // Escalation once the clock passes sign-for: every step fires at the clock's time.
    const T2 = new Date(Date.parse(signDue!) + 60_000).toISOString();
    clock.set(T2);
    expect(await app.get(EscalationService).fireDue()).toBeGreaterThan(0);
    const fired = await times(
      `SELECT s.fired_at AS t FROM escalation_step s JOIN deadline d ON d.id = s.deadline_id
        WHERE d.assignment_id = ANY($1::uuid[]) AND s.fired_at IS NOT NULL`,
      [ids],
    );
    // remind and urge of both streets' sign-for deadlines
    expect(fired).toEqual([T2, T2, T2, T2]);
    expect(
      await times(`SELECT overdue_at AS t FROM deadline WHERE assignment_id = ANY($1::uuid[])`, [ids]),
    ).toEqual([T2, T2]);
    expect(
      await times(
        `SELECT created_at AS t FROM notification WHERE assignment_id = ANY($1::uuid[]) AND kind LIKE 'deadline.%'`,
        [ids],
      ),
    ).toEqual([T2, T2, T2, T2]);
    expect(
      await times(
        `SELECT created_at AS t FROM audit_event WHERE aggregate_type = 'escalation' AND payload->>'assignmentId' = ANY($1::text[])`,
        [ids],
      ),
    ).toEqual([T2, T2, T2, T2]);
    expect(
      (await queries.listAssignments(street, { taskId: task.id, overdue: true, limit: 10 })).items,
    ).toHaveLength(1);

    // Reading the inbox at T3.
    const T3 = '2030-03-20T02:00:00.000Z';
    clock.set(T3);
    expect((await app.get(InboxService).markAllRead(street)).marked).toBeGreaterThan(0);
    const read = await times(`SELECT read_at AS t FROM notification WHERE org_code = 'D1-S01'`, []);
    expect(read.length).toBeGreaterThan(0);
    expect(new Set(read)).toEqual(new Set([T3]));
  });
});
