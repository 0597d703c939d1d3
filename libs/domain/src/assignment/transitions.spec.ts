import { DomainError } from '../errors/domain-error';
import { ASSIGNMENT_STATES } from './states';
import {
  assertTransition,
  canTransition,
  OPEN_STATES,
  TRANSITIONS,
  type AssignmentAction,
} from './transitions';

describe('the assignment state machine (DESIGN.md)', () => {
  const allowed = (action: AssignmentAction) => ASSIGNMENT_STATES.filter((s) => canTransition(action, s));

  it('lets the street sign or dispute only what awaits sign-for, and report only work in progress', () => {
    expect(allowed('sign')).toEqual(['awaiting_signoff']);
    expect(allowed('dispute')).toEqual(['awaiting_signoff']);
    expect(allowed('complete')).toEqual(['in_progress']);
    expect(allowed('progress')).toEqual(['in_progress']);
  });

  it('lets the department confirm or reopen only completed work, and withdraw anything still open', () => {
    expect(allowed('confirm')).toEqual(['completed']);
    expect(allowed('reopen')).toEqual(['completed']);
    expect(allowed('withdraw')).toEqual([...OPEN_STATES]);
    expect(allowed('withdraw')).not.toEqual(
      expect.arrayContaining(['completed', 'closed', 'rejected', 'withdrawn']),
    );
  });

  it('gives the reviewer reviews and disputes only', () => {
    expect(allowed('review')).toEqual(['in_review']);
    expect(allowed('arbitrate')).toEqual(['disputed']);
    expect(
      Object.entries(TRANSITIONS)
        .filter(([, t]) => t.by === 'reviewer')
        .map(([a]) => a),
    ).toEqual(['review', 'arbitrate']);
  });

  it('reports a stale version before a wrong state, and a wrong state as STATE_CONFLICT', () => {
    const code = (f: () => void) => {
      try {
        f();
        return null;
      } catch (e) {
        return (e as DomainError).code;
      }
    };
    expect(code(() => assertTransition('sign', { state: 'closed', version: 3 }, 2))).toBe('STALE_VERSION');
    expect(code(() => assertTransition('sign', { state: 'closed', version: 3 }, 3))).toBe('STATE_CONFLICT');
    expect(code(() => assertTransition('sign', { state: 'awaiting_signoff', version: 3 }, 3))).toBeNull();
    expect(code(() => assertTransition('progress', { state: 'in_progress', version: 9 }))).toBeNull();
  });
});
