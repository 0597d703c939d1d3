import { isBlank } from '../text/safe-text';
import { OUTCOMES, type Outcome } from './outcome';

/**
 * Facts a rule condition may test. They are derived once per task from the task and the matter
 * (see `deriveFacts`), so rules stay data and never reach into raw objects.
 */
export const FACTS = {
  matterPresent: 'boolean',
  matterMode: 'string',
  actionType: 'string',
  enforcementSubject: 'string',
  hasResources: 'boolean',
  temporary: 'boolean',
  streetEnforcementPower: 'string',
  streetHoldsPower: 'boolean',
} as const;
export type FactName = keyof typeof FACTS;
export type FactValue = string | boolean | null;
export type Facts = Record<FactName, FactValue>;

/** One test of one fact: `eq` a value, or `in` a set of values. */
export interface FactTest {
  fact: FactName;
  eq?: FactValue;
  in?: FactValue[];
}

export type Condition =
  { always: true } | { all: Condition[] } | { any: Condition[] } | { not: Condition } | FactTest;

/** One row of the routing table (field-only class: the API's shape too, see libs/contract). */
export class RoutingRule {
  /** Stable id cited in decisions, e.g. `R5`. */
  id!: string;
  description!: string;
  /** A condition tree: `{ always: true }`, `{ all: [..] }`, `{ any: [..] }`, `{ not: .. }` or a fact test `{ fact, eq }` / `{ fact, in: [..] }`. */
  when!: Condition;
  outcome!: Outcome;
  /** Reason text templates; `{matterName}`, `{matterCode}`, `{principalDept}` and `{streetDuties}` are filled in. */
  reason!: { 'zh-CN': string; en: string };
}

/**
 * One problem of a rule table: the field, a code the API's detail catalogue translates
 * (errors/detail-messages.ts, `rule_*` and `condition_*`), its parameters, and the English
 * text for logs and the shipped table's load check.
 */
export interface RuleProblem {
  field: string;
  reason: string;
  params?: Record<string, string>;
  message: string;
}

const problem = (
  field: string,
  reason: string,
  message: string,
  params?: Record<string, string>,
): RuleProblem => (params ? { field, reason, params, message } : { field, reason, message });

const RULE_ID = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

function conditionProblems(c: unknown, path: string, out: RuleProblem[]): void {
  if (typeof c !== 'object' || c === null || Array.isArray(c)) {
    out.push(problem(path, 'condition_not_object', 'condition must be an object'));
    return;
  }
  const o = c as Record<string, unknown>;
  const keys = Object.keys(o);
  if ('always' in o) {
    if (o.always !== true || keys.length !== 1)
      out.push(problem(path, 'condition_always', '`always` must be true and alone'));
    return;
  }
  for (const k of ['all', 'any'] as const) {
    if (k in o) {
      if (!Array.isArray(o[k]) || (o[k] as unknown[]).length === 0 || keys.length !== 1) {
        out.push(
          problem(`${path}.${k}`, 'condition_list', `\`${k}\` must be a non-empty list and alone`, {
            key: k,
          }),
        );
        return;
      }
      (o[k] as unknown[]).forEach((sub, i) => conditionProblems(sub, `${path}.${k}[${i}]`, out));
      return;
    }
  }
  if ('not' in o) {
    if (keys.length !== 1) out.push(problem(path, 'condition_not_alone', '`not` must be alone'));
    conditionProblems(o.not, `${path}.not`, out);
    return;
  }
  if (typeof o.fact !== 'string' || !(o.fact in FACTS)) {
    const facts = Object.keys(FACTS).join(', ');
    out.push(problem(`${path}.fact`, 'condition_unknown_fact', `unknown fact; one of ${facts}`, { facts }));
    return;
  }
  const hasEq = 'eq' in o;
  const hasIn = 'in' in o;
  if (hasEq === hasIn)
    out.push(problem(path, 'condition_eq_or_in', 'a fact test needs exactly one of `eq` or `in`'));
  if (hasIn && (!Array.isArray(o.in) || o.in.length === 0))
    out.push(problem(`${path}.in`, 'condition_in_empty', 'must be a non-empty list'));
  // A fact is a string, number or boolean: anything else can never equal it.
  const scalar = (v: unknown) => ['string', 'number', 'boolean'].includes(typeof v);
  if (hasEq && !scalar(o.eq))
    out.push(problem(`${path}.eq`, 'condition_not_scalar', 'must be a string, number or boolean'));
  if (hasIn && Array.isArray(o.in) && !o.in.every(scalar))
    out.push(problem(`${path}.in`, 'condition_not_scalar', 'must be a string, number or boolean'));
  const extra = keys.filter((k) => !['fact', 'eq', 'in'].includes(k));
  if (extra.length)
    out.push(
      problem(path, 'rule_unknown_keys', `unknown keys: ${extra.join(', ')}`, { keys: extra.join(', ') }),
    );
}

/**
 * Checks a rule table before it is stored: ids unique, outcomes known, conditions well formed,
 * and a final unconditional rule, so that every task gets a decision that cites a rule.
 */
export function ruleTableProblems(table: unknown): RuleProblem[] {
  const out: RuleProblem[] = [];
  if (!Array.isArray(table) || table.length === 0)
    return [problem('rules', 'rules_empty', 'must be a non-empty list')];
  const seen = new Set<string>();
  table.forEach((r: unknown, i) => {
    const p = `rules[${i}]`;
    if (typeof r !== 'object' || r === null)
      return void out.push(problem(p, 'rule_not_object', 'must be an object'));
    const rule = r as Record<string, unknown>;
    if (typeof rule.id !== 'string' || !RULE_ID.test(rule.id))
      out.push(problem(`${p}.id`, 'rule_id_format', 'must match ' + RULE_ID));
    else if (seen.has(rule.id)) out.push(problem(`${p}.id`, 'rule_id_duplicate', 'duplicate rule id'));
    else seen.add(rule.id);
    if (!OUTCOMES.includes(rule.outcome as Outcome))
      out.push(
        problem(`${p}.outcome`, 'rule_outcome', `one of ${OUTCOMES.join(', ')}`, {
          allowed: OUTCOMES.join(', '),
        }),
      );
    if (typeof rule.description !== 'string')
      out.push(problem(`${p}.description`, 'rule_description', 'must be a string'));
    const reason = rule.reason as Record<string, unknown> | undefined;
    // A decision cites its reason to the street: a blank one (spaces, zero-width characters) says nothing.
    const text = (lang: string) => reason?.[lang];
    if (
      !reason ||
      typeof text('zh-CN') !== 'string' ||
      typeof text('en') !== 'string' ||
      isBlank(text('zh-CN') as string) ||
      isBlank(text('en') as string)
    )
      out.push(problem(`${p}.reason`, 'rule_reason_texts', 'needs zh-CN and en texts'));
    conditionProblems(rule.when, `${p}.when`, out);
    const extra = Object.keys(rule).filter(
      (k) => !['id', 'description', 'when', 'outcome', 'reason'].includes(k),
    );
    if (extra.length)
      out.push(
        problem(p, 'rule_unknown_keys', `unknown keys: ${extra.join(', ')}`, { keys: extra.join(', ') }),
      );
  });
  const last = table[table.length - 1] as RoutingRule | undefined;
  if (out.length === 0 && !(last && 'always' in last.when))
    out.push(
      problem(
        `rules[${table.length - 1}].when`,
        'rule_last_unconditional',
        'the last rule must be unconditional ({"always": true})',
      ),
    );
  return out;
}
