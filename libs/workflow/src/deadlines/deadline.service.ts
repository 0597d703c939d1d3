import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import {
  addDuration,
  parseDuration,
  planLadder,
  type Clock,
  type DeadlineKind,
  type LadderConfig,
} from '@app/domain';
import {
  DeadlineRepository,
  OutboxRepository,
  type DeadlineRow,
  type DeadlineSpec,
  type DeadlineSubject,
  type SubjectDeadlineSpec,
  type Tx,
} from '@app/persistence';
import { jobMessage } from '@app/queue';
import { CalendarService } from '../calendar/calendar.service';
import { CLOCK } from '../tokens';

/**
 * Opens, pauses, resumes, moves and closes deadlines inside the caller's transaction, plans
 * their escalation steps, and arms a wake-up for every step due within the horizon (later ones
 * are armed by the sweep). Wake-ups are per second-bucket, so many steps share one job.
 */
@Injectable()
export class DeadlineService {
  private readonly ladder: LadderConfig;

  constructor(
    private readonly deadlines: DeadlineRepository,
    private readonly outbox: OutboxRepository,
    private readonly calendars: CalendarService,
    private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.ladder = {
      remindAt: config.ESCALATION_REMIND_AT,
      superviseAfter: parseDuration(config.ESCALATION_SUPERVISE_AFTER),
      noticeAfter: parseDuration(config.ESCALATION_NOTICE_AFTER),
    };
  }

  /** When a window of the given kind that starts now ends. Completion windows come from the task. */
  async dueFor(kind: Exclude<DeadlineKind, 'completion'>, from: Date, urgent = false): Promise<Date> {
    const spec = {
      signoff: urgent ? this.config.DEADLINE_SIGNOFF_URGENT : this.config.DEADLINE_SIGNOFF,
      review: this.config.DEADLINE_REVIEW,
      arbitration: this.config.DEADLINE_ARBITRATION,
      summons: urgent ? this.config.DEADLINE_SUMMONS_URGENT : this.config.DEADLINE_SUMMONS,
      joint_confirm: this.config.DEADLINE_JOINT_CONFIRM,
      joint_outcome: this.config.DEADLINE_JOINT_OUTCOME,
    }[kind];
    return addDuration(await this.calendars.current(), from, parseDuration(spec));
  }

  async open(tx: Tx, specs: DeadlineSpec[]): Promise<DeadlineRow[]> {
    const rows = await this.deadlines.open(tx, specs);
    await this.plan(
      tx,
      rows,
      rows.filter((r) => r.renewed).map((r) => r.id),
    );
    return rows;
  }

  /** Opens the deadlines of summons responses and joint actions, with their ladders. */
  async openForSubjects(tx: Tx, specs: SubjectDeadlineSpec[]): Promise<DeadlineRow[]> {
    const rows = await this.deadlines.openForSubjects(tx, specs);
    await this.plan(tx, rows);
    return rows;
  }

  closeForSubjects(
    tx: Tx,
    subject: DeadlineSubject,
    ids: string[],
    kinds: DeadlineKind[],
    state: 'met' | 'cancelled',
    at: Date,
  ): Promise<DeadlineRow[]> {
    return this.deadlines.closeForSubjects(tx, subject, ids, kinds, state, at);
  }

  close(
    tx: Tx,
    assignmentId: string,
    kinds: DeadlineKind[],
    state: 'met' | 'cancelled',
    at: Date,
  ): Promise<DeadlineRow[]> {
    return this.deadlines.close(tx, assignmentId, kinds, state, at);
  }

  pause(tx: Tx, assignmentId: string, kind: DeadlineKind, at: Date): Promise<DeadlineRow | null> {
    return this.deadlines.pause(tx, assignmentId, kind, at);
  }

  /** Restarts a paused clock with its remaining time, and re-plans the steps that have not fired. */
  async resume(tx: Tx, assignmentId: string, kind: DeadlineKind, at: Date): Promise<DeadlineRow | null> {
    const row = await this.deadlines.resume(tx, assignmentId, kind, at);
    if (row) await this.plan(tx, [row]);
    return row;
  }

  async move(tx: Tx, assignmentId: string, kind: DeadlineKind, dueAt: Date): Promise<DeadlineRow | null> {
    const row = await this.deadlines.move(tx, assignmentId, kind, dueAt);
    if (row) await this.plan(tx, [row]);
    return row;
  }

  private async plan(tx: Tx, rows: DeadlineRow[], renewed: string[] = []): Promise<void> {
    if (rows.length === 0) return;
    const calendar = await this.calendars.current();
    const plans = rows.map((r) => ({
      deadlineId: r.id,
      steps: planLadder(new Date(r.startsAt), new Date(r.dueAt), this.ladder, calendar),
    }));
    await this.deadlines.planSteps(tx, plans, renewed);
    const horizon = this.clock.now().getTime() + this.config.ESCALATION_HORIZON_MS;
    const buckets = new Set<number>();
    for (const p of plans)
      for (const s of p.steps) if (s.fireAt.getTime() <= horizon) buckets.add(bucketOf(s.fireAt));
    await this.outbox.add(
      tx,
      [...buckets].map((b) => wakeUp(b)),
    );
  }
}

/** The second a step's wake-up is due: rounded up, so the job never runs before the step is due. */
export const bucketOf = (at: Date): number => Math.ceil(at.getTime() / 1000);

export const wakeUp = (bucket: number) => jobMessage('fire-due-steps', { bucket }, new Date(bucket * 1000));
