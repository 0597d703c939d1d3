import type {
  AssignmentListParams,
  JointActionListParams,
  OrgKind,
  OverdueKind,
  SummonsListParams,
  TaskListParams,
} from './types';

/** The root of each resource's keys: every key of the resource starts with it. */
const ORGS = ['orgs'] as const;
const MATTERS = ['matters'] as const;
const TASKS = ['tasks'] as const;
const ASSIGNMENTS = ['assignments'] as const;
const REVIEWS = ['reviews'] as const;
const DISPUTES = ['disputes'] as const;
const OVERDUE = ['overdue'] as const;
const INBOX = ['inbox'] as const;
const LIST_VERSIONS = ['listVersions'] as const;
const CALENDAR = ['calendar'] as const;
const WEBHOOKS = ['webhooks'] as const;
const USERS = ['users'] as const;
const SUMMONS = ['summons'] as const;
const JOINT_ACTIONS = ['jointActions'] as const;
const TOLERANCE = ['tolerance'] as const;
const STAFFING = ['staffing'] as const;
const WORKBENCH = ['workbench'] as const;

/**
 * Every TanStack Query key of the web app, one factory per resource, so that a screen reading a
 * resource and a mutation invalidating it cannot spell the key differently.
 *
 * Keys are arrays that nest: `tasks.all` is a prefix of every list and every page of tasks,
 * `tasks.lists()` of every filtered list but of no task page. Invalidating a prefix refreshes
 * everything below it (TanStack matches keys by prefix).
 */
export const queryKeys = {
  orgs: {
    all: ORGS,
    list: (kind?: OrgKind) => [...ORGS, 'list', kind ?? 'any'] as const,
  },
  /** Matters of the list in force, searched by text (the select in forms). */
  matters: {
    all: MATTERS,
    search: (q: string) => [...MATTERS, 'search', q] as const,
  },
  tasks: {
    all: TASKS,
    lists: () => [...TASKS, 'list'] as const,
    list: (f: Pick<TaskListParams, 'state'>) => [...TASKS, 'list', f] as const,
    details: () => [...TASKS, 'detail'] as const,
    detail: (id: string) => [...TASKS, 'detail', id] as const,
  },
  assignments: {
    all: ASSIGNMENTS,
    lists: () => [...ASSIGNMENTS, 'list'] as const,
    list: (f: Pick<AssignmentListParams, 'state' | 'overdue'>) => [...ASSIGNMENTS, 'list', f] as const,
    /** The worklist's search (filters, sort), under `lists()` so a transition refreshes it too. */
    search: (f: Omit<AssignmentListParams, 'cursor' | 'limit'>) =>
      [...ASSIGNMENTS, 'list', 'search', f] as const,
    detail: (id: string) => [...ASSIGNMENTS, 'detail', id] as const,
  },
  reviews: {
    all: REVIEWS,
    list: (f: { state: 'open' | 'all' }) => [...REVIEWS, 'list', f] as const,
  },
  disputes: {
    all: DISPUTES,
    list: (f: { state: 'open' | 'decided' }) => [...DISPUTES, 'list', f] as const,
  },
  overdue: {
    all: OVERDUE,
    list: (f: { kind?: OverdueKind; orgCode?: string }) => [...OVERDUE, 'list', f] as const,
  },
  inbox: {
    all: INBOX,
    list: (f: { unreadOnly: boolean; kind?: string }) => [...INBOX, 'list', f] as const,
    /** The header badge's count. */
    unread: () => [...INBOX, 'unread'] as const,
  },
  /** Responsibility-list versions and their routing tables. */
  listVersions: {
    all: LIST_VERSIONS,
    list: () => [...LIST_VERSIONS, 'list'] as const,
    rules: (id: string) => [...LIST_VERSIONS, 'rules', id] as const,
    matters: (id: string, f: { q?: string; category?: string }) =>
      [...LIST_VERSIONS, 'matters', id, f] as const,
    diff: (id: string, from: string) => [...LIST_VERSIONS, 'diff', id, from] as const,
  },
  calendar: {
    all: CALENDAR,
    overrides: () => [...CALENDAR, 'overrides'] as const,
    histories: [...CALENDAR, 'history'] as const,
    history: (date: string) => [...CALENDAR, 'history', date] as const,
  },
  webhooks: {
    all: WEBHOOKS,
    list: () => [...WEBHOOKS, 'list'] as const,
    deliveries: (id: string) => [...WEBHOOKS, 'deliveries', id] as const,
    history: (id: string) => [...WEBHOOKS, 'history', id] as const,
  },
  /** Summons (吹哨报到): the lists by filter, and each summons. */
  summons: {
    all: SUMMONS,
    lists: () => [...SUMMONS, 'list'] as const,
    list: (f: Omit<SummonsListParams, 'cursor' | 'limit'>) => [...SUMMONS, 'list', f] as const,
    detail: (id: string) => [...SUMMONS, 'detail', id] as const,
  },
  /** Joint actions (联合执法), by filter (an assignment's own among them). */
  jointActions: {
    all: JOINT_ACTIONS,
    list: (f: Omit<JointActionListParams, 'cursor' | 'limit'>) => [...JOINT_ACTIONS, 'list', f] as const,
  },
  /** The landing page's counts and charts (refreshed with every assignment change). */
  workbench: { all: WORKBENCH },
  /** Working days of a span (the countdowns). */
  workdays: (from: string, to: string) => [...CALENDAR, 'workdays', from, to] as const,
  /** User accounts (admin), by organisation. */
  users: {
    all: USERS,
    list: (f: { orgCode?: string }) => [...USERS, 'list', f] as const,
  },
  /** The tolerance list (容错纠错清单) and claims: every key starts with `tolerance`, since a decision changes them all. */
  tolerance: {
    all: TOLERANCE,
    items: (includeRetired: boolean) => [...TOLERANCE, 'items', includeRetired] as const,
    claimable: () => [...TOLERANCE, 'claimable'] as const,
    claims: (f: { state?: string }) => [...TOLERANCE, 'claims', f] as const,
    claim: (id: string) => [...TOLERANCE, 'claim', id] as const,
  },
  staffing: {
    all: STAFFING,
    report: (f: { districtCode?: string; period?: string; floor?: number }) =>
      [...STAFFING, 'report', f] as const,
  },
};
