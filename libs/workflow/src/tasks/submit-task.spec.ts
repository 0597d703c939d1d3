import { normaliseResources, normaliseSubmitCommand, type SubmitTaskCommand } from './submit-task';

const minimal: SubmitTaskCommand = {
  title: '走访',
  streetCodes: ['D1-S02', 'D1-S01'],
  actionType: 'service_delivery',
  deadlineWorkingDays: 10,
};

describe('normaliseSubmitCommand', () => {
  it('spells out every default', () => {
    expect(normaliseSubmitCommand(minimal)).toEqual({
      title: '走访',
      description: '',
      streetCodes: ['D1-S01', 'D1-S02'],
      districtCodes: [],
      matterCode: null,
      actionType: 'service_delivery',
      enforcementSubject: null,
      resources: null,
      temporary: false,
      deadlineWorkingDays: 10,
      dueAt: null,
      urgent: false,
      demands: [],
      legalBasis: null,
    });
  });

  it('gives absent, null, empty and default the same meaning, and keeps real differences', () => {
    const same: SubmitTaskCommand[] = [
      { ...minimal, urgent: false, temporary: false, demands: [], resources: null },
      { ...minimal, resources: {}, description: '', legalBasis: '', matterCode: '', districtCodes: [] },
      { ...minimal, resources: { funding: null, staff: null, detail: null }, enforcementSubject: null },
      { ...minimal, streetCodes: ['D1-S01', 'D1-S02', 'D1-S01'] },
    ];
    for (const cmd of same) expect(normaliseSubmitCommand(cmd)).toEqual(normaliseSubmitCommand(minimal));
    for (const cmd of [
      { ...minimal, urgent: true },
      { ...minimal, description: ' ' },
      { ...minimal, resources: { funding: 0 } },
      { ...minimal, deadlineWorkingDays: 11 },
    ])
      expect(normaliseSubmitCommand(cmd)).not.toEqual(normaliseSubmitCommand(minimal));
  });

  it('compares deadlines as instants', () => {
    const a = normaliseSubmitCommand({
      ...minimal,
      deadlineWorkingDays: undefined,
      dueAt: '2026-12-31T18:00:00+08:00',
    });
    const b = normaliseSubmitCommand({
      ...minimal,
      deadlineWorkingDays: undefined,
      dueAt: '2026-12-31T10:00:00Z',
    });
    expect(a.dueAt).toBe('2026-12-31T10:00:00.000Z');
    expect(b).toEqual(a);
  });
});

describe('normaliseResources', () => {
  it('drops absent and null members; none left is no resources', () => {
    expect(normaliseResources({ funding: 5, staff: null })).toEqual({ funding: 5 });
    expect(normaliseResources({ detail: '' })).toEqual({ detail: '' });
    expect(normaliseResources({})).toBeNull();
    expect(normaliseResources(undefined)).toBeNull();
  });
});
