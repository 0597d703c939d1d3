import { EscalationService, RoutingService, SubmitTaskService } from '@app/workflow';
import { createMediumApp, type MediumApp } from '../support/medium';

/**
 * The escalation ladder on the real PRC calendar with a controllable clock, in process (no queue):
 * sign-for is 1 working day, supervision 1 and the notice 5 working days past due — across the
 * 2026 National Day holiday and its make-up Saturday, without waiting a second.
 */
describe('escalation ladder with a controllable clock (working days, National Day 2026)', () => {
  let m: MediumApp;

  beforeAll(async () => {
    m = await createMediumApp({
      now: '2026-09-30T10:00:00+08:00',
      config: { DEADLINE_SIGNOFF: '1wd', ESCALATION_SUPERVISE_AFTER: '1wd', ESCALATION_NOTICE_AFTER: '5wd' },
    });
  });
  afterAll(() => m?.close());

  const fired = async (deadlineId: string) =>
    (
      await m.db.query(
        `SELECT step FROM escalation_step WHERE deadline_id = $1 AND fired_at IS NOT NULL ORDER BY fired_at, step`,
        [deadlineId],
      )
    ).rows.map((r) => r.step);

  it('fires each step once, when the clock reaches it, counting working days across the holiday', async () => {
    const actor = await m.actor('MZJ');
    const { task } = await m.get(SubmitTaskService).submit(actor, {
      title: '国庆假期前的签收测试',
      streetCodes: ['D1-S01'],
      matterCode: 'MZ-01',
      actionType: 'service_delivery',
      deadlineWorkingDays: 10,
    });
    expect(await m.get(RoutingService).routeTask(task.id, 1)).toBe(1);
    const d = (
      await m.db.query(
        `SELECT d.id, d.due_at FROM deadline d JOIN assignment a ON a.id = d.assignment_id WHERE a.task_id = $1 AND d.kind = 'signoff'`,
        [task.id],
      )
    ).rows[0];
    // Submitted Wednesday 30 September: the next working day is Thursday 8 October (1–7 October off).
    expect(new Date(d.due_at).toISOString()).toBe('2026-10-08T15:59:59.999Z');
    const steps = Object.fromEntries(
      (await m.db.query(`SELECT step, fire_at FROM escalation_step WHERE deadline_id = $1`, [d.id])).rows.map(
        (r) => [r.step, new Date(r.fire_at).toISOString()],
      ),
    );
    expect(steps.supervise).toBe('2026-10-09T15:59:59.999Z'); // Friday 9 October
    // 5 working days after Thursday 8 October: 9 (Fri), 10 (make-up Saturday), 12, 13, 14 October.
    expect(steps.notice).toBe('2026-10-14T15:59:59.999Z');

    const escalation = m.get(EscalationService);
    const at = async (iso: string) => {
      m.clock.set(iso);
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
    const notes = await m.db.query(
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
    const item = await m.db.query(`SELECT in_notice_at FROM supervision_item WHERE deadline_id = $1`, [d.id]);
    expect(new Date(item.rows[0].in_notice_at).toISOString()).toBe(steps.notice);
  });
});
