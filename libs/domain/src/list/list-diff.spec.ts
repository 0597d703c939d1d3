import type { RoutingRule } from '../routing/rule-table';
import { diffListVersions } from './list-diff';
import type { Matter } from './matter';

const matter = (code: string, over: Partial<Matter> = {}): Matter => ({
  code,
  category: '民政',
  name: `事项${code}`,
  mode: 'STREET_PRINCIPAL',
  principalDeptCode: 'STREET',
  principalDept: '街道',
  principalDuties: '负责',
  supportingUnits: ['MZJ'],
  streetSupportingDuties: ['配合'],
  legalBasis: '条例',
  delegableToStreet: 'yes',
  streetEnforcementPower: 'none',
  streetPowerSubjects: [],
  enforcementNote: '',
  source: 'invented',
  sourceRef: '',
  note: '',
  ...over,
});

const rule = (id: string, over: Partial<RoutingRule> = {}): RoutingRule => ({
  id,
  description: `规则${id}`,
  when: { fact: 'matterPresent', eq: true },
  outcome: 'admit',
  reason: { 'zh-CN': '准入', en: 'admitted' },
  ...over,
});

describe('the difference between two list versions', () => {
  it('names added, removed and changed matters, field by field', () => {
    const d = diffListVersions(
      { matters: [matter('A'), matter('B'), matter('C')], rules: [] },
      {
        matters: [
          matter('A'),
          matter('C', { name: '新名称', streetSupportingDuties: ['配合', '上报'] }),
          matter('D'),
        ],
        rules: [],
      },
    );
    expect(d.matters.added.map((m) => m.code)).toEqual(['D']);
    expect(d.matters.removed.map((m) => m.code)).toEqual(['B']);
    expect(d.matters.changed).toEqual([
      {
        key: 'C',
        label: '新名称',
        changes: [
          { field: 'name', before: '事项C', after: '新名称' },
          { field: 'streetSupportingDuties', before: ['配合'], after: ['配合', '上报'] },
        ],
      },
    ]);
  });

  it('compares rule conditions by content and reports a rule that moved, not one pushed down by an insertion', () => {
    const d = diffListVersions(
      { matters: [], rules: [rule('R1'), rule('R2', { when: { fact: 'temporary', eq: true } }), rule('R3')] },
      {
        matters: [],
        rules: [
          rule('R0'),
          rule('R1'),
          rule('R3', { outcome: 'support_only' }),
          // Same condition, keys in another order: unchanged.
          rule('R2', { when: { eq: true, fact: 'temporary' } as RoutingRule['when'] }),
        ],
      },
    );
    expect(d.rules.added.map((r) => r.id)).toEqual(['R0']);
    expect(d.rules.removed).toEqual([]);
    expect(d.rules.changed).toEqual([
      {
        key: 'R3',
        label: '规则R3',
        // Still third: the swap with R2 is reported on R2, which moved.
        changes: [{ field: 'outcome', before: 'admit', after: 'support_only' }],
      },
      { key: 'R2', label: '规则R2', changes: [{ field: 'position', before: 2, after: 4 }] },
    ]);
  });

  it('finds nothing between a version and itself', () => {
    const v = { matters: [matter('A')], rules: [rule('R1')] };
    expect(diffListVersions(v, v)).toEqual({
      matters: { added: [], removed: [], changed: [] },
      rules: { added: [], removed: [], changed: [] },
    });
  });
});
