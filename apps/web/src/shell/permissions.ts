import {
  allowedActions,
  mayTake,
  type AssignmentAction as TableAction,
  type AssignmentSubject,
} from '@app/domain/assignment/transitions';
import { useSession } from './session';

export type { TableAction };

/**
 * What the signed-in user may do to an assignment, asked of the domain's transition table (file
 * by file, like api/types: the lib's index would bring the holiday calendar). The API enforces the
 * same table, so a button shows exactly when its request can pass the role and state checks.
 * Anything with the assignment's state, version, street and submitter will do (an assignment, a
 * review item).
 */
export function usePermissions() {
  const { user } = useSession();
  const actor = user ? { roles: user.roles, orgCode: user.org.code } : null;
  return {
    /** The actions this user may take on the assignment in its current state. */
    allowed: (a: AssignmentSubject): TableAction[] => (actor ? allowedActions(a, actor) : []),
    /** Whether this user may take the action on the assignment now; without one, whether the role may at all. */
    can: (action: TableAction, a?: AssignmentSubject): boolean =>
      !!actor && (a ? allowedActions(a, actor).includes(action) : mayTake(action, actor)),
  };
}
