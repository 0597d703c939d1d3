/**
 * The reads of issue 12, each as the HTTP request a screen makes: who asks and what. The scale
 * bench times them over HTTP; `explain-reads` prints their plans through the repositories.
 * `$street`, `$dept`, `$kind` and `$assignment` are filled from the generated data (readSubjects).
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
    path: '/api/supervision/overdue?limit=20&kind=$kind',
  },
  {
    name: 'overdue board, by organisation',
    as: 'supervisor',
    path: '/api/supervision/overdue?limit=20&orgCode=$street',
  },
  { name: 'notifications (with unread count)', as: 'street', path: '/api/notifications?limit=20' },
  { name: 'assignment detail with timeline', as: 'street', path: '/api/assignments/$assignment' },
];

/** What the reads' placeholders stand for in one database. */
export interface ReadSubjects {
  street: string;
  dept: string;
  /** The deadline kind with the most open overdue deadlines (`completion` when none is overdue). */
  kind: string;
  assignment: string;
}

/**
 * The subjects of a database's reads, each the busiest of its sort, as a supervisor or a clerk opening
 * the screen would find them: the street with the most assignments, the department with the most
 * tasks, the deadline kind with the most overdue (completion in a year, whose stragglers pile up;
 * sign-for in a young deployment, whose work is not old enough to be late on completion), and the
 * street's latest closed assignment (a full timeline). `one` runs a query and returns its `v`.
 */
export async function readSubjects(one: (sql: string) => Promise<string>): Promise<ReadSubjects> {
  const street = await one(
    `SELECT street_code AS v FROM assignment GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
  );
  const dept = await one(`SELECT submitter_code AS v FROM task GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
  const kind = await one(
    `SELECT coalesce((SELECT kind FROM deadline WHERE state = 'open' AND due_at < now()
                       GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1), 'completion') AS v`,
  );
  const assignment = await one(
    `SELECT a.id::text AS v FROM assignment a WHERE a.street_code = '${street}' AND a.state = 'closed' ORDER BY a.created_at DESC LIMIT 1`,
  );
  return { street, dept, kind, assignment };
}

/** A read's path with its placeholders filled. */
export const readPath = (read: Read, s: ReadSubjects): string =>
  read.path
    .replace('$street', s.street)
    .replace('$dept', s.dept)
    .replace('$kind', s.kind)
    .replace('$assignment', s.assignment);
