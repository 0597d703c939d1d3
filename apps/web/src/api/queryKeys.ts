import type { DeadlineKind, OrgKind } from './types';

/**
 * Every TanStack Query key of the web app, one factory per resource, so that a screen reading a
 * resource and a mutation invalidating it cannot spell the key differently.
 *
 * Keys are arrays that nest: `assignments.all` is a prefix of every list and every detail of
 * assignments, `assignments.lists()` of every filtered list but of no detail. Invalidating a prefix
 * refreshes everything below it (TanStack matches keys by prefix).
 */
export const queryKeys = {
  orgs: {
    all: ['orgs'] as const,
    list: (kind?: OrgKind) => ['orgs', 'list', kind ?? 'any'] as const,
  },
  /** Matters of the list in force, searched by text (the select in forms). */
  matters: {
    all: ['matters'] as const,
    search: (q: string) => ['matters', 'search', q] as const,
  },
  tasks: {
    all: ['tasks'] as const,
    lists: () => ['tasks', 'list'] as const,
    list: (f: { state?: string }) => ['tasks', 'list', f] as const,
    details: () => ['tasks', 'detail'] as const,
    detail: (id: string) => ['tasks', 'detail', id] as const,
  },
  assignments: {
    all: ['assignments'] as const,
    lists: () => ['assignments', 'list'] as const,
    list: (f: { state?: string; overdue?: boolean }) => ['assignments', 'list', f] as const,
    details: () => ['assignments', 'detail'] as const,
    detail: (id: string) => ['assignments', 'detail', id] as const,
  },
  reviews: {
    all: ['reviews'] as const,
    list: (f: { state: 'open' | 'all' }) => ['reviews', 'list', f] as const,
  },
  disputes: {
    all: ['disputes'] as const,
    list: (f: { state: 'open' | 'decided' }) => ['disputes', 'list', f] as const,
  },
  overdue: {
    all: ['overdue'] as const,
    list: (f: { kind?: DeadlineKind; orgCode?: string }) => ['overdue', 'list', f] as const,
  },
  inbox: {
    all: ['inbox'] as const,
    list: (f: { unreadOnly: boolean }) => ['inbox', 'list', f] as const,
    /** The header badge's count. */
    unread: () => ['inbox', 'unread'] as const,
  },
  /** Responsibility-list versions and their routing tables. */
  listVersions: {
    all: ['listVersions'] as const,
    list: () => ['listVersions', 'list'] as const,
    rules: (id: string) => ['listVersions', 'rules', id] as const,
  },
  calendar: {
    all: ['calendar'] as const,
    overrides: () => ['calendar', 'overrides'] as const,
  },
  webhooks: {
    all: ['webhooks'] as const,
    list: () => ['webhooks', 'list'] as const,
    deliveries: (id: string) => ['webhooks', 'deliveries', id] as const,
  },
};
