import type { EnforcementSubject } from '../list/matter';

export const ACTION_TYPES = [
  'service_delivery',
  'inspection_patrol',
  'coordination_mediation',
  'enforcement',
  'survey_census',
  'reporting_forms',
  'organizational_demand',
  'construction_project',
  'campaign',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** Extra demands that never bind a street (责任状、排名通报、拍照留痕、街道自筹). */
export const PROHIBITED_DEMANDS = [
  'responsibility_pledge',
  'ranking_notice',
  'photo_evidence',
  'self_funded',
] as const;
export type ProhibitedDemand = (typeof PROHIBITED_DEMANDS)[number];

/** What a department provides with a task (field-only class: the API's shape too, see libs/contract). */
export class TaskResources {
  funding?: number | null;
  staff?: number | null;
  detail?: string | null;
}

/** What routing looks at in a task: the same for every street the task goes to. */
export interface RoutingTaskInput {
  actionType: ActionType;
  enforcementSubject: EnforcementSubject | null;
  resources: TaskResources | null;
  temporary: boolean;
  demands: ProhibitedDemand[];
}
