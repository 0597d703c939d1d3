import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Assessment, AssessmentAccepted, AssessmentTrend, Scorecard, TrendParams } from '@app/contract';
import {
  competitionRanks,
  count,
  DomainError,
  METRICS_OF,
  parsePeriod,
  periodNotBegun,
  ratio,
  scoreCard,
  validationError,
  type AssessmentSettings,
  type Clock,
  type Period,
  type ScorecardKind,
} from '@app/domain';
import {
  AssessmentRepository,
  departmentFacts,
  OutboxRepository,
  streetFacts,
  type AssessmentRow,
  type NewScorecard,
  type ScorecardRow,
} from '@app/persistence';
import { jobMessage } from '@app/queue';
import { scopeOf, type Actor } from '../actor';
import { exportTable, type ExportedFile, type ExportFormat } from '../export/table-export';
import { CLOCK } from '../tokens';
import { loadAssessmentSettings } from './assessment-settings';
import { scorecardTable } from './scorecard-export';

/** A period from the API: well-formed (400 otherwise) and begun (422 PERIOD_NOT_BEGUN otherwise). */
export function begunPeriod(value: string, now: Date, field = 'period'): Period {
  const p = parsePeriod(value);
  if (!p) throw validationError([{ field, reason: 'bad_period' }]);
  if (periodNotBegun(p, now)) throw new DomainError('PERIOD_NOT_BEGUN');
  return p;
}

/** A well-formed period (400 otherwise); for reads, where a period not begun is simply not found. */
function wellFormed(value: string): Period {
  const p = parsePeriod(value);
  if (!p) throw validationError([{ field: 'period', reason: 'bad_period' }]);
  return p;
}

/**
 * Assessments (考核): requested by a supervisor, computed by the worker from PostgreSQL facts,
 * published (then frozen). Supervisors, reviewers and admins see every scorecard at every state;
 * a street or department sees its own scorecard once its period is published, and nothing else.
 */
@Injectable()
export class AssessmentService {
  private readonly log = new Logger(AssessmentService.name);
  private readonly settings: AssessmentSettings = loadAssessmentSettings();

  constructor(
    private readonly dataSource: DataSource,
    private readonly assessments: AssessmentRepository,
    private readonly outbox: OutboxRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Starts (or restarts) the computation of a period; the worker's job does it. */
  request(actor: Actor, periodText: string): Promise<AssessmentAccepted> {
    const period = begunPeriod(periodText, this.clock.now());
    return this.dataSource.transaction(async (tx) => {
      const run = await this.assessments.request(tx, period.code, this.settings, actor.userId);
      await this.outbox.add(tx, [jobMessage('compute-assessment', { period: period.code, run })]);
      return { period: period.code, state: 'computing' as const };
    });
  }

  /**
   * The worker's computation of run `run`: the facts of every street and every department in two
   * set-based statements, then metrics, scores and ranks, stored in the same transaction that
   * holds the assessment row (a publication waits for it). A superseded or finished run does nothing.
   */
  async compute(periodText: string, run: number): Promise<void> {
    const period = parsePeriod(periodText);
    if (!period) return;
    const started = Date.now();
    await this.dataSource.transaction(async (tx) => {
      const a = await this.assessments.lockRun(tx, period.code, run);
      if (!a) return;
      const asOf = this.clock.now();
      const settings: AssessmentSettings = { weights: a.weights, caps: a.caps };
      const streets = await streetFacts(tx, period.start, period.end, asOf);
      const departments = await departmentFacts(tx, period.start, period.end, asOf, [
        period.code,
        ...(period.kind === 'quarter' ? period.months : []),
      ]);
      const cards = [
        ...ranked(
          'street',
          streets.map((f) => ({
            orgCode: f.orgCode,
            ...scoreCard(
              'street',
              {
                signOnTimeRate: ratio(f.signMet, f.signDue),
                completionOnTimeRate: ratio(f.completionMet, f.completionDue),
                overdueCount: count(f.overdue),
                supervisedCount: count(f.supervised),
                satisfaction: ratio(f.ratingSum, f.ratings),
                workloadPerPost: ratio(f.workload, f.authorisedPosts),
              },
              settings,
            ),
          })),
        ),
        ...ranked(
          'department',
          departments.map((f) => ({
            orgCode: f.orgCode,
            ...scoreCard(
              'department',
              {
                pushedDown: count(f.pushedDown),
                violationRate: ratio(f.violations, f.considered),
                summonsOnTimeRate: ratio(f.summonsOnTime, f.summonsDue),
                streetRating: ratio(f.ratingSum, f.ratings),
                disputesLost: count(f.disputesLost),
              },
              settings,
            ),
          })),
        ),
      ];
      await this.assessments.complete(tx, period.code, asOf, cards);
      this.log.log(
        `assessment ${period.code} run ${run}: ${cards.length} scorecards in ${Date.now() - started} ms`,
      );
    });
  }

  /** Publishes a ready assessment: from now on it never changes. */
  async publish(actor: Actor, periodText: string): Promise<Assessment> {
    const period = wellFormed(periodText);
    const row = await this.dataSource.transaction((tx) =>
      this.assessments.publish(tx, period.code, actor.userId),
    );
    return view(period, row);
  }

  /** One assessment; to a street or department only once published. */
  async get(actor: Actor, periodText: string): Promise<Assessment> {
    const period = wellFormed(periodText);
    const row = await this.assessments.find(this.dataSource.manager, period.code);
    if (!row || (scopeOf(actor).kind !== 'all' && row.state !== 'published'))
      throw new DomainError('NOT_FOUND');
    return view(period, row);
  }

  /** Every assessment the actor may see, newest request first. */
  async list(actor: Actor): Promise<Assessment[]> {
    const rows = await this.assessments.list(this.dataSource.manager, scopeOf(actor).kind !== 'all');
    return rows.map((r) => view(parsePeriod(r.period)!, r));
  }

  /** A period's scorecards; a street or department gets its own only, once published. */
  async scorecards(actor: Actor, periodText: string, kind?: ScorecardKind): Promise<Scorecard[]> {
    const period = wellFormed(periodText);
    const scope = scopeOf(actor);
    await this.get(actor, period.code);
    const rows = await this.assessments.scorecards(this.dataSource.manager, period.code, {
      kind,
      orgCode: scope.kind === 'all' ? undefined : scope.orgCode,
    });
    return rows.map(scorecardView);
  }

  /** The scorecards as XLSX or CSV (every text cell neutralised). */
  async export(
    actor: Actor,
    periodText: string,
    format: ExportFormat,
    kind?: ScorecardKind,
  ): Promise<ExportedFile> {
    const cards = await this.scorecards(actor, periodText, kind);
    return exportTable(scorecardTable(periodText, cards), format);
  }

  /** A metric (or `score`) across the computed periods; a street or department: its own, published periods only. */
  async trend(actor: Actor, q: TrendParams): Promise<AssessmentTrend> {
    const scope = scopeOf(actor);
    const orgCode = scope.kind === 'all' ? q.orgCode : scope.orgCode;
    if (scope.kind !== 'all' && q.orgCode !== undefined && q.orgCode !== scope.orgCode)
      throw new DomainError('NOT_FOUND');
    const kind = kindOfMetric(q.metric) ?? q.kind ?? (scope.kind === 'all' ? undefined : scope.kind);
    if (!kind) throw validationError([{ field: 'kind', reason: 'isDefined' }]);
    const rows = await this.assessments.trend(this.dataSource.manager, {
      kind,
      metric: q.metric,
      orgCode,
      publishedOnly: scope.kind !== 'all',
    });
    const series = new Map<string, AssessmentTrend['series'][number]>();
    for (const r of rows) {
      const p = parsePeriod(r.period)!;
      if (q.periodKind && p.kind !== q.periodKind) continue;
      if (!series.has(r.orgCode)) series.set(r.orgCode, { orgCode: r.orgCode, points: [] });
      series.get(r.orgCode)!.points.push({ period: r.period, state: r.state, value: r.value });
    }
    for (const s of series.values())
      s.points.sort((x, y) => {
        const a = parsePeriod(x.period)!;
        const b = parsePeriod(y.period)!;
        return a.start.getTime() - b.start.getTime() || a.end.getTime() - b.end.getTime();
      });
    return { metric: q.metric, kind, series: [...series.values()] };
  }
}

/** The kind whose metric it is; undefined for `score` (both kinds have one). */
function kindOfMetric(metric: string): ScorecardKind | undefined {
  if ((METRICS_OF.street as readonly string[]).includes(metric)) return 'street';
  if ((METRICS_OF.department as readonly string[]).includes(metric)) return 'department';
  return undefined;
}

/** Scorecards of one kind with their competition ranks. */
function ranked(
  kind: ScorecardKind,
  cards: { orgCode: string; metrics: NewScorecard['metrics']; score: number | null }[],
): NewScorecard[] {
  const ranks = competitionRanks(cards.map((c) => c.score));
  return cards.map((c, i) => ({ kind, ...c, rank: ranks[i] }));
}

function view(period: Period, a: AssessmentRow): Assessment {
  return {
    period: a.period,
    periodKind: period.kind,
    start: period.start.toISOString(),
    end: period.end.toISOString(),
    state: a.state,
    weights: a.weights,
    caps: a.caps,
    requestedAt: a.requestedAt,
    computedAt: a.computedAt,
    publishedAt: a.publishedAt,
  };
}

function scorecardView(s: ScorecardRow): Scorecard {
  // Metrics in the kind's documented order, whatever order jsonb keeps its keys in.
  const metrics = Object.fromEntries(METRICS_OF[s.kind].map((m) => [m, s.metrics[m]]));
  return { ...s, metrics };
}
