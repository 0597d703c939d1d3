import type { AssignmentState } from '../assignment/states';
import type { DeadlineKind } from '../deadline/ladder';
import type { Language } from '../errors/messages';
import type { AssignmentRole, DecisionOutcome } from '../routing/outcome';

/**
 * The words of an exported sheet (assignments, tasks, the overdue board) in each language: a
 * clerk opens the file in Excel and reads 待签收, not awaiting_signoff. Codes stay codes where a
 * file goes back into DutyGate (the responsibility list: list-columns.ts).
 */
type Words<K extends string> = Record<K, Record<Language, string>>;

export const STATE_WORDS: Words<AssignmentState> = {
  pending_routing: { 'zh-CN': '准入判定中', en: 'Being routed' },
  awaiting_signoff: { 'zh-CN': '待签收', en: 'Awaiting sign-for' },
  in_review: { 'zh-CN': '准入审查中', en: 'In admission review' },
  returned: { 'zh-CN': '退回补充', en: 'Returned for information' },
  rejected: { 'zh-CN': '不予准入', en: 'Rejected' },
  in_progress: { 'zh-CN': '办理中', en: 'In progress' },
  disputed: { 'zh-CN': '争议中', en: 'Disputed' },
  completed: { 'zh-CN': '已办结待确认', en: 'Completed, to confirm' },
  closed: { 'zh-CN': '已关闭', en: 'Closed' },
  withdrawn: { 'zh-CN': '已撤回', en: 'Withdrawn' },
};

export const ROLE_WORDS: Words<AssignmentRole> = {
  lead: { 'zh-CN': '街道牵头', en: 'Street leads' },
  support: { 'zh-CN': '街道配合', en: 'Street supports' },
  joint: { 'zh-CN': '联合执法(协助)', en: 'Joint enforcement (assists)' },
};

export const OUTCOME_WORDS: Words<DecisionOutcome> = {
  admit: { 'zh-CN': '准入(街道牵头)', en: 'Admitted (street leads)' },
  support_only: { 'zh-CN': '仅承担配合职责', en: 'Supporting duties only' },
  joint_enforcement: { 'zh-CN': '联合执法', en: 'Joint enforcement' },
  needs_admission_review: { 'zh-CN': '需编办准入审查', en: 'Needs admission review' },
  reject_negative_list: { 'zh-CN': '负面清单,不予准入', en: 'Rejected (negative list)' },
  refused: { 'zh-CN': '编办决定不予准入', en: 'Refused by the organisation office' },
};

export const DEADLINE_WORDS: Words<DeadlineKind> = {
  signoff: { 'zh-CN': '签收', en: 'Sign-for' },
  review: { 'zh-CN': '准入审查', en: 'Admission review' },
  arbitration: { 'zh-CN': '争议裁定', en: 'Arbitration' },
  completion: { 'zh-CN': '办结', en: 'Completion' },
  summons: { 'zh-CN': '吹哨报到', en: 'Summons report' },
  joint_confirm: { 'zh-CN': '联合执法确认', en: 'Joint action confirmation' },
  joint_outcome: { 'zh-CN': '联合执法结果', en: 'Joint action outcome' },
};

/** States of the things on the overdue board that are not assignments (summons answers, joint actions). */
export const COORDINATION_STATE_WORDS: Words<
  'pending' | 'reported' | 'declined' | 'scheduled' | 'confirmed' | 'reschedule_requested' | 'completed'
> = {
  pending: { 'zh-CN': '待报到', en: 'Awaiting report' },
  reported: { 'zh-CN': '已报到', en: 'Reported' },
  declined: { 'zh-CN': '已拒绝', en: 'Declined' },
  scheduled: { 'zh-CN': '已安排', en: 'Scheduled' },
  confirmed: { 'zh-CN': '街道已确认', en: 'Confirmed by the street' },
  reschedule_requested: { 'zh-CN': '申请改期', en: 'Reschedule requested' },
  completed: { 'zh-CN': '已登记结果', en: 'Outcome recorded' },
};

/** Column headers of the exported sheets, by sheet. */
export const SHEET_HEADERS = {
  assignments: {
    'zh-CN': [
      '任务',
      '事项编码',
      '交办部门',
      '街道',
      '状态',
      '角色',
      '判定结果',
      '签收期限',
      '办结期限',
      '是否超期',
      '创建时间',
    ],
    en: [
      'Task',
      'Matter',
      'Department',
      'Street',
      'State',
      'Role',
      'Outcome',
      'Sign-for due',
      'Due',
      'Overdue',
      'Created',
    ],
  },
  tasks: {
    'zh-CN': ['任务', '事项编码', '交办部门', '紧急', '办结期限', '清单版本', '创建时间'],
    en: ['Task', 'Matter', 'Department', 'Urgent', 'Due', 'List version', 'Created'],
  },
  overdue: {
    'zh-CN': ['任务', '时限类型', '责任单位', '街道', '交办部门', '状态', '截止时间', '超期天数'],
    en: ['Task', 'Deadline', 'Responsible', 'Street', 'Department', 'State', 'Due', 'Days overdue'],
  },
} satisfies Record<string, Record<Language, string[]>>;

export const SHEET_NAMES: Record<keyof typeof SHEET_HEADERS | 'list', Record<Language, string>> = {
  assignments: { 'zh-CN': '派单', en: 'Assignments' },
  tasks: { 'zh-CN': '任务', en: 'Tasks' },
  overdue: { 'zh-CN': '超期督办', en: 'Overdue' },
  list: { 'zh-CN': '责任清单', en: 'Responsibility list' },
};

export const YES_NO: Record<Language, [string, string]> = { 'zh-CN': ['是', '否'], en: ['yes', 'no'] };

/** A time as a clerk reads it: Beijing time, to the minute (`2026-12-01 18:00`). */
export function beijingMinute(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  return new Date(t + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** Whole days past due at `now` (a day begun counts: 1 h late is 1 day). */
export function daysOverdue(dueAt: string, now: Date): number {
  return Math.max(0, Math.ceil((now.getTime() - Date.parse(dueAt)) / 86_400_000));
}
