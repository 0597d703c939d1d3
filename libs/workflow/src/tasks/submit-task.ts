import type {
  ActionType,
  AssignmentState,
  EnforcementSubject,
  ProhibitedDemand,
  TaskResources,
} from '@app/domain';

/** A task as a department submits it (API.md `POST /api/tasks`), after structural validation. */
export interface SubmitTaskCommand {
  title: string;
  description?: string;
  streetCodes?: string[];
  districtCodes?: string[];
  matterCode?: string | null;
  actionType: ActionType;
  enforcementSubject?: EnforcementSubject | null;
  resources?: TaskResources | null;
  temporary?: boolean;
  deadlineWorkingDays?: number;
  dueAt?: string;
  urgent?: boolean;
  demands?: ProhibitedDemand[];
  legalBasis?: string | null;
}

export interface SubmittedTask {
  id: string;
  assignments: { id: string; streetCode: string; state: AssignmentState }[];
}
