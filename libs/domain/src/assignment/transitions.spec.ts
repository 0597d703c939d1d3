import { DomainError, type ErrorDetail } from '../errors/domain-error';
import { renderDetail } from '../errors/detail-messages';
import type { TableActor } from '../machine/transition-table';
import { ASSIGNMENT_STATES, type AssignmentState } from './states';
import {
  allowedActions,
  ASSIGNMENT_ACTIONS,
  ASSIGNMENT_TRANSITIONS,
  canTransition,
  mayTake,
  OPEN_STATES,
  planAssignmentTransition,
  type AssignmentAction,
  type AssignmentCommands,
  type AssignmentSubject,
} from './transitions';

/**
 * The table against DESIGN.md's state machine, written out here by hand (not read from the
 * table), so a wrong `from`, `to` or `by` in the table fails these tests.
 */
const DESIGN: Record<
  AssignmentAction,
  { from: readonly AssignmentState[]; to: AssignmentState | 'unchanged'; by: string }
> = {
  sign: { from: ['awaiting_signoff'], to: 'in_progress', by: 'street' },
  dispute: { from: ['awaiting_signoff'], to: 'disputed', by: 'street' },
  progress: { from: ['in_progress'], to: 'unchanged', by: 'street' },
  complete: { from: ['in_progress'], to: 'completed', by: 'street' },
  request_extension: { from: ['in_progress'], to: 'unchanged', by: 'street' },
  confirm: { from: ['completed'], to: 'closed', by: 'department' },
  reopen: { from: ['completed'], to: 'in_progress', by: 'department' },
  withdraw: {
    from: ['pending_routing', 'awaiting_signoff', 'in_review', 'returned', 'in_progress', 'disputed'],
    to: 'withdrawn',
    by: 'department',
  },
  decide_extension: { from: ['in_progress'], to: 'unchanged', by: 'department' },
  resubmit: { from: ['returned'], to: 'pending_routing', by: 'department' },
  // The reviewer's two actions lead where the decision says; the inputs below pick one.
  review: { from: ['in_review'], to: 'awaiting_signoff', by: 'reviewer' },
  arbitrate: { from: ['disputed'], to: 'awaiting_signoff', by: 'reviewer' },
};

const VERSION = 7;

/** A valid input for each action (the review admits with a role, the ruling upholds the department). */
const VALID: { [A in AssignmentAction]: AssignmentCommands[A] } = {
  sign: { version: VERSION },
  dispute: { version: VERSION, reasonCode: 'not_on_list', reason: '不在清单内' },
  progress: { note: '已完成一半' },
  complete: { version: VERSION, result: '已办结' },
  request_extension: { workingDays: 5, reason: '雨季' },
  confirm: { version: VERSION, rating: 4 },
  reopen: { version: VERSION, reason: '未整改到位' },
  withdraw: { version: VERSION, reason: '任务取消' },
  decide_extension: { approve: true },
  resubmit: { actionType: 'inspection', enforcementSubject: null },
  review: { decision: 'admit', role: 'lead', note: '同意' },
  arbitrate: { upheld: 'department', note: '部门意见成立' },
};

const subject = (state: AssignmentState): AssignmentSubject => ({
  state,
  version: VERSION,
  streetCode: 'S01',
  submitterCode: 'D01',
});

/** Everyone who could ask: each role, and for the parties, the right and a wrong organisation. */
const ACTORS: Record<string, { actor: TableActor; role: string; party: boolean }> = {
  'the assignment\u2019s street': {
    actor: { roles: ['street'], orgCode: 'S01' },
    role: 'street',
    party: true,
  },
  'another street': { actor: { roles: ['street'], orgCode: 'S02' }, role: 'street', party: false },
  'the submitting department': {
    actor: { roles: ['department'], orgCode: 'D01' },
    role: 'department',
    party: true,
  },
  'another department': {
    actor: { roles: ['department'], orgCode: 'D02' },
    role: 'department',
    party: false,
  },
  'the reviewer': { actor: { roles: ['reviewer'], orgCode: 'BB' }, role: 'reviewer', party: true },
  'a supervisor': { actor: { roles: ['supervisor'], orgCode: 'DC' }, role: 'supervisor', party: true },
  'an admin': { actor: { roles: ['admin'], orgCode: 'BB' }, role: 'admin', party: true },
};

function outcome(f: () => unknown): { code: string; details?: ErrorDetail[] } | { to: unknown } {
  try {
    const r = f() as { to: unknown };
    return { to: r.to };
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return { code: e.code, details: e.details };
  }
}

const codeOf = (f: () => unknown) => {
  const o = outcome(f);
  return 'code' in o ? o.code : null;
};

describe('the assignment transition table (DESIGN.md "Assignment states")', () => {
  it('has exactly the actions of DESIGN.md, with their roles', () => {
    expect([...ASSIGNMENT_ACTIONS].sort()).toEqual(Object.keys(DESIGN).sort());
    for (const a of ASSIGNMENT_ACTIONS)
      expect([a, ASSIGNMENT_TRANSITIONS.rules[a].by]).toEqual([a, DESIGN[a].by]);
  });

  // Every action × every state × every kind of actor: allowed (and where to), or the right error.
  const cases = ASSIGNMENT_ACTIONS.flatMap((action) =>
    ASSIGNMENT_STATES.flatMap((state) => Object.keys(ACTORS).map((who) => [action, state, who] as const)),
  );
  it.each(cases)('%s from %s by %s', (action, state, who) => {
    const { actor, role, party } = ACTORS[who];
    const expected = DESIGN[action];
    const got = outcome(() => planAssignmentTransition(action, subject(state), actor, VALID[action]));
    if (role !== expected.by || !party) expect(got).toEqual({ code: 'FORBIDDEN', details: [] });
    else if (!expected.from.includes(state)) expect(got).toEqual({ code: 'STATE_CONFLICT', details: [] });
    else expect(got).toEqual({ to: expected.to === 'unchanged' ? state : expected.to });
  });

  it('answers, for every state and actor, exactly the actions the plan lets through', () => {
    for (const state of ASSIGNMENT_STATES)
      for (const { actor } of Object.values(ACTORS)) {
        const planned = ASSIGNMENT_ACTIONS.filter(
          (a) => codeOf(() => planAssignmentTransition(a, subject(state), actor, VALID[a])) === null,
        );
        expect(allowedActions(subject(state), actor)).toEqual(planned);
      }
  });

  it('gives each desk its buttons in the states DESIGN.md names', () => {
    const street = ACTORS['the assignment\u2019s street'].actor;
    const dept = ACTORS['the submitting department'].actor;
    const reviewer = ACTORS['the reviewer'].actor;
    expect(allowedActions(subject('awaiting_signoff'), street)).toEqual(['sign', 'dispute']);
    expect(allowedActions(subject('in_progress'), street)).toEqual([
      'progress',
      'complete',
      'request_extension',
    ]);
    expect(allowedActions(subject('completed'), street)).toEqual([]);
    expect(allowedActions(subject('completed'), dept)).toEqual(['confirm', 'reopen']);
    expect(allowedActions(subject('in_progress'), dept)).toEqual(['withdraw', 'decide_extension']);
    expect(allowedActions(subject('returned'), dept)).toEqual(['withdraw', 'resubmit']);
    expect(allowedActions(subject('closed'), dept)).toEqual([]);
    expect(allowedActions(subject('in_review'), reviewer)).toEqual(['review']);
    expect(allowedActions(subject('disputed'), reviewer)).toEqual(['arbitrate']);
    expect(allowedActions(subject('awaiting_signoff'), ACTORS['another street'].actor)).toEqual([]);
    expect(allowedActions(subject('completed'), ACTORS['a supervisor'].actor)).toEqual([]);
  });

  it('lets a department withdraw anything still open, and nothing finished', () => {
    expect(ASSIGNMENT_STATES.filter((s) => canTransition('withdraw', s))).toEqual([...OPEN_STATES]);
    for (const s of ['completed', 'closed', 'rejected', 'withdrawn'] as const)
      expect(canTransition('withdraw', s)).toBe(false);
  });

  it('checks the role alone when there is no assignment (list pages), role and party with one', () => {
    expect(mayTake('arbitrate', { roles: ['reviewer'], orgCode: 'X' })).toBe(true);
    expect(mayTake('arbitrate', { roles: ['supervisor'], orgCode: 'X' })).toBe(false);
    expect(mayTake('sign', { roles: ['street'], orgCode: 'S02' })).toBe(true);
    expect(mayTake('sign', { roles: ['street'], orgCode: 'S02' }, subject('awaiting_signoff'))).toBe(false);
  });

  it('answers FORBIDDEN before STALE_VERSION, STALE_VERSION before STATE_CONFLICT', () => {
    const stale = { version: VERSION - 1 };
    const street = ACTORS['the assignment\u2019s street'].actor;
    expect(codeOf(() => planAssignmentTransition('sign', subject('closed'), street, stale))).toBe(
      'STALE_VERSION',
    );
    expect(codeOf(() => planAssignmentTransition('sign', subject('closed'), street, VALID.sign))).toBe(
      'STATE_CONFLICT',
    );
    expect(
      codeOf(() =>
        planAssignmentTransition('sign', subject('closed'), ACTORS['another street'].actor, stale),
      ),
    ).toBe('FORBIDDEN');
    // Actions without a version never see STALE_VERSION.
    expect(
      codeOf(() => planAssignmentTransition('progress', subject('in_progress'), street, VALID.progress)),
    ).toBe(null);
  });

  it('checks the state before the input, so a wrong state is not hidden by a bad body', () => {
    const reviewer = ACTORS['the reviewer'].actor;
    expect(
      codeOf(() =>
        planAssignmentTransition('review', subject('disputed'), reviewer, { decision: 'admit', note: 'x' }),
      ),
    ).toBe('STATE_CONFLICT');
  });

  it('moves the version for every action but a progress note and an extension request', () => {
    const bumps = ASSIGNMENT_ACTIONS.filter((a) => ASSIGNMENT_TRANSITIONS.rules[a].bumpsVersion);
    expect(ASSIGNMENT_ACTIONS.filter((a) => !bumps.includes(a))).toEqual(['progress', 'request_extension']);
    expect(ASSIGNMENT_ACTIONS.filter((a) => ASSIGNMENT_TRANSITIONS.rules[a].versioned)).toEqual([
      'sign',
      'dispute',
      'complete',
      'confirm',
      'reopen',
      'withdraw',
    ]);
  });
});

describe('what each action requires', () => {
  const owner = (action: AssignmentAction): TableActor =>
    DESIGN[action].by === 'street'
      ? { roles: ['street'], orgCode: 'S01' }
      : DESIGN[action].by === 'department'
        ? { roles: ['department'], orgCode: 'D01' }
        : { roles: ['reviewer'], orgCode: 'BB' };

  /** The details of VALIDATION_FAILED for this input, or null when the input passes. */
  function problems<A extends AssignmentAction>(action: A, input: Partial<AssignmentCommands[A]>) {
    const o = outcome(() =>
      planAssignmentTransition(
        action,
        subject(DESIGN[action].from[0]),
        owner(action),
        input as AssignmentCommands[A],
      ),
    );
    if ('to' in o) return null;
    expect(o.code).toBe('VALIDATION_FAILED');
    return o.details!.map((d) => `${d.field}:${d.reason}`);
  }

  it.each(ASSIGNMENT_ACTIONS)('%s passes with a complete input', (action) => {
    expect(problems(action, VALID[action])).toBeNull();
  });

  it('needs the version on every versioned action', () => {
    for (const action of ASSIGNMENT_ACTIONS.filter((a) => ASSIGNMENT_TRANSITIONS.rules[a].versioned)) {
      const { version: _, ...rest } = VALID[action] as { version: number };
      expect([action, problems(action, rest as never)]).toEqual([action, ['version:required']]);
    }
    expect(problems('sign', { version: 0 })).toEqual(['version:min']);
    expect(problems('sign', { version: 1.5 })).toEqual(['version:isInt']);
  });

  it('needs the texts that explain an action, not blank', () => {
    expect(problems('dispute', { ...VALID.dispute, reason: '  ' })).toEqual(['reason:isNotEmpty']);
    expect(problems('progress', {})).toEqual(['note:required']);
    expect(problems('complete', { version: VERSION, result: '' })).toEqual(['result:isNotEmpty']);
    expect(problems('reopen', { version: VERSION })).toEqual(['reason:required']);
    expect(problems('withdraw', { version: VERSION, reason: '\n' })).toEqual(['reason:isNotEmpty']);
    expect(problems('review', { decision: 'refuse' })).toEqual(['note:required']);
    expect(problems('arbitrate', { upheld: 'street' })).toEqual(['note:required']);
  });

  it('needs a known dispute reason', () => {
    expect(problems('dispute', { ...VALID.dispute, reasonCode: 'bored' as never })).toEqual([
      'reasonCode:isIn',
    ]);
    expect(problems('dispute', { ...VALID.dispute, citedMatterCode: 'CG-01' })).toBeNull();
  });

  it('needs a rating of 1 to 5 whole stars to confirm', () => {
    for (const rating of [1, 5]) expect(problems('confirm', { version: VERSION, rating })).toBeNull();
    expect(problems('confirm', { version: VERSION, rating: 0 })).toEqual(['rating:min']);
    expect(problems('confirm', { version: VERSION, rating: 6 })).toEqual(['rating:max']);
    expect(problems('confirm', { version: VERSION, rating: 3.5 })).toEqual(['rating:isInt']);
    expect(problems('confirm', { version: VERSION })).toEqual(['rating:required']);
  });

  it('needs 1 to 60 working days for an extension, and a decision to decide one', () => {
    expect(problems('request_extension', { workingDays: 60, reason: 'x' })).toBeNull();
    expect(problems('request_extension', { workingDays: 61, reason: 'x' })).toEqual(['workingDays:max']);
    expect(problems('request_extension', { workingDays: 0, reason: 'x' })).toEqual(['workingDays:min']);
    expect(problems('decide_extension', {})).toEqual(['approve:required']);
    expect(problems('decide_extension', { approve: 'yes' as never })).toEqual(['approve:isBoolean']);
  });

  it('needs a role or a matter to admit in review, nothing more to refuse or return', () => {
    expect(problems('review', { decision: 'admit', note: 'x' })).toEqual(['role:role_required_to_admit']);
    expect(problems('review', { decision: 'admit', matterCode: 'CG-01', note: 'x' })).toBeNull();
    expect(problems('review', { decision: 'admit', role: 'boss' as never, note: 'x' })).toEqual([
      'role:isIn',
    ]);
    expect(problems('review', { decision: 'refuse', note: 'x' })).toBeNull();
    expect(problems('review', { decision: 'return', note: 'x' })).toBeNull();
    expect(problems('review', { decision: 'maybe' as never, note: 'x' })).toEqual(['decision:isIn']);
  });

  it('needs a party to uphold', () => {
    expect(problems('arbitrate', { upheld: 'nobody' as never, note: 'x' })).toEqual(['upheld:isIn']);
  });

  it('needs the enforcement subject exactly when the edited task is enforcement', () => {
    expect(problems('resubmit', { actionType: 'enforcement', enforcementSubject: 'individual' })).toBeNull();
    expect(problems('resubmit', { actionType: 'enforcement' })).toEqual([
      'enforcementSubject:enforcement_subject_required',
    ]);
    expect(problems('resubmit', { actionType: 'inspection', enforcementSubject: 'individual' })).toEqual([
      'enforcementSubject:enforcement_subject_forbidden',
    ]);
  });

  it('reports every problem in both languages (each reason has a catalogue entry)', () => {
    const bad: Partial<Record<AssignmentAction, unknown>> = {
      sign: { version: 'x' },
      dispute: { version: 0, reasonCode: 'x', reason: 3 },
      progress: { note: '' },
      complete: {},
      request_extension: { workingDays: 99 },
      confirm: { version: 1, rating: 9 },
      decide_extension: { approve: 1 },
      resubmit: { actionType: 'enforcement' },
      review: { decision: 'admit', role: 'x', note: '' },
      arbitrate: { upheld: 'x' },
    };
    const details = Object.entries(bad).flatMap(([a, input]) =>
      ASSIGNMENT_TRANSITIONS.rules[a as AssignmentAction].check(input as never),
    );
    expect(details.length).toBeGreaterThan(10);
    for (const d of details)
      for (const lang of ['zh-CN', 'en'] as const)
        expect([d.reason, renderDetail(d, lang).message]).not.toEqual([d.reason, d.reason]);
  });
});

describe('where the reviewer\u2019s decisions lead', () => {
  const reviewer = { roles: ['reviewer'], orgCode: 'BB' };
  const to = <A extends 'review' | 'arbitrate'>(
    action: A,
    state: AssignmentState,
    input: AssignmentCommands[A],
  ) => planAssignmentTransition(action, subject(state), reviewer, input).to;

  it('admits with a role to sign-for, with a matter back to routing, refuses to rejected, returns to the department', () => {
    expect(to('review', 'in_review', { decision: 'admit', role: 'support', note: 'x' })).toBe(
      'awaiting_signoff',
    );
    expect(
      to('review', 'in_review', { decision: 'admit', role: 'lead', matterCode: 'CG-01', note: 'x' }),
    ).toBe('pending_routing');
    expect(to('review', 'in_review', { decision: 'refuse', note: 'x' })).toBe('rejected');
    expect(to('review', 'in_review', { decision: 'return', note: 'x' })).toBe('returned');
  });

  it('rejects the assignment when the street is upheld, sends it back to sign-for when the department is', () => {
    expect(to('arbitrate', 'disputed', { upheld: 'street', note: 'x' })).toBe('rejected');
    expect(to('arbitrate', 'disputed', { upheld: 'department', note: 'x' })).toBe('awaiting_signoff');
  });
});
