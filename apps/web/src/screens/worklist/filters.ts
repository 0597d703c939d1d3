import type { AssignmentSort, AssignmentState } from '../../api';
import { ASSIGNMENT_STATES } from '../../api';
import type { WorklistFilter } from '../../api/everyday';

/** The sorts the worklist offers (the API's); deadline first unless the URL says otherwise. */
const SORTS: AssignmentSort[] = ['dueAt', '-dueAt', 'createdAt', '-createdAt'];
export const DEFAULT_SORT: AssignmentSort = 'dueAt';

const TEXT_KEYS = ['q', 'streetCode', 'submitterCode', 'districtCode', 'dueFrom', 'dueTo'] as const;
const BOOLEAN_KEYS = ['overdue', 'dueSoon', 'extensionPending'] as const;

/**
 * The worklist's filters read from the URL (a shared link opens the same list). Values the API
 * would refuse are dropped here rather than shown as an error: a hand-edited link still opens.
 */
export function filterFromUrl(p: URLSearchParams): WorklistFilter {
  const f: WorklistFilter = {};
  for (const k of TEXT_KEYS) {
    const v = p.get(k)?.trim();
    if (v) f[k] = v;
  }
  const state = p.get('state');
  if (state && (ASSIGNMENT_STATES as readonly string[]).includes(state)) f.state = state as AssignmentState;
  for (const k of BOOLEAN_KEYS) if (p.get(k) === 'true' || p.get(k) === 'false') f[k] = p.get(k) === 'true';
  const sort = p.get('sort') as AssignmentSort | null;
  f.sort = sort && SORTS.includes(sort) ? sort : DEFAULT_SORT;
  return f;
}

/** The URL of a filter: only what is set, the default sort left out. */
export function filterToUrl(f: WorklistFilter): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f))
    if (v !== undefined && v !== '' && !(k === 'sort' && v === DEFAULT_SORT)) p.set(k, String(v));
  return p;
}
