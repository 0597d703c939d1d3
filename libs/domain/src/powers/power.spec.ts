import type { Matter } from '../list/matter';
import { caseInputProblems, derivePowers, parsePowerRows, powerNotHeld } from './power';
import { parseReportPeriod, periodInFuture } from './report-period';

const matter = (code: string, power: Matter['streetEnforcementPower'], subjects: string[]): Matter =>
  ({
    code,
    name: `事项${code}`,
    legalBasis: `依据${code}`,
    streetEnforcementPower: power,
    streetPowerSubjects: subjects,
  }) as Matter;

describe('delegated powers', () => {
  const matters = [
    matter('CG-02', 'full', ['individual', 'organization']),
    matter('CG-01', 'partial', ['individual']),
    matter('AQ-07', 'partial', []),
    matter('MZ-01', 'none', []),
  ];

  it('derives one power per matter with a street power and per subject it names', () => {
    expect(derivePowers(matters).map((p) => [p.code, p.subjects, p.matterCode])).toEqual([
      ['CG-02-I', ['individual'], 'CG-02'],
      ['CG-02-O', ['organization'], 'CG-02'],
      ['CG-01-I', ['individual'], 'CG-01'],
    ]);
    expect(derivePowers(matters)[0]).toMatchObject({
      name: '事项CG-02(个人)',
      legalBasis: '依据CG-02',
      streetCodes: null,
    });
  });

  it('reads a powers sheet and names every bad row', () => {
    const header = ['power_code', 'power_name', 'legal_basis', 'matter_code', 'subjects', 'street_codes'];
    const ok = parsePowerRows(
      header,
      [
        {
          power_code: 'CG-02-3',
          power_name: '占道经营处罚',
          legal_basis: '',
          matter_code: 'CG-02',
          subjects: 'individual;organization',
          street_codes: 'S1',
        },
      ],
      matters,
      new Set(['S1']),
    );
    expect(ok.problems).toEqual([]);
    expect(ok.powers[0]).toMatchObject({
      legalBasis: '依据CG-02',
      subjects: ['individual', 'organization'],
      streetCodes: ['S1'],
    });
    const bad = parsePowerRows(
      header,
      [
        {
          power_code: 'x',
          power_name: ' ',
          legal_basis: '',
          matter_code: 'MZ-01',
          subjects: 'robot',
          street_codes: '',
        },
        {
          power_code: 'CG-01-I',
          power_name: 'n',
          legal_basis: '',
          matter_code: 'CG-01',
          subjects: 'organization',
          street_codes: 'S9',
        },
      ],
      matters,
      new Set(['S1']),
    );
    expect(bad.powers).toEqual([]);
    expect(bad.problems.map((p) => [p.row, p.column, p.reason])).toEqual([
      [2, 'power_code', 'bad_power_code'],
      [2, 'power_name', 'required'],
      [2, 'matter_code', 'matter_without_power'],
      [2, 'subjects', 'one_of'],
      [3, 'subjects', 'subject_beyond_matter'],
      [3, 'street_codes', 'unknown_street_codes'],
    ]);
  });

  it('checks amounts and dates of a case', () => {
    const today = '2026-12-01';
    expect(caseInputProblems({ measure: 'penalty', amountYuan: 200.5, occurredOn: today }, today)).toEqual(
      [],
    );
    expect(caseInputProblems({ measure: 'penalty', amountYuan: 0.29, occurredOn: today }, today)).toEqual([]);
    const reasons = (i: Parameters<typeof caseInputProblems>[0]) =>
      caseInputProblems(i, today).map((p) => p.reason);
    expect(reasons({ measure: 'penalty', occurredOn: today })).toEqual(['penalty_amount_required']);
    expect(reasons({ measure: 'penalty', amountYuan: 0, occurredOn: today })).toEqual([
      'penalty_amount_range',
    ]);
    expect(reasons({ measure: 'penalty', amountYuan: 1_000_000.01, occurredOn: today })).toEqual([
      'penalty_amount_range',
    ]);
    expect(reasons({ measure: 'penalty', amountYuan: 1.005, occurredOn: today })).toEqual([
      'penalty_amount_range',
    ]);
    expect(reasons({ measure: 'persuasion', amountYuan: 5, occurredOn: '2026-12-02' })).toEqual([
      'amount_only_for_penalty',
      'date_in_future',
    ]);
  });

  it('says whether a street holds a power for a subject, citing the entry', () => {
    const p = {
      code: 'ZR-02-I',
      name: 'n',
      legalBasis: '',
      matterCode: 'ZR-02',
      subjects: ['individual' as const],
      streetCodes: ['S1'],
    };
    expect(powerNotHeld(p, { code: 'S1', holdsPenaltyPower: true }, 'individual')).toBeNull();
    expect(powerNotHeld(p, { code: 'S2', holdsPenaltyPower: true }, 'individual')).toMatchObject({
      reason: 'power_not_held',
      params: { power: 'ZR-02-I', matter: 'ZR-02', subjects: 'individual', subjectsZh: '个人' },
    });
    expect(powerNotHeld(p, { code: 'S1', holdsPenaltyPower: false }, 'individual')?.reason).toBe(
      'power_not_held',
    );
    expect(powerNotHeld(p, { code: 'S1', holdsPenaltyPower: true }, 'organization')?.reason).toBe(
      'subject_not_covered',
    );
  });

  it('parses report periods as Beijing days and refuses malformed ones', () => {
    expect(parseReportPeriod('2026-11')).toEqual({ period: '2026-11', from: '2026-11-01', to: '2026-12-01' });
    expect(parseReportPeriod('2026-Q4')).toEqual({ period: '2026-Q4', from: '2026-10-01', to: '2027-01-01' });
    expect(parseReportPeriod('2026-12')?.to).toBe('2027-01-01');
    for (const bad of ['2026-13', '2026-Q5', '2026-Q0', '2026-00', '26-11', '2026-1', '1999-01', 'x', 202611])
      expect(parseReportPeriod(bad)).toBeNull();
    expect(periodInFuture(parseReportPeriod('2026-Q4')!, '2026-12-01')).toBe(false);
    expect(periodInFuture(parseReportPeriod('2027-01')!, '2026-12-01')).toBe(true);
  });
});
