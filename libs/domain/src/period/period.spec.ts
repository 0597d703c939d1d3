import {
  comparePeriods,
  isPeriod,
  monthsOfQuarter,
  parsePeriod,
  periodEnded,
  periodNotBegun,
  periodOf,
} from './period';

describe('parsePeriod', () => {
  it('reads a month as Shanghai midnights [start, end)', () => {
    const p = parsePeriod('2026-11')!;
    expect(p).toMatchObject({ code: '2026-11', kind: 'month', year: 2026, index: 11, months: ['2026-11'] });
    expect(p.start.toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(p.end.toISOString()).toBe('2026-11-30T16:00:00.000Z');
  });

  it('rolls December into January of the next year', () => {
    const p = parsePeriod('2026-12')!;
    expect(p.end.toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('reads a quarter as its three months', () => {
    const p = parsePeriod('2026-Q4')!;
    expect(p).toMatchObject({ kind: 'quarter', index: 4, months: ['2026-10', '2026-11', '2026-12'] });
    expect(p.start.toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(p.end.toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(parsePeriod('2026-Q1')!.start.toISOString()).toBe('2025-12-31T16:00:00.000Z');
  });

  it.each([
    '2026-13',
    '2026-00',
    '2026-Q5',
    '2026-Q0',
    '2026-q4',
    '2026-1',
    '2026-011',
    ' 2026-11',
    '2026-11 ',
    '26-11',
    '1999-12',
    '2101-01',
    '2026/11',
    '',
    '２０２６-11',
  ])('refuses %j', (s) => {
    expect(parsePeriod(s)).toBeNull();
    expect(isPeriod(s)).toBe(false);
  });

  it.each([undefined, null, 202611, {}, ['2026-11']])('refuses a non-string %j', (v) => {
    expect(parsePeriod(v)).toBeNull();
  });
});

describe('period helpers', () => {
  it('lists the months of a quarter', () => {
    expect(monthsOfQuarter(2026, 1)).toEqual(['2026-01', '2026-02', '2026-03']);
  });

  it('tells a period not yet begun at the Shanghai boundary', () => {
    const dec = parsePeriod('2026-12')!;
    expect(periodNotBegun(dec, new Date('2026-11-30T23:59:59+08:00'))).toBe(true);
    expect(periodNotBegun(dec, new Date('2026-12-01T00:00:00+08:00'))).toBe(false);
    expect(periodEnded(parsePeriod('2026-11')!, new Date('2026-12-01T00:00:00+08:00'))).toBe(true);
    expect(periodEnded(parsePeriod('2026-11')!, new Date('2026-11-30T23:59:59+08:00'))).toBe(false);
  });

  it('finds the period of an instant in Shanghai time', () => {
    expect(periodOf(new Date('2026-11-30T16:30:00Z'), 'month').code).toBe('2026-12');
    expect(periodOf(new Date('2026-11-30T16:30:00Z'), 'quarter').code).toBe('2026-Q4');
    expect(periodOf(new Date('2026-09-30T15:59:59Z'), 'quarter').code).toBe('2026-Q3');
  });

  it('orders periods by time', () => {
    const codes = ['2026-Q4', '2026-10', '2026-09', '2026-12'];
    expect(
      codes
        .map((c) => parsePeriod(c)!)
        .sort(comparePeriods)
        .map((p) => p.code),
    ).toEqual(['2026-09', '2026-10', '2026-Q4', '2026-12']);
  });
});
