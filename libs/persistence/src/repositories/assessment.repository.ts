import {
  DomainError,
  type AssessmentSettings,
  type Clock,
  type MetricValue,
  type ScorecardKind,
} from '@app/domain';
import { isoTime } from '../sql';
import { updateReturning, type Tx } from '../tx';

export type AssessmentState = 'computing' | 'ready' | 'published';

export interface AssessmentRow extends AssessmentSettings {
  period: string;
  state: AssessmentState;
  run: number;
  requestedAt: string;
  computedAt: string | null;
  publishedAt: string | null;
}

export interface ScorecardRow extends AssessmentSettings {
  period: string;
  kind: ScorecardKind;
  orgCode: string;
  orgName: string;
  orgNameEn: string | null;
  districtCode: string | null;
  metrics: Record<string, MetricValue>;
  score: number | null;
  rank: number | null;
}

export interface NewScorecard {
  kind: ScorecardKind;
  orgCode: string;
  metrics: Record<string, MetricValue>;
  score: number | null;
  rank: number | null;
}

export interface TrendRow {
  period: string;
  state: AssessmentState;
  orgCode: string;
  value: number | null;
}

export interface RatingRow {
  streetCode: string;
  departmentCode: string;
  period: string;
  score: number;
  comment: string | null;
  createdAt: string;
  updatedAt: string;
}

const ASSESSMENT_COLUMNS = `period, state, run, weights, caps, ${isoTime('requested_at', 'ms')} AS "requestedAt",
  ${isoTime('computed_at', 'ms')} AS "computedAt", ${isoTime('published_at', 'ms')} AS "publishedAt"`;
const RATING_COLUMNS = `street_code AS "streetCode", department_code AS "departmentCode", period, score, comment,
  ${isoTime('created_at', 'ms')} AS "createdAt", ${isoTime('updated_at', 'ms')} AS "updatedAt"`;

/**
 * Assessments, their scorecards and the streets' dispatched-unit ratings. A published assessment
 * is frozen here, in the statements themselves: recomputing it and changing a rating of its period
 * find the published row and refuse (ASSESSMENT_PUBLISHED), so no check-then-write race remains.
 */
export class AssessmentRepository {
  constructor(private readonly clock: Clock) {}

  /**
   * Starts a computation of the period: a new assessment, or the next run of one not yet published
   * (its scorecards are dropped; the new run's job replaces them). Answers the run for the job.
   */
  async request(tx: Tx, period: string, settings: AssessmentSettings, userId: string): Promise<number> {
    const rows: { run: number }[] = await tx.query(
      `INSERT INTO assessment (period, state, run, weights, caps, requested_at, requested_by)
       VALUES ($1, 'computing', 1, $2, $3, $4, $5)
       ON CONFLICT (period) DO UPDATE SET state = 'computing', run = assessment.run + 1, weights = EXCLUDED.weights,
         caps = EXCLUDED.caps, requested_at = EXCLUDED.requested_at, requested_by = EXCLUDED.requested_by, computed_at = NULL
        WHERE assessment.state <> 'published'
       RETURNING run`,
      [period, JSON.stringify(settings.weights), JSON.stringify(settings.caps), this.clock.now(), userId],
    );
    if (rows.length === 0) throw new DomainError('ASSESSMENT_PUBLISHED');
    await tx.query(`DELETE FROM scorecard WHERE period = $1`, [period]);
    return rows[0].run;
  }

  /** The computation `run` of a period, locked, while it is still the one wanted; null otherwise. */
  async lockRun(tx: Tx, period: string, run: number): Promise<AssessmentRow | null> {
    const rows: AssessmentRow[] = await tx.query(
      `SELECT ${ASSESSMENT_COLUMNS} FROM assessment WHERE period = $1 AND run = $2 AND state = 'computing' FOR UPDATE`,
      [period, run],
    );
    return rows[0] ?? null;
  }

  /** Stores a computation's scorecards and marks the assessment ready, computed at `asOf`. */
  async complete(tx: Tx, period: string, asOf: Date, cards: NewScorecard[]): Promise<void> {
    await tx.query(`DELETE FROM scorecard WHERE period = $1`, [period]);
    await tx.query(
      `INSERT INTO scorecard (period, kind, org_code, metrics, score, rank)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::jsonb[], $5::float8[], $6::int[])`,
      [
        period,
        cards.map((c) => c.kind),
        cards.map((c) => c.orgCode),
        cards.map((c) => JSON.stringify(c.metrics)),
        cards.map((c) => c.score),
        cards.map((c) => c.rank),
      ],
    );
    await tx.query(`UPDATE assessment SET state = 'ready', computed_at = $2 WHERE period = $1`, [
      period,
      asOf,
    ]);
  }

  /**
   * Publishes a ready assessment. Another state answers: none → NOT_FOUND, published already →
   * ASSESSMENT_PUBLISHED, still computing → STATE_CONFLICT.
   */
  async publish(tx: Tx, period: string, userId: string): Promise<AssessmentRow> {
    const rows = await updateReturning<AssessmentRow>(
      tx,
      `UPDATE assessment SET state = 'published', published_at = $2, published_by = $3
        WHERE period = $1 AND state = 'ready' RETURNING ${ASSESSMENT_COLUMNS}`,
      [period, this.clock.now(), userId],
    );
    if (rows.length) return rows[0];
    const now = await this.find(tx, period);
    if (!now) throw new DomainError('NOT_FOUND');
    throw new DomainError(now.state === 'published' ? 'ASSESSMENT_PUBLISHED' : 'STATE_CONFLICT');
  }

  async find(tx: Tx, period: string): Promise<AssessmentRow | null> {
    const rows: AssessmentRow[] = await tx.query(
      `SELECT ${ASSESSMENT_COLUMNS} FROM assessment WHERE period = $1`,
      [period],
    );
    return rows[0] ?? null;
  }

  /** Every assessment (or only the published ones), newest request first. */
  list(tx: Tx, publishedOnly: boolean): Promise<AssessmentRow[]> {
    return tx.query(
      `SELECT ${ASSESSMENT_COLUMNS} FROM assessment WHERE ($1::boolean IS FALSE OR state = 'published')
        ORDER BY requested_at DESC LIMIT 500`,
      [publishedOnly],
    );
  }

  /** A period's scorecards of one kind (or both), best rank first; limited to one organisation when given. */
  scorecards(tx: Tx, period: string, q: { kind?: ScorecardKind; orgCode?: string }): Promise<ScorecardRow[]> {
    return tx.query(
      `SELECT s.period, s.kind, s.org_code AS "orgCode", o.name AS "orgName", o.name_en AS "orgNameEn",
              o.district_code AS "districtCode", s.metrics, s.score, s.rank, a.weights, a.caps
         FROM scorecard s JOIN assessment a ON a.period = s.period JOIN organisation o ON o.code = s.org_code
        WHERE s.period = $1 AND ($2::text IS NULL OR s.kind = $2) AND ($3::text IS NULL OR s.org_code = $3)
        ORDER BY s.kind DESC, s.rank NULLS LAST, s.org_code`,
      [period, q.kind ?? null, q.orgCode ?? null],
    );
  }

  /**
   * A metric (or `score`) of organisations across the computed periods (ready or published; only
   * published ones when asked), each with its value; one organisation when given, else every
   * organisation of the kind.
   */
  trend(
    tx: Tx,
    q: { kind: ScorecardKind; metric: string; orgCode?: string; publishedOnly: boolean },
  ): Promise<TrendRow[]> {
    return tx.query(
      `SELECT s.period, a.state, s.org_code AS "orgCode",
              CASE WHEN $2 = 'score' THEN s.score ELSE (s.metrics -> $2 ->> 'value')::float8 END AS value
         FROM scorecard s JOIN assessment a ON a.period = s.period
        WHERE s.kind = $1 AND a.state IN ('ready', 'published') AND ($4::boolean IS FALSE OR a.state = 'published')
          AND ($3::text IS NULL OR s.org_code = $3)
        ORDER BY s.org_code, s.period`,
      [q.kind, q.metric, q.orgCode ?? null, q.publishedOnly],
    );
  }

  /**
   * A street's rating of a department for a period, new or changed, unless that period's
   * assessment is published. The FOR SHARE waits for a publication under way and then reads it.
   */
  async rate(
    tx: Tx,
    r: {
      streetCode: string;
      departmentCode: string;
      period: string;
      score: number;
      comment: string | null;
      userId: string;
    },
  ): Promise<RatingRow> {
    const published: unknown[] = await tx.query(
      `SELECT 1 FROM assessment WHERE period = $1 AND state = 'published' FOR SHARE`,
      [r.period],
    );
    if (published.length) throw new DomainError('ASSESSMENT_PUBLISHED');
    const now = this.clock.now();
    const rows: RatingRow[] = await tx.query(
      `INSERT INTO dispatched_unit_rating (street_code, department_code, period, score, comment, rated_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
       ON CONFLICT (street_code, department_code, period) DO UPDATE SET score = EXCLUDED.score, comment = EXCLUDED.comment,
         rated_by = EXCLUDED.rated_by, updated_at = EXCLUDED.updated_at
       RETURNING ${RATING_COLUMNS}`,
      [r.streetCode, r.departmentCode, r.period, r.score, r.comment, r.userId, now],
    );
    return rows[0];
  }

  /** A street's ratings, newest period first; one period when given. */
  ratings(tx: Tx, streetCode: string, period?: string): Promise<RatingRow[]> {
    return tx.query(
      `SELECT ${RATING_COLUMNS} FROM dispatched_unit_rating
        WHERE street_code = $1 AND ($2::text IS NULL OR period = $2) ORDER BY period DESC, department_code`,
      [streetCode, period ?? null],
    );
  }
}
