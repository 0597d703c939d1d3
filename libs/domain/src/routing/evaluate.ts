import type { Matter } from '../list/matter';
import { roleForOutcome, type AssignmentRole, type Outcome } from './outcome';
import type { Condition, Facts, RoutingRule } from './rule-table';
import { PROHIBITED_DEMANDS, type ProhibitedDemand, type RoutingTaskInput } from './task-input';

export interface RoutingDecision {
  outcome: Outcome;
  role: AssignmentRole | null;
  ruleId: string;
  facts: Facts;
  reason: string;
  reasonEn: string;
  strippedDemands: ProhibitedDemand[];
}

/** Resources count only when they bring money or people; a note alone does not. */
function hasResources(task: RoutingTaskInput): boolean {
  const r = task.resources;
  return !!r && ((r.funding ?? 0) > 0 || (r.staff ?? 0) > 0);
}

export function deriveFacts(task: RoutingTaskInput, matter: Matter | null): Facts {
  const power = matter?.streetEnforcementPower ?? null;
  const holds =
    power === 'full' ||
    (power === 'partial' &&
      !!task.enforcementSubject &&
      matter!.streetPowerSubjects.includes(task.enforcementSubject));
  return {
    matterPresent: matter !== null,
    matterMode: matter?.mode ?? null,
    actionType: task.actionType,
    enforcementSubject: task.enforcementSubject,
    hasResources: hasResources(task),
    temporary: task.temporary,
    streetEnforcementPower: power,
    streetHoldsPower: holds,
  };
}

export function conditionHolds(c: Condition, facts: Facts): boolean {
  if ('always' in c) return true;
  if ('all' in c) return c.all.every((x) => conditionHolds(x, facts));
  if ('any' in c) return c.any.some((x) => conditionHolds(x, facts));
  if ('not' in c) return !conditionHolds(c.not, facts);
  const v = facts[c.fact];
  return c.in !== undefined ? c.in.includes(v) : v === c.eq;
}

function fill(template: string, matter: Matter | null, lang: 'zh-CN' | 'en'): string {
  const sep = lang === 'zh-CN' ? ';' : '; ';
  return template
    .replaceAll('{matterName}', matter?.name ?? '')
    .replaceAll('{matterCode}', matter?.code ?? '')
    .replaceAll('{principalDept}', matter?.principalDept ?? '')
    .replaceAll('{streetDuties}', matter?.streetSupportingDuties.join(sep) ?? '');
}

const DEMAND_NAMES: Record<ProhibitedDemand, { 'zh-CN': string; en: string }> = {
  responsibility_pledge: { 'zh-CN': '签订责任状', en: 'responsibility pledge' },
  ranking_notice: { 'zh-CN': '排名通报', en: 'ranking notice' },
  photo_evidence: { 'zh-CN': '拍照留痕', en: 'photo evidence' },
  self_funded: { 'zh-CN': '街道自筹经费', en: 'self-funding by the street' },
};

/**
 * The admission check: the first rule whose condition holds decides. Pure: the caller supplies
 * the matter from the list version the task was submitted under, and the table of that version.
 */
export function evaluateRouting(
  rules: readonly RoutingRule[],
  task: RoutingTaskInput,
  matter: Matter | null,
): RoutingDecision {
  const facts = deriveFacts(task, matter);
  const rule = rules.find((r) => conditionHolds(r.when, facts));
  if (!rule)
    throw new Error('routing table has no rule for these facts; tables must end with an unconditional rule');
  const stripped =
    rule.outcome === 'reject_negative_list' ? [] : PROHIBITED_DEMANDS.filter((d) => task.demands.includes(d));
  let reason = fill(rule.reason['zh-CN'], matter, 'zh-CN');
  let reasonEn = fill(rule.reason.en, matter, 'en');
  if (stripped.length) {
    reason += `。以下附加要求对街道不具约束力,已剔除:${stripped.map((d) => DEMAND_NAMES[d]['zh-CN']).join('、')}`;
    reasonEn += `. These extra demands do not bind the street and were stripped: ${stripped.map((d) => DEMAND_NAMES[d].en).join(', ')}`;
  }
  return {
    outcome: rule.outcome,
    role: roleForOutcome(rule.outcome),
    ruleId: rule.id,
    facts,
    reason,
    reasonEn,
    strippedDemands: stripped,
  };
}
