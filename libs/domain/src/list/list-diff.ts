import type { RoutingRule } from '../routing/rule-table';
import type { Matter } from './matter';

/** One field that differs between two versions of a matter or a rule. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface ItemChange<K extends string> {
  key: K;
  /** The matter's name or the rule's description in the newer version. */
  label: string;
  changes: FieldChange[];
}

/** What a newer list version adds, removes and changes, compared with an older one. */
export interface ListDifference {
  matters: { added: Matter[]; removed: Matter[]; changed: ItemChange<string>[] };
  rules: { added: RoutingRule[]; removed: RoutingRule[]; changed: ItemChange<string>[] };
}

/** Field values compared as JSON: arrays and condition trees by content, key order ignored. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v ?? null);
}

function fieldChanges<T extends object>(before: T, after: T, fields: (keyof T & string)[]): FieldChange[] {
  return fields
    .filter((f) => canonical(before[f]) !== canonical(after[f]))
    .map((f) => ({ field: f, before: before[f], after: after[f] }));
}

function diffBy<T extends object>(
  older: T[],
  newer: T[],
  key: (x: T) => string,
  label: (x: T) => string,
  fields: (keyof T & string)[],
  extra: (before: T, after: T) => FieldChange[] = () => [],
) {
  const old = new Map(older.map((x) => [key(x), x]));
  const now = new Map(newer.map((x) => [key(x), x]));
  const changed: ItemChange<string>[] = [];
  for (const [k, after] of now) {
    const before = old.get(k);
    if (!before) continue;
    const changes = [...extra(before, after), ...fieldChanges(before, after, fields)];
    if (changes.length) changed.push({ key: k, label: label(after), changes });
  }
  return {
    added: newer.filter((x) => !old.has(key(x))),
    removed: older.filter((x) => !now.has(key(x))),
    changed,
  };
}

const MATTER_FIELDS: (keyof Matter & string)[] = [
  'category',
  'name',
  'mode',
  'principalDeptCode',
  'principalDept',
  'principalDuties',
  'supportingUnits',
  'streetSupportingDuties',
  'legalBasis',
  'delegableToStreet',
  'streetEnforcementPower',
  'streetPowerSubjects',
  'enforcementNote',
  'source',
  'sourceRef',
  'note',
];

const RULE_FIELDS: (keyof RoutingRule & string)[] = ['description', 'when', 'outcome', 'reason'];

/**
 * The difference between two versions of the list: matters by code, rules by id. A rule that
 * moved in the (first-hit) table changed too, and its `position` (1-based) is reported; a rule
 * added or removed above it does not count as moving it (ranks are compared among the rules both
 * versions have).
 */
export function diffListVersions(
  older: { matters: Matter[]; rules: RoutingRule[] },
  newer: { matters: Matter[]; rules: RoutingRule[] },
): ListDifference {
  const ids = (rules: RoutingRule[]) => new Set(rules.map((r) => r.id));
  const [inOld, inNew] = [ids(older.rules), ids(newer.rules)];
  const rank = (rules: RoutingRule[], other: Set<string>) =>
    new Map(rules.filter((r) => other.has(r.id)).map((r, i) => [r.id, i]));
  const [oldRank, newRank] = [rank(older.rules, inNew), rank(newer.rules, inOld)];
  const position = (rules: RoutingRule[], id: string) => rules.findIndex((r) => r.id === id) + 1;
  return {
    matters: diffBy(
      older.matters,
      newer.matters,
      (m) => m.code,
      (m) => m.name,
      MATTER_FIELDS,
    ),
    rules: diffBy(
      older.rules,
      newer.rules,
      (r) => r.id,
      (r) => r.description,
      RULE_FIELDS,
      (b, a) => {
        const [before, after] = [position(older.rules, b.id), position(newer.rules, a.id)];
        return oldRank.get(b.id) === newRank.get(a.id) || before === after
          ? []
          : [{ field: 'position', before, after }];
      },
    ),
  };
}
