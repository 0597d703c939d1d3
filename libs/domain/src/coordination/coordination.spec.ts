import { DomainError } from '../errors/domain-error';
import { renderDetail } from '../errors/detail-messages';
import {
  checkClose,
  checkConfirm,
  checkOutcome,
  checkRate,
  checkRespond,
  checkSchedule,
} from './coordination';

const reasonOf = (f: () => void): string | null => {
  try {
    f();
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('STATE_CONFLICT');
    return (e as DomainError).details[0].reason;
  }
};

describe('summons rules', () => {
  it('lets a department answer once, while the summons is open', () => {
    expect(reasonOf(() => checkRespond('open', 'pending'))).toBeNull();
    expect(reasonOf(() => checkRespond('open', 'reported'))).toBe('already_responded');
    expect(reasonOf(() => checkRespond('open', 'declined'))).toBe('already_responded');
    expect(reasonOf(() => checkRespond('closed', 'pending'))).toBe('summons_closed');
  });

  it('rates a department only after it answered, once', () => {
    expect(reasonOf(() => checkRate('pending', false))).toBe('not_responded');
    expect(reasonOf(() => checkRate('reported', false))).toBeNull();
    expect(reasonOf(() => checkRate('declined', false))).toBeNull();
    expect(reasonOf(() => checkRate('reported', true))).toBe('already_rated');
  });

  it('closes an open summons only', () => {
    expect(reasonOf(() => checkClose('open'))).toBeNull();
    expect(reasonOf(() => checkClose('closed'))).toBe('summons_closed');
  });
});

describe('joint action rules', () => {
  it('schedules only on a joint assignment being worked on', () => {
    expect(reasonOf(() => checkSchedule('joint', 'in_progress'))).toBeNull();
    expect(reasonOf(() => checkSchedule('joint', 'awaiting_signoff'))).toBeNull();
    expect(reasonOf(() => checkSchedule('lead', 'in_progress'))).toBe('not_joint');
    expect(reasonOf(() => checkSchedule(null, 'in_review'))).toBe('not_joint');
    expect(reasonOf(() => checkSchedule('joint', 'closed'))).toBe('assignment_not_active');
  });

  it('takes the street’s answer once', () => {
    expect(reasonOf(() => checkConfirm('scheduled'))).toBeNull();
    for (const s of ['confirmed', 'reschedule_requested', 'completed'] as const)
      expect(reasonOf(() => checkConfirm(s))).toBe('already_confirmed');
  });

  it('records the outcome after the action, once, unless the street asked to move it', () => {
    const at = new Date('2026-03-04T02:00:00Z');
    expect(reasonOf(() => checkOutcome('confirmed', at, new Date('2026-03-04T01:59:59Z')))).toBe(
      'before_scheduled_time',
    );
    expect(reasonOf(() => checkOutcome('confirmed', at, at))).toBeNull();
    expect(reasonOf(() => checkOutcome('scheduled', at, new Date('2026-03-05T00:00:00Z')))).toBeNull();
    expect(reasonOf(() => checkOutcome('reschedule_requested', at, new Date('2026-03-05T00:00:00Z')))).toBe(
      'reschedule_requested',
    );
    expect(reasonOf(() => checkOutcome('completed', at, new Date('2026-03-05T00:00:00Z')))).toBe(
      'outcome_recorded',
    );
  });

  it('explains every refusal in both languages', () => {
    for (const reason of ['not_joint', 'before_scheduled_time', 'already_rated', 'not_a_department']) {
      expect(renderDetail({ reason }, 'zh-CN').message).not.toBe(reason);
      expect(renderDetail({ reason }, 'en').message).not.toBe(reason);
    }
  });
});
