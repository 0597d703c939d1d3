import { inBeijing } from './beijing';

/** The same instant through the IANA zone, as Intl reads it: the oracle for the fixed offset. */
const shanghai = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const viaZone = (at: Date) => {
  const p = Object.fromEntries(shanghai.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
};

describe('inBeijing', () => {
  it('reads an instant on Beijing’s clock, the day after UTC’s from 16:00 UTC', () => {
    expect(inBeijing('2026-12-31T16:30:00Z').format('YYYY-MM-DD HH:mm')).toBe('2027-01-01 00:30');
    expect(inBeijing('2026-06-30T15:59:59.999Z').format('YYYY-MM-DD HH:mm')).toBe('2026-06-30 23:59');
    expect(inBeijing('2026-03-01T00:00:00+08:00').format('YYYY-MM-DD HH:mm')).toBe('2026-03-01 00:00');
  });

  it('agrees with the Asia/Shanghai zone at two times of every day from 2000 to 2100', () => {
    const mismatches: string[] = [];
    for (let t = Date.UTC(2000, 0, 1); t < Date.UTC(2101, 0, 1); t += 86_400_000) {
      // 04:00 and 16:30 UTC: midday in Beijing, and just after its midnight.
      for (const at of [new Date(t + 4 * 3_600_000), new Date(t + 16.5 * 3_600_000)]) {
        const mine = inBeijing(at).format('YYYY-MM-DD HH:mm');
        if (mine !== viaZone(at)) mismatches.push(`${at.toISOString()}: ${mine} vs ${viaZone(at)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('keeps Beijing’s clock through date arithmetic', () => {
    // 2026-01-31 20:00 UTC is already February 1st in Beijing.
    const at = inBeijing('2026-01-31T20:00:00Z');
    expect(at.startOf('month').format('YYYY-MM-DD HH:mm Z')).toBe('2026-02-01 00:00 +08:00');
    expect(at.add(28, 'day').format('YYYY-MM-DD')).toBe('2026-03-01');
    expect(at.startOf('day').toISOString()).toBe('2026-01-31T16:00:00.000Z');
  });
});
