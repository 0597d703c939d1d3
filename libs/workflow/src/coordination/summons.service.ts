import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type {
  SummonsBody,
  SummonsCloseBody,
  SummonsDetail,
  SummonsListParams,
  SummonsPage,
  SummonsRateBody,
  SummonsRespondBody,
  SummonsView,
} from '@app/contract';
import {
  checkClose,
  checkRate,
  checkRespond,
  DomainError,
  isUuid,
  newId,
  type Clock,
  type ErrorDetail,
  validationError,
} from '@app/domain';
import {
  AssignmentRepository,
  AuditRepository,
  DeadlineRepository,
  pageOf,
  SummonsRepository,
  transaction,
  type LockedSummons,
  type Tx,
} from '@app/persistence';
import { actorEvent, scopeOf, type Actor } from '../actor';
import { DeadlineService } from '../deadlines/deadline.service';
import { NotifyService } from '../notifications/notify.service';
import { parseCursor } from '../pagination';
import { CLOCK } from '../tokens';

/**
 * Summons (吹哨报到, DESIGN.md "Coordination"): a street calls departments to report within a
 * time limit. Every change is one transaction: the rows, the report-by deadlines with their
 * escalation ladder, the audit event on the summons' chain, the notifications and their webhooks.
 * The summons row is locked first by every change, which orders its audit chain.
 */
@Injectable()
export class SummonsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly summons: SummonsRepository,
    private readonly assignments: AssignmentRepository,
    private readonly deadlineRows: DeadlineRepository,
    private readonly deadlines: DeadlineService,
    private readonly audit: AuditRepository,
    private readonly notifyService: NotifyService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The street blows the whistle: the summons, a pending response and a report-by deadline per department. */
  async create(actor: Actor, body: SummonsBody): Promise<SummonsView> {
    const id = newId();
    await transaction(this.dataSource, async (tx) => {
      await this.check(tx, actor, body);
      const now = this.clock.now();
      const reportByAt = await this.deadlines.dueFor('summons', now, body.urgent);
      const responses = await this.summons.insert(
        tx,
        {
          id,
          streetCode: actor.orgCode,
          assignmentId: body.assignmentId ?? null,
          subject: body.subject,
          place: body.place,
          description: body.description,
          urgent: body.urgent,
          createdBy: actor.userId,
        },
        body.departmentCodes,
        reportByAt,
      );
      await this.deadlines.openForSubjects(
        tx,
        responses.map((r) => ({
          summonsResponseId: r.id,
          kind: 'summons' as const,
          ownerOrg: r.departmentCode,
          startsAt: now,
          dueAt: reportByAt,
        })),
      );
      await this.event(
        tx,
        actor,
        id,
        'summons.create',
        null,
        'open',
        {
          departmentCodes: body.departmentCodes,
          urgent: body.urgent,
          assignmentId: body.assignmentId ?? null,
          reportByAt: reportByAt.toISOString(),
        },
        true,
      );
      await this.notifyService.notify(
        tx,
        body.departmentCodes.map((code) => ({
          orgCode: code,
          kind: 'summons.created',
          assignmentId: body.assignmentId ?? null,
          payload: {
            summonsId: id,
            streetCode: actor.orgCode,
            subject: body.subject,
            urgent: body.urgent,
            reportByAt: reportByAt.toISOString(),
          },
        })),
      );
    });
    return (await this.summons.find(this.dataSource.manager, id, scopeOf(actor)))!;
  }

  /** Every bad department code and a foreign assignment, all at once (400, nothing written). */
  private async check(tx: Tx, actor: Actor, body: SummonsBody): Promise<void> {
    const kinds = new Map(
      (await this.summons.orgKinds(tx, body.departmentCodes)).map((o) => [o.code, o.kind]),
    );
    const bad: ErrorDetail[] = [];
    body.departmentCodes.forEach((code, i) => {
      const kind = kinds.get(code);
      if (kind === undefined) bad.push({ field: `departmentCodes[${i}]`, reason: 'unknown_department' });
      else if (kind !== 'department')
        bad.push({ field: `departmentCodes[${i}]`, reason: 'not_a_department' });
    });
    if (
      body.assignmentId !== undefined &&
      !(await this.assignments.find(tx, body.assignmentId, { kind: 'street', orgCode: actor.orgCode }))
    )
      bad.push({ field: 'assignmentId', reason: 'unknown_assignment' });
    if (bad.length) throw validationError(bad);
  }

  /** A summoned department answers once: 报到 (who came, when, what it will do) or a decline. */
  async respond(actor: Actor, id: string, body: SummonsRespondBody): Promise<SummonsDetail> {
    if (body.state === 'reported' && !body.reporter)
      throw validationError([{ field: 'reporter', reason: 'arrived_required' }]);
    const now = this.clock.now();
    if (body.arrivedAt && Date.parse(body.arrivedAt) > now.getTime())
      throw validationError([{ field: 'arrivedAt', reason: 'not_in_future' }]);
    await this.locked(actor, id, async (tx, s) => {
      const own = await this.summons.responseOf(tx, s.id, actor.orgCode);
      if (!own) throw new DomainError('NOT_FOUND');
      checkRespond(s.state, own.state);
      const answered = await this.summons.respond(tx, s.id, actor.orgCode, {
        state: body.state,
        note: body.note,
        reporter: body.state === 'reported' ? body.reporter! : null,
        arrivedAt: body.state === 'reported' ? (body.arrivedAt ? new Date(body.arrivedAt) : now) : null,
        by: actor.userId,
        at: now,
      });
      if (!answered) throw new DomainError('STATE_CONFLICT', [{ reason: 'already_responded' }]);
      // Meeting the deadline is answering at all, reported or declined, late or not.
      await this.deadlines.closeForSubjects(
        tx,
        'summons_response_id',
        [answered.id],
        ['summons'],
        'met',
        now,
      );
      await this.event(
        tx,
        actor,
        s.id,
        `summons.${body.state === 'reported' ? 'report' : 'decline'}`,
        null,
        null,
        {
          departmentCode: actor.orgCode,
          state: body.state,
          note: body.note,
          reporter: body.reporter ?? null,
          onTime: now.getTime() <= new Date(answered.reportByAt).getTime(),
        },
      );
      await this.notifyService.notify(tx, [
        {
          orgCode: s.streetCode,
          kind: `summons.${body.state}`,
          assignmentId: s.assignmentId,
          payload: { summonsId: s.id, departmentCode: actor.orgCode, subject: s.subject },
        },
      ]);
    });
    return this.get(actor, id);
  }

  /** The street closes the summons with its result; answers still pending are no longer awaited. */
  async close(actor: Actor, id: string, body: SummonsCloseBody): Promise<SummonsDetail> {
    await this.locked(actor, id, async (tx, s) => {
      checkClose(s.state);
      const now = this.clock.now();
      const pending = await this.summons.close(tx, s.id, body.result, actor.userId, now);
      await this.deadlines.closeForSubjects(
        tx,
        'summons_response_id',
        pending,
        ['summons'],
        'cancelled',
        now,
      );
      await this.event(tx, actor, s.id, 'summons.close', 'open', 'closed', { result: body.result });
      const departments = (await this.summons.find(tx, s.id, { kind: 'all' }))!.responses.map(
        (r) => r.departmentCode,
      );
      await this.notifyService.notify(
        tx,
        departments.map((code) => ({
          orgCode: code,
          kind: 'summons.closed',
          assignmentId: s.assignmentId,
          payload: { summonsId: s.id, streetCode: s.streetCode, subject: s.subject },
        })),
      );
    });
    return this.get(actor, id);
  }

  /** The street rates a department that answered, once (1–5, comment). */
  async rate(actor: Actor, id: string, body: SummonsRateBody): Promise<SummonsDetail> {
    await this.locked(actor, id, async (tx, s) => {
      const response = await this.summons.responseOf(tx, s.id, body.departmentCode);
      if (!response) throw validationError([{ field: 'departmentCode', reason: 'not_summoned' }]);
      // A second rating is refused by the primary key, so two at once cannot both land.
      checkRate(response.state, false);
      await this.summons.rate(tx, {
        summonsId: s.id,
        departmentCode: body.departmentCode,
        score: body.score,
        comment: body.comment ?? null,
        by: actor.userId,
      });
      await this.event(tx, actor, s.id, 'summons.rate', null, null, {
        departmentCode: body.departmentCode,
        score: body.score,
        comment: body.comment ?? null,
      });
      await this.notifyService.notify(tx, [
        {
          orgCode: body.departmentCode,
          kind: 'summons.rated',
          assignmentId: s.assignmentId,
          payload: { summonsId: s.id, streetCode: s.streetCode, score: body.score },
        },
      ]);
    });
    return this.get(actor, id);
  }

  async list(actor: Actor, q: SummonsListParams & { limit: number }): Promise<SummonsPage> {
    const rows = await this.summons.list(this.dataSource.manager, scopeOf(actor), {
      state: q.state,
      role: q.role,
      declined: q.declined,
      cursor: parseCursor(q.cursor),
      limit: q.limit,
    });
    return pageOf(rows, q.limit);
  }

  /** A summons with each response's deadline and the timeline; 404 when not the caller's to see. */
  async get(actor: Actor, id: string): Promise<SummonsDetail> {
    const tx = this.dataSource.manager;
    const scope = scopeOf(actor);
    const view = isUuid(id) ? await this.summons.find(tx, id, scope) : null;
    if (!view) throw new DomainError('NOT_FOUND');
    const [deadlines, timeline] = await Promise.all([
      this.deadlineRows.ofSummons(tx, id, scope.kind === 'department' ? scope.orgCode : null),
      this.audit.list(tx, 'summons', id),
    ]);
    // A department reads the summons and its own answer, not what other departments said.
    const visible =
      scope.kind === 'department'
        ? timeline.filter((e) => [undefined, scope.orgCode].includes(e.payload.departmentCode as string))
        : timeline;
    return { ...view, deadlines, timeline: visible };
  }

  /** Runs a change on a summons the actor may see, locked (else 404). */
  private async locked(actor: Actor, id: string, work: (tx: Tx, s: LockedSummons) => Promise<void>) {
    if (!isUuid(id)) throw new DomainError('NOT_FOUND');
    await transaction(this.dataSource, async (tx) => {
      const s = await this.summons.lock(tx, id, scopeOf(actor));
      if (!s) throw new DomainError('NOT_FOUND');
      await work(tx, s);
    });
  }

  private event(
    tx: Tx,
    actor: Actor,
    id: string,
    action: string,
    fromState: string | null,
    toState: string | null,
    payload: Record<string, unknown>,
    isNew = false,
  ): Promise<void> {
    return this.audit.append(tx, [actorEvent(actor, 'summons', id, action, fromState, toState, payload)], {
      newAggregates: isNew,
    });
  }
}
