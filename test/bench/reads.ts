/**
 * The reads of issue 12, each as the HTTP request a screen makes: who asks and what. The scale
 * bench times them over HTTP; `explain-reads` prints their plans through the repositories.
 * `$street`, `$dept` and `$assignment` are filled from the generated data (the busiest street and
 * department, and an assignment of that street with a full timeline).
 */
export interface Read {
  name: string;
  as: 'street' | 'dept' | 'reviewer' | 'supervisor';
  path: string;
}

export const READS: Read[] = [
  { name: 'street inbox', as: 'street', path: '/api/assignments?limit=20' },
  { name: 'street inbox, by state', as: 'street', path: '/api/assignments?limit=20&state=in_progress' },
  { name: 'street inbox, overdue only', as: 'street', path: '/api/assignments?limit=20&overdue=true' },
  { name: 'street inbox, by due date', as: 'street', path: '/api/assignments?limit=20&sort=dueAt' },
  { name: 'department assignments', as: 'dept', path: '/api/assignments?limit=20' },
  { name: 'department assignments, by state', as: 'dept', path: '/api/assignments?limit=20&state=completed' },
  { name: 'department tasks', as: 'dept', path: '/api/tasks?limit=20' },
  { name: 'department tasks, by state', as: 'dept', path: '/api/tasks?limit=20&state=in_progress' },
  { name: 'review queue', as: 'reviewer', path: '/api/reviews?limit=20' },
  { name: 'dispute queue', as: 'reviewer', path: '/api/disputes?limit=20&state=open' },
  { name: 'overdue board (with counts)', as: 'supervisor', path: '/api/supervision/overdue?limit=20' },
  {
    name: 'overdue board, by kind',
    as: 'supervisor',
    path: '/api/supervision/overdue?limit=20&kind=completion',
  },
  {
    name: 'overdue board, by organisation',
    as: 'supervisor',
    path: '/api/supervision/overdue?limit=20&orgCode=$street',
  },
  { name: 'notifications (with unread count)', as: 'street', path: '/api/notifications?limit=20' },
  { name: 'assignment detail with timeline', as: 'street', path: '/api/assignments/$assignment' },
];
