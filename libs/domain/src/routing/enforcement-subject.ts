import type { ErrorDetail } from '../errors/domain-error';

/**
 * The enforcement-subject rule: a task names the subject of enforcement exactly when its action
 * type is `enforcement`. One function for submission, resubmission and the API's one-400 check, so
 * the three can never disagree. Answers the problem on `enforcementSubject`, or null.
 */
export function enforcementSubjectProblem(
  actionType: string | null | undefined,
  enforcementSubject: string | null | undefined,
): ErrorDetail | null {
  const enforcement = actionType === 'enforcement';
  if (enforcement && !enforcementSubject)
    return { field: 'enforcementSubject', reason: 'enforcement_subject_required' };
  if (!enforcement && enforcementSubject)
    return { field: 'enforcementSubject', reason: 'enforcement_subject_forbidden' };
  return null;
}
