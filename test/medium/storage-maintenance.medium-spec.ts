import { DataSource } from 'typeorm';
import { AuditRepository, StorageRepository, unreadCount } from '@app/persistence';
import { Client } from 'pg';
import { stepsMismatches, stepStateMismatches } from '../support/deadline-steps';
import { unreadMismatches } from '../support/unread-tally';
import { createMediumApp, type MediumApp } from '../support/medium';

/**
 * Monthly partitions and retention (issue 12) on a hand-moved clock: the worker's maintenance
 * makes the month of "now" and three ahead, rows that arrived before their month existed move out
 * of the default partition, the audit chain verifies across months, audit_head refuses an event
 * that does not continue its chain, retention drops only unfired steps of long-closed deadlines, and
 * the inbox's unread tally follows every change of the notifications without writers waiting.
 */
describe('storage maintenance', () => {
  let app: MediumApp;
  let storage: StorageRepository;
  let ds: DataSource;

  beforeAll(async () => {
    app = await createMediumApp({ now: '2031-01-15T08:00:00Z' });
    storage = app.get(StorageRepository);
    ds = app.get(DataSource);
  });
  afterAll(() => app?.close());

  const monthsOf = async (table: string) =>
    (await storage.partitions(ds.manager)).filter((p) => p.table === table).map((p) => p.partition);
  const partitionOf = async (table: string, id: string) =>
    (await app.db.query(`SELECT tableoid::regclass::text AS p FROM ${table} WHERE id = $1`, [id])).rows[0].p;

  it('creates the current month and three ahead, once', async () => {
    expect(await ds.transaction((tx) => storage.ensurePartitions(tx))).toBe(8);
    for (const table of ['audit_event', 'notification'])
      expect(await monthsOf(table)).toEqual(
        expect.arrayContaining([
          `${table}_p2031_01`,
          `${table}_p2031_02`,
          `${table}_p2031_03`,
          `${table}_p2031_04`,
        ]),
      );
    expect(await monthsOf('notification')).not.toContain('notification_p2031_05');
    expect(await ds.transaction((tx) => storage.ensurePartitions(tx))).toBe(0);
  });

  it('moves rows the default partition caught when their month is made', async () => {
    const { rows } = await app.db.query(
      `INSERT INTO notification (org_code, kind, payload, created_at) VALUES ('D1-S01', 'test.far', '{}', '2031-07-10T00:00:00Z') RETURNING id`,
    );
    expect(await partitionOf('notification', rows[0].id)).toBe('notification_default');
    app.clock.set('2031-06-20T00:00:00Z');
    expect(await ds.transaction((tx) => storage.ensurePartitions(tx))).toBe(8);
    expect(await partitionOf('notification', rows[0].id)).toBe('notification_p2031_07');
    expect(await monthsOf('notification')).toContain('notification_p2031_09');
  });

  it('keeps one audit chain across months and refuses an event that does not continue it', async () => {
    const audit = app.get(AuditRepository);
    const event = (action: string) => ({
      aggregateType: 'task' as const,
      aggregateId: 'chain-across-months',
      action,
      actorId: null,
      actorOrg: null,
      fromState: null,
      toState: null,
      payload: { action },
    });
    for (const [at, action] of [
      ['2031-06-30T23:59:59Z', 'first'],
      ['2031-07-01T00:00:01Z', 'second'],
      ['2031-08-15T00:00:00Z', 'third'],
    ]) {
      app.clock.set(at);
      await ds.transaction((tx) => audit.append(tx, [event(action)]));
    }
    const stored = await app.db.query(
      `SELECT seq, tableoid::regclass::text AS p FROM audit_event WHERE aggregate_id = 'chain-across-months' ORDER BY seq`,
    );
    expect(stored.rows).toEqual([
      { seq: 1, p: 'audit_event_p2031_06' },
      { seq: 2, p: 'audit_event_p2031_07' },
      { seq: 3, p: 'audit_event_p2031_08' },
    ]);
    expect(await audit.verify(ds.manager)).toMatchObject({ ok: true });
    // A second writer that read the head before the third event: seq 3 again.
    await expect(
      app.db.query(
        `INSERT INTO audit_event (aggregate_type, aggregate_id, seq, action, payload, hash, created_at)
         VALUES ('task', 'chain-across-months', 3, 'fork', '{}', 'x', '2031-08-15T00:00:01Z')`,
      ),
    ).rejects.toMatchObject({ code: '23505', constraint: 'uq_audit_event_aggregate_seq' });
    await expect(
      app.db.query(
        `INSERT INTO audit_event (aggregate_type, aggregate_id, seq, action, payload, hash, created_at)
         VALUES ('task', 'chain-across-months', 1, 'restart', '{}', 'x', '2031-08-15T00:00:01Z')`,
      ),
    ).rejects.toMatchObject({ code: '23505' });
  });

  it('prunes unfired steps of deadlines closed over 30 days ago, and nothing else', async () => {
    app.clock.set('2031-08-20T00:00:00Z');
    const { rows } = await app.db.query(`
      WITH t AS (
        INSERT INTO task (id, submitter_code, created_by, title, description, action_type, temporary, due_at, urgent, demands, list_version_id)
        SELECT gen_random_uuid(), 'MZJ', (SELECT id FROM app_user WHERE username = 'MZJ'), 'retention', '', 'service_delivery', false,
               '2031-07-01', false, '{}', (SELECT id FROM list_version LIMIT 1) RETURNING id),
      a AS (
        INSERT INTO assignment (id, task_id, street_code, state, due_at)
        SELECT gen_random_uuid(), t.id, s, 'closed', '2031-07-01' FROM t, unnest(ARRAY['D1-S01', 'D1-S02']) s RETURNING id, street_code)
      INSERT INTO deadline (assignment_id, kind, owner_org, state, starts_at, due_at, met_at, updated_at)
      SELECT id, 'signoff', street_code, 'met', '2031-06-01', '2031-06-03',
             CASE street_code WHEN 'D1-S01' THEN '2031-06-02'::timestamptz ELSE '2031-08-10'::timestamptz END,
             CASE street_code WHEN 'D1-S01' THEN '2031-06-02'::timestamptz ELSE '2031-08-10'::timestamptz END
        FROM a RETURNING id, owner_org`);
    for (const d of rows)
      await app.db.query(
        `INSERT INTO escalation_step (deadline_id, step, fire_at, fired_at, deadline_open, parked_at)
         SELECT $1, s.step, s.fire_at::timestamptz, s.fired_at::timestamptz, false, d.updated_at
           FROM deadline d, (VALUES ('remind', '2031-06-01T12:00:00Z', '2031-06-01T12:00:00Z'), ('urge', '2031-06-03', NULL),
                                    ('supervise', '2031-06-04', NULL), ('notice', '2031-06-10', NULL)) s(step, fire_at, fired_at)
          WHERE d.id = $1`,
        [d.id],
      );
    // Steps of met deadlines, as the trigger on deadline leaves them (migration StepDeadlineOpen).
    expect(await stepStateMismatches(app.db)).toEqual([]);
    const pruned = await storage.prune(ds.manager);
    expect(pruned.escalationSteps).toBe(3);
    const left = await app.db.query(
      `SELECT d.owner_org AS org, array_agg(s.step ORDER BY s.fire_at) AS steps FROM escalation_step s JOIN deadline d ON d.id = s.deadline_id
        WHERE d.id = ANY($1::uuid[]) GROUP BY 1 ORDER BY 1`,
      [rows.map((r) => r.id)],
    );
    expect(left.rows).toEqual([
      { org: 'D1-S01', steps: ['remind'] },
      { org: 'D1-S02', steps: ['remind', 'urge', 'supervise', 'notice'] },
    ]);
    // What the deadlines' views send follows the deletion (the triggers of migration DeadlineSteps).
    const kept = await app.db.query(
      `SELECT d.owner_org AS org, k.steps FROM deadline_steps k JOIN deadline d ON d.id = k.deadline_id
        WHERE d.id = ANY($1::uuid[]) ORDER BY 1`,
      [rows.map((r) => r.id)],
    );
    expect(
      kept.rows.map((r) => ({ org: r.org, steps: r.steps.map((x: { step: string }) => x.step) })),
    ).toEqual(left.rows);
    expect(kept.rows[0].steps).toEqual([
      { step: 'remind', fireAt: '2031-06-01T12:00:00.000000Z', firedAt: '2031-06-01T12:00:00.000000Z' },
    ]);
    expect(await stepsMismatches(app.db)).toEqual([]);
  });
  const notify = (db: Client, org: string, n: number, read = false) =>
    db.query(
      `INSERT INTO notification (org_code, kind, payload, created_at, read_at)
       SELECT $1, 'test.unread', '{}', '2031-08-20T00:00:00Z', CASE WHEN $3::bool THEN now() END FROM generate_series(1, $2::int)`,
      [org, n, read],
    );
  // The count as the inbox and the workbench read it.
  const unreadOf = async (org: string) =>
    Number((await app.db.query(unreadCount('$1', 'n'), [org])).rows[0].n);
  const client = async () => {
    const c = new Client({ connectionString: app.config.DATABASE_URL });
    await c.connect();
    return c;
  };

  it("keeps each organisation's unread count through inserts, reads, moves and deletes", async () => {
    expect(await unreadMismatches(app.db)).toEqual([]);
    const before = await unreadOf('D1-S03');
    await notify(app.db, 'D1-S03', 5);
    await notify(app.db, 'D1-S03', 2, true);
    await notify(app.db, 'D1-S04', 3);
    expect(await unreadOf('D1-S03')).toBe(before + 5);
    expect(await unreadMismatches(app.db)).toEqual([]);
    // One read, then the rest of the organisation's (as the inbox marks them), then a deletion of read and unread.
    await app.db.query(
      `UPDATE notification SET read_at = now() WHERE id = (SELECT id FROM notification WHERE org_code = 'D1-S04' AND read_at IS NULL LIMIT 1)`,
    );
    expect(await unreadOf('D1-S04')).toBe(2);
    await app.db.query(
      `UPDATE notification SET read_at = now() WHERE org_code = 'D1-S03' AND read_at IS NULL`,
    );
    expect(await unreadOf('D1-S03')).toBe(0);
    await app.db.query(
      `UPDATE notification SET read_at = NULL WHERE org_code = 'D1-S03' AND kind = 'test.unread'`,
    );
    await app.db.query(
      `DELETE FROM notification WHERE org_code = 'D1-S03' AND kind = 'test.unread' AND ctid IN (SELECT ctid FROM notification WHERE org_code = 'D1-S03' AND kind = 'test.unread' LIMIT 3)`,
    );
    expect(await unreadMismatches(app.db)).toEqual([]);
    // A row of a month without its partition, moved when the month is made: counted once.
    await app.db.query(
      `INSERT INTO notification (org_code, kind, payload, created_at) VALUES ('D1-S04', 'test.unread', '{}', '2032-03-10T00:00:00Z')`,
    );
    expect(await unreadOf('D1-S04')).toBe(3);
    app.clock.set('2032-01-20T00:00:00Z');
    expect(await ds.transaction((tx) => storage.ensurePartitions(tx))).toBeGreaterThan(0);
    expect(await unreadOf('D1-S04')).toBe(3);
    expect(await unreadMismatches(app.db)).toEqual([]);
  });

  it('lets two transactions notify one organisation without waiting for each other, and folds their counts', async () => {
    const [a, b] = [await client(), await client()];
    try {
      const before = await unreadOf('D1-S05');
      await a.query('BEGIN');
      await notify(a, 'D1-S05', 2);
      // b would wait for a's commit on a shared counter row; with a row per backend it does not.
      await b.query(`BEGIN; SET LOCAL lock_timeout = '2s'`);
      await notify(b, 'D1-S05', 3);
      await b.query('COMMIT');
      expect(await unreadOf('D1-S05')).toBe(before + 3);
      // The fold leaves the row a holds and folds the rest into one row per organisation.
      const folded = await storage.foldUnread(ds.manager);
      expect(folded).toBeGreaterThan(0);
      expect(await unreadOf('D1-S05')).toBe(before + 3);
      await a.query('COMMIT');
      expect(await unreadOf('D1-S05')).toBe(before + 5);
      expect(await storage.foldUnread(ds.manager)).toBe(1);
      const rows = await app.db.query(`SELECT org_code, writer FROM notification_unread WHERE writer <> 0`);
      expect(rows.rows).toEqual([]);
      expect(await unreadMismatches(app.db)).toEqual([]);
      // Counted afresh, the same.
      const tally = async () =>
        (await app.db.query(`SELECT org_code, n FROM notification_unread WHERE n <> 0 ORDER BY 1`)).rows;
      const kept = await tally();
      await app.db.query(`SELECT * FROM notification_unread_rebuild()`);
      expect(await tally()).toEqual(kept);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });
});
