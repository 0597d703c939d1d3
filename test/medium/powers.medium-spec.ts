import { DomainError } from '@app/domain';
import { PowersService } from '@app/workflow';
import { createMediumApp, type MediumApp } from '../support/medium';

/**
 * "Not after today" for an enforcement case is the Asia/Shanghai day of the injected clock: just
 * before Beijing midnight the next day is refused, just after it the same day is accepted, whatever
 * UTC says. The report's "period has not begun" follows the same clock.
 */
describe('enforcement cases and the report on a controllable clock', () => {
  let m: MediumApp;

  beforeAll(async () => {
    // 23:59 on 31 December 2026 in Beijing (15:59 UTC).
    m = await createMediumApp({ now: '2026-12-31T23:59:00+08:00' });
  });
  afterAll(() => m?.close());

  const cases = async () =>
    (await m.db.query(`SELECT count(*)::int AS n FROM enforcement_case`)).rows[0].n as number;
  const body = (occurredOn: string) => ({
    powerCode: 'CG-02-I',
    subject: 'individual' as const,
    measure: 'persuasion' as const,
    occurredOn,
  });

  it('refuses the next Beijing day until Beijing midnight, then accepts it', async () => {
    const street = await m.actor('D1-S01');
    const powers = m.get(PowersService);
    const before = await cases();
    const refused = await powers.record(street, body('2027-01-01')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe('VALIDATION_FAILED');
    expect((refused as DomainError).details).toEqual([
      { field: 'occurredOn', reason: 'date_in_future', params: { today: '2026-12-31' } },
    ]);
    expect(await cases()).toBe(before);
    await expect(
      powers.report(street, { period: '2027-01' }).catch((e: DomainError) => e.details[0]?.reason),
    ).resolves.toBe('period_in_future');

    // Two minutes later it is 1 January in Beijing (still 31 December in UTC).
    m.clock.set('2026-12-31T16:01:00Z');
    const ok = await powers.record(street, body('2027-01-01'));
    expect(ok).toMatchObject({ occurredOn: '2027-01-01', streetCode: 'D1-S01', listVersion: '2025.1' });
    expect(await cases()).toBe(before + 1);
    const report = await powers.report(street, { period: '2027-01' });
    expect(report.totals).toMatchObject({
      persuasion: 1,
      total: 1,
      softShare: 1,
      heldPairs: 14,
      dormantPairs: 14,
    });
  });
});
