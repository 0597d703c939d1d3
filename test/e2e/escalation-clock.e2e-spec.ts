import { Module, type INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import { ConfigModule } from '@app/config';
import type { Clock } from '@app/domain';
import { PersistenceModule } from '@app/persistence';
import {
  CLOCK,
  EscalationService,
  RoutingService,
  SubmitTaskService,
  WorkflowModule,
  type Actor,
} from '@app/workflow';
import { dbUrl, PG_ADMIN_URL, templateDb } from '../support/env';

/** A clock the test moves by hand: the domain and every service read time only through it. */
class ManualClock implements Clock {
  constructor(private t: number) {}
  now = () => new Date(this.t);
  set(iso: string) {
    this.t = Date.parse(iso);
  }
}

@Module({ imports: [ConfigModule, PersistenceModule, WorkflowModule] })
class InProcessWorkflow {}

/**
 * The escalation ladder on the real PRC calendar with a controllable clock, in process (no queue):
 * sign-for is 1 working day, supervision 1 and the notice 5 working days past due — across the
 * 2026 National Day holiday and its make-up Saturday, without waiting a second.
 */
describe('escalation ladder with a controllable clock (working days, National Day 2026)', () => {
  const name = `dutygate_test_clock_${process.pid}`;
  const clock = new ManualClock(Date.parse('2026-09-30T10:00:00+08:00'));
  let app: INestApplicationContext;
  let db: Client;

  const saved = { ...process.env };

  beforeAll(async () => {
    const admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${templateDb()}`);
    await admin.end();
    process.env.DATABASE_URL = dbUrl(name);
    process.env.DEADLINE_SIGNOFF = '1wd';
    process.env.ESCALATION_SUPERVISE_AFTER = '1wd';
    process.env.ESCALATION_NOTICE_AFTER = '5wd';
    const moduleRef = await Test.createTestingModule({ imports: [InProcessWorkflow] })
      .overrideProvider(CLOCK)
      .useValue(clock)
      .compile();
    app = await moduleRef.init();
    db = new Client({ connectionString: dbUrl(name) });
    await db.connect();
  });

  afterAll(async () => {
    // The configuration is read from the environment: give the next test file back its own.
    for (const k of [
      'DATABASE_URL',
      'DEADLINE_SIGNOFF',
      'ESCALATION_SUPERVISE_AFTER',
      'ESCALATION_NOTICE_AFTER',
    ]) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    await db?.end();
    await app?.close();
    const admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  const fired = async (deadlineId: string) =>
    (
      await db.query(
        `SELECT step FROM escalation_step WHERE deadline_id = $1 AND fired_at IS NOT NULL ORDER BY fired_at, step`,
        [deadlineId],
      )
    ).rows.map((r) => r.step);

  it('fires each step once, when the clock reaches it, counting working days across the holiday', async () => {
    const user = (await db.query(`SELECT id FROM app_user WHERE username = 'MZJ'`)).rows[0].id;
    const actor: Actor = {
      userId: user,
      username: 'MZJ',
      orgCode: 'MZJ',
      orgKind: 'department',
      roles: ['department'],
    };
    const { task } = await app.get(SubmitTaskService).submit(actor, {
      title: '国庆假期前的签收测试',
      streetCodes: ['D1-S01'],
      matterCode: 'MZ-01',
      actionType: 'service_delivery',
      deadlineWorkingDays: 10,
    });
    expect(await app.get(RoutingService).routeTask(task.id, 1)).toBe(1);
    const d = (
      await db.query(
        `SELECT d.id, d.due_at FROM deadline d JOIN assignment a ON a.id = d.assignment_id WHERE a.task_id = $1 AND d.kind = 'signoff'`,
        [task.id],
      )
    ).rows[0];
    // Submitted Wednesday 30 September: the next working day is Thursday 8 October (1–7 October off).
    expect(new Date(d.due_at).toISOString()).toBe('2026-10-08T15:59:59.999Z');
    const steps = Object.fromEntries(
      (await db.query(`SELECT step, fire_at FROM escalation_step WHERE deadline_id = $1`, [d.id])).rows.map(
        (r) => [r.step, new Date(r.fire_at).toISOString()],
      ),
    );
    expect(steps.supervise).toBe('2026-10-09T15:59:59.999Z'); // Friday 9 October
    // 5 working days after Thursday 8 October: 9 (Fri), 10 (make-up Saturday), 12, 13, 14 October.
    expect(steps.notice).toBe('2026-10-14T15:59:59.999Z');

    const escalation = app.get(EscalationService);
    const at = async (iso: string) => {
      clock.set(iso);
      await escalation.fireDue();
      return fired(d.id);
    };
    expect(await at(new Date(Date.parse(steps.remind) - 1000).toISOString())).toEqual([]);
    expect(await at(steps.remind)).toEqual(['remind']);
    expect(await at('2026-10-08T15:59:59.000Z')).toEqual(['remind']);
    expect(await at(steps.urge)).toEqual(['remind', 'urge']);
    expect(await at('2026-10-09T12:00:00.000Z')).toEqual(['remind', 'urge']);
    expect(await at(steps.supervise)).toEqual(['remind', 'urge', 'supervise']);
    expect(await at(steps.notice)).toEqual(['remind', 'urge', 'supervise', 'notice']);
    // firing again, later, changes nothing: each step fires once
    expect(await at('2026-11-01T00:00:00.000Z')).toEqual(['remind', 'urge', 'supervise', 'notice']);
    const notes = await db.query(
      `SELECT org_code, kind FROM notification WHERE kind LIKE 'deadline.%' ORDER BY created_at, org_code`,
    );
    expect(notes.rows.filter((n) => n.org_code === 'D1-S01').map((n) => n.kind)).toEqual([
      'deadline.remind',
      'deadline.urge',
      'deadline.supervise',
      'deadline.notice',
    ]);
    expect(notes.rows.filter((n) => n.org_code === 'ZFB').map((n) => n.kind)).toEqual([
      'deadline.supervise',
      'deadline.notice',
    ]);
    const item = await db.query(`SELECT in_notice_at FROM supervision_item WHERE deadline_id = $1`, [d.id]);
    expect(new Date(item.rows[0].in_notice_at).toISOString()).toBe(steps.notice);
  });
});
