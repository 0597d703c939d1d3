import type { ErrorDetail } from '../errors/domain-error';
import { codePointName, firstUnsafeChar, isBlank } from '../text/safe-text';
import {
  DELEGABILITY,
  ENFORCEMENT_POWERS,
  ENFORCEMENT_SUBJECTS,
  RESPONSIBILITY_MODES,
  STREET_PRINCIPAL_CODE,
  type Matter,
} from './matter';

/** Columns a list file must have (the seed CSV's header); others (version, source…) are optional. */
export const REQUIRED_COLUMNS = [
  'code',
  'category',
  'matter_name',
  'responsibility_mode',
  'principal_dept_code',
  'principal_dept',
  'principal_duties',
  'supporting_units',
  'street_supporting_duties',
  'legal_basis',
  'delegable_to_street',
  'street_enforcement_power',
  'street_power_subjects',
] as const;

const CODE = /^[A-Z]{1,6}-\d{1,4}$/;
const splitList = (v: string) =>
  v
    .split(/[;;]/)
    .map((s) => s.trim())
    .filter(Boolean);

export interface ParsedList {
  matters: Matter[];
  problems: ErrorDetail[];
}

/**
 * Turns the rows of a list file into matters, collecting every problem with its row (1-based,
 * counting the header as row 1, as a spreadsheet shows it) and column. The caller stores nothing
 * unless `problems` is empty.
 */
export function parseMatterRows(
  header: string[],
  rows: Record<string, string>[],
  departmentCodes: ReadonlySet<string>,
): ParsedList {
  const problems: ErrorDetail[] = [];
  // Text the API refuses anywhere (safe-text.ts) is refused in a cell too, named by row and column.
  header.forEach((name) => {
    const bad = firstUnsafeChar(name);
    if (bad)
      problems.push({
        row: 1,
        column: name,
        reason: 'unsafe_text',
        params: { char: codePointName(bad.codePoint) },
      });
  });
  if (problems.length) return { matters: [], problems };
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) {
    return {
      matters: [],
      problems: missing.map((column) => ({ row: 1, column, reason: 'missing_column', params: { column } })),
    };
  }
  if (rows.length === 0) return { matters: [], problems: [{ row: 2, reason: 'empty_file' }] };

  const firstRowOfCode = new Map<string, number>();
  const matters: Matter[] = [];
  rows.forEach((raw, i) => {
    const row = i + 2;
    const v = (c: string) => (raw[c] ?? '').trim();
    const bad = (column: string, reason: string, params?: Record<string, string | number>) =>
      problems.push({ row, column, reason, params });
    for (const [column, text] of Object.entries(raw)) {
      const unsafe = firstUnsafeChar(text);
      if (unsafe) bad(column, 'unsafe_text', { char: codePointName(unsafe.codePoint) });
    }
    const oneOf = (column: string, allowed: readonly string[]) => {
      if (!allowed.includes(v(column))) bad(column, 'one_of', { allowed: allowed.join(', ') });
    };

    const code = v('code');
    if (!code) bad('code', 'required');
    else if (!CODE.test(code)) bad('code', 'bad_code');
    else if (firstRowOfCode.has(code)) bad('code', 'duplicate_code', { other: firstRowOfCode.get(code)! });
    else firstRowOfCode.set(code, row);
    // Required means something visible: whitespace or zero-width characters alone are blank.
    for (const c of ['category', 'matter_name', 'principal_dept', 'principal_duties'] as const)
      if (isBlank(v(c))) bad(c, 'required');
    oneOf('responsibility_mode', RESPONSIBILITY_MODES);
    oneOf('delegable_to_street', DELEGABILITY);
    oneOf('street_enforcement_power', ENFORCEMENT_POWERS);

    const principal = v('principal_dept_code');
    if (!principal) bad('principal_dept_code', 'required');
    else if (principal !== STREET_PRINCIPAL_CODE && !departmentCodes.has(principal))
      bad('principal_dept_code', 'unknown_department');
    else if ((principal === STREET_PRINCIPAL_CODE) !== (v('responsibility_mode') === 'STREET_PRINCIPAL'))
      bad('principal_dept_code', 'street_principal_mismatch');

    const subjects = splitList(v('street_power_subjects'));
    const unknownSubjects = subjects.filter((s) => !(ENFORCEMENT_SUBJECTS as readonly string[]).includes(s));
    if (unknownSubjects.length)
      bad('street_power_subjects', 'one_of', { allowed: ENFORCEMENT_SUBJECTS.join(', ') });
    const power = v('street_enforcement_power');
    // A partial power may be limited by kind of violation rather than by subject (e.g. AQ-07):
    // then it names no subjects, and routing treats no enforcement subject as covered.
    if (power === 'none' && subjects.length > 0) bad('street_power_subjects', 'subjects_without_power');

    matters.push({
      code,
      category: v('category'),
      name: v('matter_name'),
      mode: v('responsibility_mode') as Matter['mode'],
      principalDeptCode: principal,
      principalDept: v('principal_dept'),
      principalDuties: v('principal_duties'),
      supportingUnits: splitList(v('supporting_units')),
      streetSupportingDuties: splitList(v('street_supporting_duties')),
      legalBasis: v('legal_basis'),
      delegableToStreet: v('delegable_to_street') as Matter['delegableToStreet'],
      streetEnforcementPower: power as Matter['streetEnforcementPower'],
      streetPowerSubjects: subjects as Matter['streetPowerSubjects'],
      enforcementNote: v('enforcement_note'),
      source: v('source'),
      sourceRef: v('source_ref'),
      note: v('note'),
    });
  });
  return { matters: problems.length ? [] : matters, problems };
}
