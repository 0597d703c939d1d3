import type { ErrorDetail } from '../errors/domain-error';
import { ENFORCEMENT_SUBJECTS, type EnforcementSubject, type Matter } from '../list/matter';
import { codePointName, firstUnsafeChar, isBlank } from '../text/safe-text';

/** What a street did with a case (DESIGN "Delegated enforcement powers"). */
export const ENFORCEMENT_MEASURES = ['persuasion', 'rectification_notice', 'penalty', 'transferred'] as const;
export type EnforcementMeasure = (typeof ENFORCEMENT_MEASURES)[number];

/** The "soft" measures the report weighs against the rest: persuasion and a rectification notice. */
export const SOFT_MEASURES: readonly EnforcementMeasure[] = ['persuasion', 'rectification_notice'];

/**
 * Highest penalty a case may record, in yuan. The delegated powers are minor administrative
 * penalties (open burning, stalls, fire lanes: hundreds to tens of thousands of yuan; unlawful
 * building: a share of the building's cost); one million is above any of them and still catches
 * a typing slip of a few digits. Two decimals (fen) at most.
 */
export const MAX_PENALTY_YUAN = 1_000_000;

/**
 * One entry of the catalogue of delegated powers (赋权事项目录), versioned with the list. A class
 * with fields only: it is also what the API returns.
 */
export class DelegatedPower {
  /** `<matter code>-I` / `-O` when derived from the list; any code of that shape when imported. */
  code!: string;
  name!: string;
  legalBasis!: string;
  matterCode!: string;
  /** The enforcement subjects the power covers. */
  subjects!: EnforcementSubject[];
  /** The streets that hold it; null: every street that holds delegated penalty powers. */
  streetCodes!: string[] | null;
}

const SUBJECT_SUFFIX: Record<EnforcementSubject, { code: string; zh: string }> = {
  individual: { code: 'I', zh: '个人' },
  organization: { code: 'O', zh: '单位' },
};

/**
 * The catalogue a list version gets when its import carries no powers sheet: one power per matter
 * whose street enforcement power is `full` or `partial` and per subject the matter names
 * (`street_power_subjects`). A partial matter that names no subject (in the seed, AQ-07, whose
 * note says only the AQ-04/AQ-05 offences are the street's) adds no power of its own. Held by every
 * street that holds delegated penalty powers. Migration 1764810000000 derives the same in SQL for
 * the versions that existed before it.
 */
export function derivePowers(matters: readonly Matter[]): DelegatedPower[] {
  return matters
    .filter((m) => m.streetEnforcementPower === 'full' || m.streetEnforcementPower === 'partial')
    .flatMap((m) =>
      ENFORCEMENT_SUBJECTS.filter((s) => m.streetPowerSubjects.includes(s)).map((s) => ({
        code: `${m.code}-${SUBJECT_SUFFIX[s].code}`,
        name: `${m.name}(${SUBJECT_SUFFIX[s].zh})`,
        legalBasis: m.legalBasis,
        matterCode: m.code,
        subjects: [s],
        streetCodes: null,
      })),
    );
}

/** Columns of a powers sheet (an XLSX list file's sheet `powers` or `赋权事项`). */
export const POWER_COLUMNS = ['power_code', 'power_name', 'legal_basis', 'matter_code', 'subjects'] as const;
/** Optional column: `;`-separated street codes; empty means every street holding delegated powers. */
export const POWER_STREETS_COLUMN = 'street_codes';
export const POWER_SHEET_NAMES = ['powers', '赋权事项'] as const;

const POWER_CODE = /^[A-Z]{1,6}-\d{1,4}(-[A-Z0-9]{1,8})?$/;
const split = (v: string) =>
  v
    .split(/[;;]/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Reads a powers sheet against the matters of the same import: every problem with its row (the
 * header is row 1) and column. A power must belong to a matter of the file whose street power is
 * `full` or `partial`, and cover only subjects that matter names (any, for a `full` matter naming
 * none); streets must be known street codes.
 */
export function parsePowerRows(
  header: string[],
  rows: Record<string, string>[],
  matters: readonly Matter[],
  streetCodes: ReadonlySet<string>,
): { powers: DelegatedPower[]; problems: ErrorDetail[] } {
  const missing = POWER_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length)
    return {
      powers: [],
      problems: missing.map((column) => ({ row: 1, column, reason: 'missing_column', params: { column } })),
    };
  const byCode = new Map(matters.map((m) => [m.code, m]));
  const problems: ErrorDetail[] = [];
  const seen = new Map<string, number>();
  const powers = rows.map((raw, i): DelegatedPower => {
    const row = i + 2;
    const v = (c: string) => (raw[c] ?? '').trim();
    const bad = (column: string, reason: string, params?: Record<string, string | number>) =>
      problems.push({ row, column, reason, params });
    for (const [column, text] of Object.entries(raw)) {
      const unsafe = firstUnsafeChar(text);
      if (unsafe) bad(column, 'unsafe_text', { char: codePointName(unsafe.codePoint) });
    }
    const code = v('power_code');
    if (!code) bad('power_code', 'required');
    else if (!POWER_CODE.test(code)) bad('power_code', 'bad_power_code');
    else if (seen.has(code)) bad('power_code', 'duplicate_power_code', { other: seen.get(code)! });
    else seen.set(code, row);
    if (isBlank(v('power_name'))) bad('power_name', 'required');
    const matter = byCode.get(v('matter_code'));
    if (!matter) bad('matter_code', 'unknown_power_matter');
    else if (matter.streetEnforcementPower === 'none') bad('matter_code', 'matter_without_power');
    const subjects = split(v('subjects'));
    if (subjects.length === 0) bad('subjects', 'required');
    else if (subjects.some((s) => !(ENFORCEMENT_SUBJECTS as readonly string[]).includes(s)))
      bad('subjects', 'one_of', { allowed: ENFORCEMENT_SUBJECTS.join(', ') });
    else if (
      matter &&
      matter.streetPowerSubjects.length > 0 &&
      subjects.some((s) => !(matter.streetPowerSubjects as string[]).includes(s))
    )
      bad('subjects', 'subject_beyond_matter', { subjects: matter.streetPowerSubjects.join(', ') });
    const streets = split(v(POWER_STREETS_COLUMN));
    const unknown = streets.filter((s) => !streetCodes.has(s));
    if (unknown.length) bad(POWER_STREETS_COLUMN, 'unknown_street_codes', { codes: unknown.join(', ') });
    return {
      code,
      name: v('power_name'),
      legalBasis: v('legal_basis') || matter?.legalBasis || '',
      matterCode: v('matter_code'),
      subjects: [...new Set(subjects)] as EnforcementSubject[],
      streetCodes: streets.length ? [...new Set(streets)] : null,
    };
  });
  return { powers: problems.length ? [] : powers, problems };
}

/** What a street asks to record, as far as the rules below need it. */
export interface CaseInput {
  measure: EnforcementMeasure;
  amountYuan?: number;
  occurredOn: string;
}

/**
 * The rules of a case that need no catalogue: a penalty has a positive amount of at most
 * MAX_PENALTY_YUAN with at most two decimals, any other measure has none, and the day it happened
 * is not after today (Asia/Shanghai, from the caller's clock).
 */
export function caseInputProblems(input: CaseInput, today: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const amount = input.amountYuan;
  if (input.measure === 'penalty') {
    if (amount === undefined) problems.push({ field: 'amountYuan', reason: 'penalty_amount_required' });
    else if (
      !(amount > 0) ||
      amount > MAX_PENALTY_YUAN ||
      Math.abs(amount * 100 - Math.round(amount * 100)) > 1e-6
    )
      problems.push({
        field: 'amountYuan',
        reason: 'penalty_amount_range',
        params: { max: MAX_PENALTY_YUAN },
      });
  } else if (amount !== undefined) problems.push({ field: 'amountYuan', reason: 'amount_only_for_penalty' });
  if (input.occurredOn > today)
    problems.push({ field: 'occurredOn', reason: 'date_in_future', params: { today } });
  return problems;
}

/**
 * Why a street may not record a case under `power` for `subject`, or null when it may: the power
 * is held by the street (the street holds delegated penalty powers, and the power names it or
 * names no streets) and covers the subject. The detail cites the catalogue entry.
 */
export function powerNotHeld(
  power: DelegatedPower,
  street: { code: string; holdsPenaltyPower: boolean },
  subject: EnforcementSubject,
): ErrorDetail | null {
  // The subjects in both languages: the zh-CN text names them in Chinese, the en text by value.
  const cite = {
    power: power.code,
    matter: power.matterCode,
    subjects: power.subjects.join(', '),
    subjectsZh: power.subjects.map((x) => SUBJECT_SUFFIX[x].zh).join('、'),
  };
  const held =
    street.holdsPenaltyPower && (power.streetCodes === null || power.streetCodes.includes(street.code));
  if (!held) return { field: 'powerCode', reason: 'power_not_held', params: cite };
  if (!power.subjects.includes(subject))
    return {
      field: 'subject',
      reason: 'subject_not_covered',
      params: { ...cite, subject, subjectZh: SUBJECT_SUFFIX[subject].zh },
    };
  return null;
}
