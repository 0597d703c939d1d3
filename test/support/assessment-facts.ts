import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';

/**
 * A generated month of assessment facts (November 2026, Asia/Shanghai), written straight into the
 * database so every number of the expected scorecards can be computed by hand (see
 * test/e2e/assessment.e2e-spec.ts, which spells the computation out). Three streets (D1-S01..03)
 * and three departments (ZJJ, MZJ, SCJG) carry facts; everything else has none.
 */
const T = (local: string) => `2026-${local}+08:00`;

export interface FactIds {
  toleratedDeadline: string;
  clearedSupervisionItem: string;
  toleratedDispute: string;
}

export async function writeNovemberFacts(db: Client): Promise<FactIds> {
  const user = async (name: string) =>
    (await db.query(`SELECT id FROM app_user WHERE username = $1`, [name])).rows[0].id as string;
  const listVersion = (await db.query(`SELECT id FROM list_version WHERE status = 'published' LIMIT 1`))
    .rows[0].id as string;
  const supervisor = await user('ZFB');

  const task = async (dept: string, createdAt: string) => {
    const id = randomUUID();
    await db.query(
      `INSERT INTO task (id, submitter_code, created_by, title, description, action_type, temporary, due_at, urgent,
                         demands, list_version_id, created_at)
       VALUES ($1, $2, $3, '考核测试任务', '', 'service_delivery', false, $4, false, '{}', $5, $4)`,
      [id, dept, await user(dept), createdAt, listVersion],
    );
    return id;
  };
  const assignment = async (
    dept: string,
    street: string,
    state: string,
    role: string | null,
    createdAt: string,
    updatedAt = createdAt,
    rating: number | null = null,
  ) => {
    const id = randomUUID();
    await db.query(
      `INSERT INTO assignment (id, task_id, street_code, state, role, due_at, created_at, updated_at, rating)
       VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8)`,
      [id, await task(dept, createdAt), street, state, role, createdAt, updatedAt, rating],
    );
    return id;
  };
  const deadline = async (d: {
    assignmentId?: string;
    summonsResponseId?: string;
    kind: string;
    owner: string;
    state: string;
    dueAt: string;
    metAt?: string;
    overdueAt?: string;
  }) =>
    (
      await db.query(
        `INSERT INTO deadline (assignment_id, summons_response_id, kind, owner_org, state, starts_at, due_at, met_at,
                               overdue_at, remaining_ms)
         VALUES ($1, $2, $3, $4, $5, $6::timestamptz - interval '1 day', $6, $7, $8, $9) RETURNING id`,
        [
          d.assignmentId ?? null,
          d.summonsResponseId ?? null,
          d.kind,
          d.owner,
          d.state,
          d.dueAt,
          d.metAt ?? null,
          d.overdueAt ?? null,
          d.state === 'paused' ? 3600_000 : null,
        ],
      )
    ).rows[0].id as string;
  const supervision = async (deadlineId: string, assignmentId: string, org: string, createdAt: string) =>
    (
      await db.query(
        `INSERT INTO supervision_item (deadline_id, assignment_id, kind, org_code, created_at)
         SELECT $1, $2, kind, $3, $4 FROM deadline WHERE id = $1 RETURNING id`,
        [deadlineId, assignmentId, org, createdAt],
      )
    ).rows[0].id as string;
  const dispute = async (
    assignmentId: string,
    street: string,
    dept: string,
    upheld: string,
    decidedAt: string,
  ) =>
    (
      await db.query(
        `INSERT INTO dispute (assignment_id, street_code, department_code, reason_code, reason, state, upheld, note,
                              created_at, decided_at)
         VALUES ($1, $2, $3, 'not_on_list', '不属于街道职责', 'decided', $4, '裁定', $5::timestamptz - interval '1 day', $5)
         RETURNING id`,
        [assignmentId, street, dept, upheld, decidedAt],
      )
    ).rows[0].id as string;
  await db.query(
    `INSERT INTO tolerance_item (code, text_zh, text_en, tolerable, position)
     VALUES ('FORCE_MAJEURE', '防汛抢险等不可抗力导致延误', 'Delay caused by force majeure', true, 1)
     ON CONFLICT (code) DO NOTHING`,
  );
  const grant = async (targetKind: string, targetId: string, org: string, at: string) =>
    db.query(
      `INSERT INTO tolerance_claim (target_kind, target_id, org_code, item_code, item_text_zh, item_text_en, explanation,
                                    state, arose_at, window_ends_at, filed_at, filed_by, decided_at, decided_by, note)
       VALUES ($1, $2, $3, 'FORCE_MAJEURE', '不可抗力', 'force majeure', '防汛抢险', 'granted', $4,
               $4::timestamptz + interval '14 days', $4, $5, $4::timestamptz + interval '1 day', $6, '同意')`,
      [targetKind, targetId, org, at, await user(org), supervisor],
    );
  const summons = async (street: string, createdAt: string) => {
    const id = randomUUID();
    await db.query(
      `INSERT INTO summons (id, street_code, subject, place, description, urgent, state, created_by, created_at)
       VALUES ($1, $2, '占道经营', '东关路', '需执法力量', false, 'open', $3, $4)`,
      [id, street, await user(street), createdAt],
    );
    return id;
  };
  const response = async (
    summonsId: string,
    dept: string,
    state: string,
    reportByAt: string,
    respondedAt?: string,
  ) =>
    (
      await db.query(
        `INSERT INTO summons_response (summons_id, department_code, state, report_by_at, responded_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [summonsId, dept, state, reportByAt, respondedAt ?? null],
      )
    ).rows[0].id as string;

  // ── Street D1-S01 (65 authorised posts); its tasks come from ZJJ ──
  const a1 = await assignment('ZJJ', 'D1-S01', 'closed', 'lead', T('11-02T09:00:00'), T('11-20T16:00:00'), 5);
  const a2 = await assignment('ZJJ', 'D1-S01', 'in_progress', 'lead', T('11-03T09:00:00'));
  const a3 = await assignment(
    'ZJJ',
    'D1-S01',
    'closed',
    'support',
    T('10-05T09:00:00'),
    T('11-05T16:00:00'),
    3,
  );
  const a4 = await assignment('ZJJ', 'D1-S01', 'in_progress', 'joint', T('11-04T09:00:00'));
  // closed and rated in October: neither active nor rated in November
  await assignment('ZJJ', 'D1-S01', 'closed', 'lead', T('09-01T09:00:00'), T('10-20T16:00:00'), 4);
  await deadline({
    assignmentId: a1,
    kind: 'signoff',
    owner: 'D1-S01',
    state: 'met',
    dueAt: T('11-03T10:00:00'),
    metAt: T('11-02T15:00:00'),
  });
  await deadline({
    assignmentId: a2,
    kind: 'signoff',
    owner: 'D1-S01',
    state: 'met',
    dueAt: T('11-04T10:00:00'),
    metAt: T('11-05T10:00:00'),
    overdueAt: T('11-04T10:00:00'),
  });
  await deadline({
    assignmentId: a4,
    kind: 'signoff',
    owner: 'D1-S01',
    state: 'met',
    dueAt: T('11-05T10:00:00'),
    metAt: T('11-05T09:00:00'),
  });
  await deadline({
    assignmentId: a3,
    kind: 'signoff',
    owner: 'D1-S01',
    state: 'cancelled',
    dueAt: T('11-06T10:00:00'),
  });
  await deadline({
    assignmentId: a1,
    kind: 'completion',
    owner: 'D1-S01',
    state: 'met',
    dueAt: T('11-25T18:00:00'),
    metAt: T('11-20T12:00:00'),
  });
  const d6 = await deadline({
    assignmentId: a2,
    kind: 'completion',
    owner: 'D1-S01',
    state: 'open',
    dueAt: T('11-15T18:00:00'),
    overdueAt: T('11-15T18:00:00'),
  });
  await supervision(d6, a2, 'D1-S01', T('11-17T18:00:00'));
  // tolerated: a flood emergency delayed it; its supervision item is cleared with it
  const d7 = await deadline({
    assignmentId: a4,
    kind: 'completion',
    owner: 'D1-S01',
    state: 'open',
    dueAt: T('11-18T18:00:00'),
    overdueAt: T('11-18T18:00:00'),
  });
  const s2 = await supervision(d7, a4, 'D1-S01', T('11-19T18:00:00'));
  await grant('deadline', d7, 'D1-S01', T('11-20T10:00:00'));
  // due in December: not this period's
  await deadline({
    assignmentId: a3,
    kind: 'completion',
    owner: 'D1-S01',
    state: 'open',
    dueAt: T('12-10T18:00:00'),
  });

  // ── Street D1-S02 (70 posts); tasks from MZJ ──
  const b1 = await assignment('MZJ', 'D1-S02', 'completed', 'lead', T('11-06T09:00:00'));
  const b2 = await assignment('MZJ', 'D1-S02', 'rejected', null, T('11-07T09:00:00'), T('11-09T10:00:00'));
  await assignment('MZJ', 'D1-S02', 'withdrawn', null, T('11-08T09:00:00'), T('11-08T12:00:00'));
  await deadline({
    assignmentId: b1,
    kind: 'signoff',
    owner: 'D1-S02',
    state: 'met',
    dueAt: T('11-07T10:00:00'),
    metAt: T('11-06T15:00:00'),
  });
  await deadline({
    assignmentId: b2,
    kind: 'signoff',
    owner: 'D1-S02',
    state: 'cancelled',
    dueAt: T('11-08T10:00:00'),
  });
  await deadline({
    assignmentId: b1,
    kind: 'completion',
    owner: 'D1-S02',
    state: 'met',
    dueAt: T('11-20T18:00:00'),
    metAt: T('11-21T10:00:00'),
    overdueAt: T('11-20T18:00:00'),
  });
  await dispute(b2, 'D1-S02', 'MZJ', 'street', T('11-09T10:00:00'));

  // ── Street D1-S03 (63 posts); tasks from SCJG ──
  const c1 = await assignment(
    'SCJG',
    'D1-S03',
    'closed',
    'lead',
    T('11-09T09:00:00'),
    T('11-12T16:00:00'),
    2,
  );
  const c2 = await assignment('SCJG', 'D1-S03', 'in_progress', 'joint', T('11-10T09:00:00'));
  await deadline({
    assignmentId: c1,
    kind: 'signoff',
    owner: 'D1-S03',
    state: 'met',
    dueAt: T('11-10T10:00:00'),
    metAt: T('11-09T11:00:00'),
  });
  const f2 = await deadline({
    assignmentId: c2,
    kind: 'signoff',
    owner: 'D1-S03',
    state: 'met',
    dueAt: T('11-11T10:00:00'),
    metAt: T('11-13T10:00:00'),
    overdueAt: T('11-11T10:00:00'),
  });
  await supervision(f2, c2, 'D1-S03', T('11-12T10:00:00'));
  await deadline({
    assignmentId: c1,
    kind: 'completion',
    owner: 'D1-S03',
    state: 'met',
    dueAt: T('11-15T18:00:00'),
    metAt: T('11-12T12:00:00'),
  });
  // a sign-for clock standing still under a dispute has no due time: left out of the rate
  const c3 = await assignment('SCJG', 'D1-S03', 'disputed', 'lead', T('11-14T09:00:00'));
  await deadline({
    assignmentId: c3,
    kind: 'signoff',
    owner: 'D1-S03',
    state: 'paused',
    dueAt: T('11-15T10:00:00'),
  });

  // ── Departments: more push-downs, disputes, summons ──
  await assignment('ZJJ', 'D1-S04', 'rejected', null, T('11-12T09:00:00')); // negative list
  const x2 = await assignment('ZJJ', 'D1-S05', 'rejected', null, T('11-13T09:00:00'), T('11-16T10:00:00'));
  const lostTolerated = await dispute(x2, 'D1-S05', 'ZJJ', 'street', T('11-16T10:00:00'));
  await grant('dispute', lostTolerated, 'ZJJ', T('11-17T10:00:00'));

  const s1 = await summons('D1-S01', T('11-10T09:00:00'));
  await response(s1, 'ZJJ', 'reported', T('11-11T10:00:00'), T('11-11T09:00:00'));
  await response(s1, 'MZJ', 'pending', T('11-11T10:00:00'));
  await db.query(
    `INSERT INTO summons_rating (summons_id, department_code, score, rated_by, rated_at) VALUES ($1, 'ZJJ', 4, $2, $3)`,
    [s1, await user('D1-S01'), T('11-12T10:00:00')],
  );
  const s2summons = await summons('D1-S01', T('11-20T09:00:00'));
  await response(s2summons, 'ZJJ', 'declined', T('11-21T10:00:00'), T('11-20T12:00:00'));
  const excused = await response(s2summons, 'MZJ', 'pending', T('11-21T10:00:00'));
  const excusedDeadline = await deadline({
    summonsResponseId: excused,
    kind: 'summons',
    owner: 'MZJ',
    state: 'open',
    dueAt: T('11-21T10:00:00'),
    overdueAt: T('11-21T10:00:00'),
  });
  await grant('deadline', excusedDeadline, 'MZJ', T('11-22T10:00:00'));

  return { toleratedDeadline: d7, clearedSupervisionItem: s2, toleratedDispute: lostTolerated };
}
