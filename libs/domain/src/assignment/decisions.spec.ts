import { roleForOutcome, ROLES } from '../routing/outcome';
import { enforcementSubjectProblem } from '../routing/enforcement-subject';
import {
  admissionReason,
  arbitrationDecision,
  ARBITRATION_EFFECTS,
  outcomeForRole,
  REVIEW_TARGETS,
  reviewEffect,
} from './decisions';
import { ASSIGNMENT_TRANSITIONS } from './transitions';

describe('the reviewer\u2019s decisions', () => {
  it('maps each role to the outcome routing gives it, and back', () => {
    expect(ROLES.map(outcomeForRole)).toEqual(['admit', 'support_only', 'joint_enforcement']);
    for (const role of ROLES) expect(roleForOutcome(outcomeForRole(role))).toBe(role);
  });

  it('writes an admission\u2019s reason in both languages, naming the role', () => {
    expect(admissionReason('lead', '属街道职责')).toEqual({
      'zh-CN': '编办准入审查决定准入(街道牵头):属街道职责',
      en: 'Admitted in review by the organisation office (role lead): 属街道职责',
    });
    expect(admissionReason('support', 'n')['zh-CN']).toBe('编办准入审查决定准入(街道配合):n');
    expect(admissionReason('joint', 'n')['zh-CN']).toBe('编办准入审查决定准入(联合执法):n');
  });

  it('admits with the role\u2019s outcome and reason; a matter re-routes instead, whatever the role', () => {
    expect(reviewEffect({ decision: 'admit', role: 'joint', note: 'n' })).toEqual({
      kind: 'admitted',
      to: 'awaiting_signoff',
      role: 'joint',
      outcome: 'joint_enforcement',
      reason: admissionReason('joint', 'n'),
    });
    expect(reviewEffect({ decision: 'admit', role: 'joint', matterCode: 'CG-01', note: 'n' })).toEqual({
      kind: 'rerouted',
      to: 'pending_routing',
      matterCode: 'CG-01',
    });
    expect(reviewEffect({ decision: 'refuse', role: 'lead', note: 'n' })).toEqual({
      kind: 'refused',
      to: 'rejected',
      decision: {
        outcome: 'refused',
        reason: { 'zh-CN': '编办准入审查决定不予准入:n', en: expect.stringContaining('Refused') },
      },
    });
    expect(reviewEffect({ decision: 'return', note: 'n' })).toEqual({ kind: 'returned', to: 'returned' });
  });

  it("a ruling's decision: for the street, refused; for the department, the disputed outcome stands", () => {
    expect(arbitrationDecision('street', '确属部门职责', { outcome: 'admit', ruleId: 'R7' })).toEqual({
      outcome: 'refused',
      reason: expect.objectContaining({ 'zh-CN': '编办争议裁定支持街道,不予准入:确属部门职责' }),
    });
    expect(arbitrationDecision('department', '在清单内', { outcome: 'support_only', ruleId: 'R8' })).toEqual({
      outcome: 'support_only',
      reason: expect.objectContaining({ 'zh-CN': '编办争议裁定支持部门,维持原决定(R8):在清单内' }),
    });
  });

  it('lists every state a review or a ruling can lead to in the table', () => {
    const among = (a: 'review' | 'arbitrate') => {
      const to = ASSIGNMENT_TRANSITIONS.rules[a].to;
      return typeof to === 'object' ? [...to.among].sort() : [];
    };
    expect(among('review')).toEqual(['awaiting_signoff', 'pending_routing', 'rejected', 'returned']);
    expect([...REVIEW_TARGETS].sort()).toEqual(among('review'));
    expect(among('arbitrate')).toEqual(['awaiting_signoff', 'rejected']);
  });

  it('cancels the sign-for clock and the role when the street is upheld, resumes it for the department', () => {
    expect(ARBITRATION_EFFECTS).toEqual({
      street: { to: 'rejected', clearsRole: true, signoffClock: 'cancel' },
      department: { to: 'awaiting_signoff', clearsRole: false, signoffClock: 'resume' },
    });
  });
});

describe('the enforcement-subject rule', () => {
  it('wants a subject exactly for enforcement', () => {
    expect(enforcementSubjectProblem('enforcement', 'individual')).toBeNull();
    expect(enforcementSubjectProblem('inspection', null)).toBeNull();
    expect(enforcementSubjectProblem('inspection', undefined)).toBeNull();
    expect(enforcementSubjectProblem('enforcement', null)).toEqual({
      field: 'enforcementSubject',
      reason: 'enforcement_subject_required',
    });
    expect(enforcementSubjectProblem('enforcement', '')).toEqual({
      field: 'enforcementSubject',
      reason: 'enforcement_subject_required',
    });
    expect(enforcementSubjectProblem('inspection', 'individual')).toEqual({
      field: 'enforcementSubject',
      reason: 'enforcement_subject_forbidden',
    });
  });
});
