import type { AssignmentListParams, DeadlineKind, OrgKind, TaskListParams } from './types';

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
    list: (f: { kind?: DeadlineKind; orgCode?: string }) => [...OVERDUE, 'list', f] as const,
  },
  inbox: {
    all: INBOX,
    list: (f: { unreadOnly: boolean }) => [...INBOX, 'list', f] as const,
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
  },
  webhooks: {
    all: WEBHOOKS,
    list: () => [...WEBHOOKS, 'list'] as const,
    deliveries: (id: string) => [...WEBHOOKS, 'deliveries', id] as const,
  },
  /** User accounts (admin), by organisation. */
  users: {
    all: USERS,
    list: (f: { orgCode?: string }) => [...USERS, 'list', f] as const,
  },
};
