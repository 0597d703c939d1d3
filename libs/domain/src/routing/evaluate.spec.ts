import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { parseMatterRows } from '../list/parse-matters';
import type { Matter } from '../list/matter';
import { evaluateRouting } from './evaluate';
import { ruleTableProblems, type RoutingRule } from './rule-table';
import type { RoutingTaskInput } from './task-input';

const root = join(__dirname, '..', '..', '..', '..');
const rules: RoutingRule[] = JSON.parse(
  readFileSync(join(root, 'config/routing-rules.default.json'), 'utf8'),
);
const rows: Record<string, string>[] = parse(
  readFileSync(join(root, 'config/seed/responsibility_list.csv')),
  { columns: true, bom: true },
);
const departments = new Set(
  (
    parse(readFileSync(join(root, 'config/seed/departments.csv')), { columns: true, bom: true }) as {
      code: string;
    }[]
  ).map((d) => d.code),
);
const { matters, problems } = parseMatterRows(Object.keys(rows[0]), rows, departments);
const byCode = new Map(matters.map((m) => [m.code, m]));

const base: RoutingTaskInput = {
  actionType: 'service_delivery',
  enforcementSubject: null,
  resources: null,
  temporary: false,
  demands: [],
};
const matter = (over: Partial<Matter>): Matter => ({ ...byCode.get('CG-02')!, ...over });

describe('the default routing table', () => {
  it('is a valid table and the seed list parses without problems', () => {
    expect(ruleTableProblems(rules)).toEqual([]);
    expect(problems).toEqual([]);
    expect(matters).toHaveLength(61);
  });

  const cases: [string, RoutingTaskInput, Matter | null, string, string | null][] = [
    [
      'R1 department-only matter, even as enforcement',
      { ...base, actionType: 'enforcement', enforcementSubject: 'individual' },
      matter({ mode: 'DEPT_ONLY' }),
      'reject_negative_list',
      'R1',
    ],
    [
      'R2 form filling as the task',
      { ...base, actionType: 'reporting_forms' },
      matter({}),
      'reject_negative_list',
      'R2',
    ],
    [
      'R2 form filling off-list',
      { ...base, actionType: 'reporting_forms' },
      null,
      'reject_negative_list',
      'R2',
    ],
    [
      'R3 organisational demand without resources',
      { ...base, actionType: 'organizational_demand' },
      matter({}),
      'reject_negative_list',
      'R3',
    ],
    [
      'R3 a note is not a resource',
      { ...base, actionType: 'organizational_demand', resources: { detail: 'x', funding: 0 } },
      matter({}),
      'reject_negative_list',
      'R3',
    ],
    [
      'R4 organisational demand with staff goes on',
      { ...base, actionType: 'organizational_demand', resources: { staff: 2 } },
      null,
      'needs_admission_review',
      'R4',
    ],
    [
      'R4 off-list campaign',
      { ...base, actionType: 'campaign', temporary: true },
      null,
      'needs_admission_review',
      'R4',
    ],
    [
      'R5 full power',
      { ...base, actionType: 'enforcement', enforcementSubject: 'organization' },
      matter({ streetEnforcementPower: 'full' }),
      'admit',
      'R5',
    ],
    [
      'R5 partial power covering the subject',
      { ...base, actionType: 'enforcement', enforcementSubject: 'individual' },
      matter({
        streetEnforcementPower: 'partial',
        streetPowerSubjects: ['individual'],
        mode: 'DEPT_PRINCIPAL_STREET_SUPPORT',
      }),
      'admit',
      'R5',
    ],
    [
      'R6 partial power not covering the subject',
      { ...base, actionType: 'enforcement', enforcementSubject: 'organization' },
      matter({ streetEnforcementPower: 'partial', streetPowerSubjects: ['individual'] }),
      'joint_enforcement',
      'R6',
    ],
    [
      'R6 partial power naming no subjects',
      { ...base, actionType: 'enforcement', enforcementSubject: 'individual' },
      matter({ streetEnforcementPower: 'partial', streetPowerSubjects: [] }),
      'joint_enforcement',
      'R6',
    ],
    [
      'R6 no power on a street-principal matter',
      { ...base, actionType: 'enforcement', enforcementSubject: 'individual' },
      matter({ streetEnforcementPower: 'none', streetPowerSubjects: [], mode: 'STREET_PRINCIPAL' }),
      'joint_enforcement',
      'R6',
    ],
    [
      'R7 street-principal matter',
      { ...base, actionType: 'inspection_patrol' },
      matter({ mode: 'STREET_PRINCIPAL' }),
      'admit',
      'R7',
    ],
    [
      'R8 department principal',
      { ...base },
      matter({ mode: 'DEPT_PRINCIPAL_STREET_SUPPORT' }),
      'support_only',
      'R8',
    ],
  ];
  it.each(cases)('%s', (_, task, m, outcome, ruleId) => {
    const d = evaluateRouting(rules, task, m);
    expect([d.outcome, d.ruleId]).toEqual([outcome, ruleId]);
  });

  it('strips every prohibited demand unless the task is rejected outright', () => {
    const demands: RoutingTaskInput['demands'] = [
      'responsibility_pledge',
      'ranking_notice',
      'photo_evidence',
      'self_funded',
    ];
    const admitted = evaluateRouting(rules, { ...base, demands }, matter({ mode: 'STREET_PRINCIPAL' }));
    expect(admitted.strippedDemands).toEqual(demands);
    expect(admitted.reason).toContain('拍照留痕');
    const rejected = evaluateRouting(rules, { ...base, demands }, matter({ mode: 'DEPT_ONLY' }));
    expect(rejected.strippedDemands).toEqual([]);
  });

  it('gives support-only streets the listed supporting duties in the reason', () => {
    const m = byCode.get('CG-01')!;
    const d = evaluateRouting(rules, base, m);
    expect(d.role).toBe('support');
    expect(d.reason).toContain(m.streetSupportingDuties[0]);
    expect(d.reason).toContain(m.principalDept);
  });

  it('refuses a table without a final catch-all rule', () => {
    expect(ruleTableProblems(rules.slice(0, 7))).toEqual([
      expect.objectContaining({ field: 'rules[6].when' }),
    ]);
    expect(() => evaluateRouting(rules.slice(0, 1), base, null)).toThrow(/no rule/);
  });
});

describe('the sample tasks (shared/data/sample_tasks.jsonl)', () => {
  const samples = readFileSync(join(root, 'config/seed/sample_tasks.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

  it('are all 28 present', () => expect(samples).toHaveLength(28));

  it.each(samples.map((s) => [s.ref, s]))(
    '%s gives its expected outcome, role and stripped demands',
    (_, s) => {
      const m = s.matterCode ? byCode.get(s.matterCode) : null;
      expect(m).not.toBeUndefined();
      const d = evaluateRouting(
        rules,
        {
          actionType: s.actionType,
          enforcementSubject: s.enforcementSubject,
          resources: s.resources,
          temporary: s.temporary,
          demands: s.demands,
        },
        m ?? null,
      );
      expect({ outcome: d.outcome, role: d.role, strippedDemands: d.strippedDemands }).toEqual(s.expected);
    },
  );
});
