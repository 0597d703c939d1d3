import type { ErrorDetail } from '../errors/domain-error';
import type { Language } from '../errors/messages';
import {
  roleForOutcome,
  ROLES,
  type AssignmentRole,
  type DecisionOutcome,
  type Outcome,
} from '../routing/outcome';
import { oneOfProblem, textProblem } from './requirements';
import type { AssignmentState } from './states';

/**
 * What the reviewer's decisions mean for an assignment: the admission review (admit, refuse,
 * return) and the arbitration of a dispute. The transition table takes its targets from here, and
 * the reviewer desk only carries them out.
 */

type Texts = Record<Language, string>;

export const REVIEW_DECISIONS = ['admit', 'refuse', 'return'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export interface ReviewCommand {
  decision: ReviewDecision;
  /** The street's role when admitting directly. */
  role?: AssignmentRole | null;
  /** A matter of the task's list version: admitting with it re-routes, and the rule table picks the role. */
  matterCode?: string | null;
  note: string;
}

/** The street's role names, as the decision's reason text gives them. */
export const ASSIGNMENT_ROLE_NAMES: Record<AssignmentRole, Texts> = {
  lead: { 'zh-CN': '街道牵头', en: 'street leads' },
  support: { 'zh-CN': '街道配合', en: 'street supports' },
  joint: { 'zh-CN': '联合执法', en: 'joint enforcement' },
};

/** The routing outcome a role stands for: the inverse of `roleForOutcome`, derived from it. */
export function outcomeForRole(role: AssignmentRole): Outcome {
  const outcome = (['admit', 'support_only', 'joint_enforcement'] as const).find(
    (o) => roleForOutcome(o) === role,
  );
  return outcome!;
}

/**
 * The decision's reason when the reviewer admits with a role. The English text names the role by
 * its code, as decisions written before this catalogue do, so stored reasons read alike.
 */
export function admissionReason(role: AssignmentRole, note: string): Texts {
  return {
    'zh-CN': `编办准入审查决定准入(${ASSIGNMENT_ROLE_NAMES[role]['zh-CN']}):${note}`,
    en: `Admitted in review by the organisation office (role ${role}): ${note}`,
  };
}

/**
 * The decision a refusal or a ruling writes, so the assignment's current decision (what every
 * screen shows) is the organisation office's, with its note as the reason the department reads.
 */
export interface RulingDecision {
  outcome: DecisionOutcome;
  reason: Texts;
}

export function refusalDecision(note: string): RulingDecision {
  return {
    outcome: 'refused',
    reason: {
      'zh-CN': `编办准入审查决定不予准入:${note}`,
      en: `Refused in review by the organisation office: ${note}`,
    },
  };
}

/**
 * The decision a dispute ruling writes. For the street: refused, nothing binds it. For the
 * department: the disputed decision stands (its outcome and role carry over), with the ruling's
 * note and the rule that first decided.
 */
export function arbitrationDecision(
  upheld: ArbitrationParty,
  note: string,
  disputed: { outcome: DecisionOutcome; ruleId: string } | null,
): RulingDecision {
  if (upheld === 'street' || !disputed)
    return {
      outcome: 'refused',
      reason: {
        'zh-CN': `编办争议裁定支持街道,不予准入:${note}`,
        en: `Dispute decided for the street by the organisation office, not admitted: ${note}`,
      },
    };
  return {
    outcome: disputed.outcome,
    reason: {
      'zh-CN': `编办争议裁定支持部门,维持原决定(${disputed.ruleId}):${note}`,
      en: `Dispute decided for the department by the organisation office, decision ${disputed.ruleId} stands: ${note}`,
    },
  };
}

/** What a review decision does to the assignment. */
export type ReviewEffect =
  | { kind: 'refused'; to: 'rejected'; decision: RulingDecision }
  | { kind: 'returned'; to: 'returned' }
  /** Back to routing in a new round with the matter the reviewer picked. */
  | { kind: 'rerouted'; to: 'pending_routing'; matterCode: string }
  /** Straight to sign-for with the role given: a decision is written like routing's. */
  | { kind: 'admitted'; to: 'awaiting_signoff'; role: AssignmentRole; outcome: Outcome; reason: Texts };

/** The states a review can lead to: admit (re-routed with a matter, or to sign-for with a role), refuse, return. */
export const REVIEW_TARGETS: readonly AssignmentState[] = [
  'pending_routing',
  'awaiting_signoff',
  'rejected',
  'returned',
];

/** The decision's problems: a known decision, a note, and for admitting, a matter or a role. */
export function reviewProblems(cmd: ReviewCommand): ErrorDetail[] {
  const bad = [...oneOfProblem('decision', cmd.decision, REVIEW_DECISIONS), ...textProblem('note', cmd.note)];
  if (cmd.role !== undefined && cmd.role !== null) bad.push(...oneOfProblem('role', cmd.role, ROLES));
  if (cmd.decision === 'admit' && !cmd.matterCode && !cmd.role)
    bad.push({ field: 'role', reason: 'role_required_to_admit' });
  return bad;
}

/** The effect of a checked decision (`reviewProblems` empty). A matter wins over a role. */
export function reviewEffect(cmd: ReviewCommand): ReviewEffect {
  if (cmd.decision === 'refuse')
    return { kind: 'refused', to: 'rejected', decision: refusalDecision(cmd.note) };
  if (cmd.decision === 'return') return { kind: 'returned', to: 'returned' };
  if (cmd.matterCode) return { kind: 'rerouted', to: 'pending_routing', matterCode: cmd.matterCode };
  const role = cmd.role!;
  return {
    kind: 'admitted',
    to: 'awaiting_signoff',
    role,
    outcome: outcomeForRole(role),
    reason: admissionReason(role, cmd.note),
  };
}

/** The party whose view the reviewer upholds in a dispute. */
export const ARBITRATION_PARTIES = ['street', 'department'] as const;
export type ArbitrationParty = (typeof ARBITRATION_PARTIES)[number];

export interface ArbitrationCommand {
  upheld: ArbitrationParty;
  note: string;
}

/**
 * What a ruling does: upholding the street rejects the assignment (no role, the paused sign-for
 * clock cancelled); upholding the department sends it back to sign-for with the clock resumed
 * where it stopped.
 */
export type ArbitrationEffect =
  | { to: 'rejected'; clearsRole: true; signoffClock: 'cancel' }
  | { to: 'awaiting_signoff'; clearsRole: false; signoffClock: 'resume' };

export const ARBITRATION_EFFECTS: Record<ArbitrationParty, ArbitrationEffect> = {
  street: { to: 'rejected', clearsRole: true, signoffClock: 'cancel' },
  department: { to: 'awaiting_signoff', clearsRole: false, signoffClock: 'resume' },
};

export function arbitrationProblems(cmd: ArbitrationCommand): ErrorDetail[] {
  return [...oneOfProblem('upheld', cmd.upheld, ARBITRATION_PARTIES), ...textProblem('note', cmd.note)];
}
