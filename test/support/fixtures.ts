import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** A task body that passes every check of `POST /api/tasks` (MZ-01 is street-principal in 2025.1). */
export function validTask(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: '辖区高龄老人走访慰问',
    description: '请对辖区80周岁以上老人开展一次入户走访,核实高龄津贴发放情况。',
    streetCodes: ['D1-S01'],
    matterCode: 'MZ-01',
    actionType: 'service_delivery',
    resources: null,
    temporary: false,
    deadlineWorkingDays: 10,
    urgent: false,
    demands: [],
    ...overrides,
  };
}

/** The distinct `field`s an error body names, sorted. */
export function fieldsOf(body: { details?: { field?: string }[] }): string[] {
  return [...new Set((body.details ?? []).map((d) => d.field ?? ''))].sort();
}

/** The seed list CSV as text (header + 61 matter rows). */
export function seedListCsv(): string {
  return readFileSync(join(root, 'config/seed/responsibility_list.csv'), 'utf8');
}
