import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  dateTimeProblem,
  DomainError,
  enforcementSubjectProblem,
  instantInWindow,
  newId,
  parseIsoDateTime,
  type Clock,
  type ErrorDetail,
  validationError,
} from '@app/domain';
import {
  AssignmentRepository,
  AuditRepository,
  canonicalJson,
  IdempotencyRepository,
  ListRepository,
  OrganisationRepository,
  OutboxRepository,
  TaskRepository,
  type Tx,
} from '@app/persistence';
import { jobMessage } from '@app/queue';
import type { Actor } from '../actor';
import { ListsService } from '../lists/lists.service';
import { CalendarService } from '../calendar/calendar.service';
import { CLOCK } from '../tokens';
import { normaliseSubmitCommand, type SubmitTaskCommand, type SubmittedTask } from './submit-task';

/**
 * Submission: checks what the structure could not (codes, the list in force, deadlines), then in
 * one transaction writes the task, one assignment per street, their audit events and the routing
 * job to the outbox. Routing itself happens later, in the worker.
 */
@Injectable()
export class SubmitTaskService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tasks: TaskRepository,
    private readonly assignments: AssignmentRepository,
    private readonly idempotency: IdempotencyRepository,
    private readonly orgs: OrganisationRepository,
    private readonly lists: ListRepository,
    private readonly listsService: ListsService,
    private readonly outbox: OutboxRepository,
    private readonly audit: AuditRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly calendars: CalendarService,
  ) {}

  async submit(
    actor: Actor,
    cmd: SubmitTaskCommand,
    idempotencyKey?: string,
  ): Promise<{ created: boolean; task: SubmittedTask }> {
    if (!actor.roles.includes('department') || actor.orgKind === 'street') throw new DomainError('FORBIDDEN');
    // The normalised command, not the body as sent: a replay that spells out a default (or sends
    // null for an optional field, or lists the streets in another order) is the same request.
    const norm = normaliseSubmitCommand(cmd);
    const requestHash = createHash('sha256').update(canonicalJson(norm)).digest('hex');
    if (idempotencyKey) {
      // A replay answers with the original task even when the request would no longer pass the
      // checks (its dueAt has passed, the list in force changed): a retry must not turn into a 400.
      const seen = await this.idempotency.find(this.dataSource.manager, actor.orgCode, idempotencyKey);
      if (seen && seen.requestHash !== requestHash) throw new DomainError('IDEMPOTENCY_CONFLICT');
      if (seen) return { created: false, task: await this.summary(this.dataSource.manager, seen.taskId) };
    }
    const now = this.clock.now();
    const { bad, streets, listVersionId, dueAt } = await this.check(cmd, now);
    if (bad.length) throw validationError(bad);

    return this.dataSource.transaction(async (tx) => {
      const taskId = newId();
      if (idempotencyKey) {
        const claim = await this.idempotency.claim(tx, actor.orgCode, idempotencyKey, requestHash, taskId);
        if (!claim.claimed) {
          if (claim.requestHash !== requestHash) throw new DomainError('IDEMPOTENCY_CONFLICT');
          return { created: false, task: await this.summary(tx, claim.taskId) };
        }
      }
      const assignments = streets.map((streetCode) => ({ id: newId(), streetCode }));
      await this.tasks.insertTask(tx, {
        id: taskId,
        submitterCode: actor.orgCode,
        createdBy: actor.userId,
        title: norm.title,
        description: norm.description,
        matterCode: norm.matterCode,
        actionType: norm.actionType,
        enforcementSubject: norm.enforcementSubject,
        resources: norm.resources,
        temporary: norm.temporary,
        deadlineWorkingDays: norm.deadlineWorkingDays,
        dueAt,
        urgent: norm.urgent,
        demands: norm.demands,
        legalBasis: norm.legalBasis,
        listVersionId,
      });
      await this.assignments.insertForTask(tx, taskId, assignments, dueAt);
      const actorFields = { actorId: actor.userId, actorOrg: actor.orgCode };
      await this.audit.append(
        tx,
        [
          {
            aggregateType: 'task',
            aggregateId: taskId,
            action: 'submitted',
            ...actorFields,
            fromState: null,
            toState: 'submitted',
            payload: {
              title: norm.title,
              matterCode: norm.matterCode,
              streets: streets.length,
              listVersionId,
            },
          },
          ...assignments.map((a) => ({
            aggregateType: 'assignment' as const,
            aggregateId: a.id,
            action: 'created',
            ...actorFields,
            fromState: null,
            toState: 'pending_routing',
            payload: { taskId, streetCode: a.streetCode },
          })),
        ],
        { newAggregates: true },
      );
      await this.outbox.add(tx, [jobMessage('route-task', { taskId, round: 1 })]);
      return {
        created: true,
        task: {
          id: taskId,
          assignments: assignments.map((a) => ({ ...a, state: 'pending_routing' as const })),
        },
      };
    });
  }

  /**
   * The semantic problems of a command whose structure is partly bad: `skip` names the top-level
   * fields that already failed structural validation, which are neither read nor blamed again.
   * The HTTP layer merges both, so one 400 names every bad field.
   */
  async problems(cmd: Partial<SubmitTaskCommand>, skip: ReadonlySet<string>): Promise<ErrorDetail[]> {
    return (await this.check(cmd, this.clock.now(), skip)).bad;
  }

  /** Every semantic problem at once, each naming its field. */
  private async check(
    cmd: Partial<SubmitTaskCommand>,
    now: Date,
    skip: ReadonlySet<string> = new Set(),
  ): Promise<{ bad: ErrorDetail[]; streets: string[]; listVersionId: string; dueAt: Date }> {
    const bad: ErrorDetail[] = [];
    const orgs = await this.orgs.list(this.dataSource.manager, 'street');
    const streetSet = new Set(orgs.map((o) => o.code));
    const byDistrict = new Map<string, string[]>();
    for (const o of orgs)
      byDistrict.set(o.districtCode!, [...(byDistrict.get(o.districtCode!) ?? []), o.code]);

    const streets = new Set<string>();
    const ok = (...fields: (keyof SubmitTaskCommand)[]) => fields.every((f) => !skip.has(f));
    if (ok('streetCodes'))
      (cmd.streetCodes ?? []).forEach((c, i) =>
        streetSet.has(c)
          ? streets.add(c)
          : bad.push({ field: `streetCodes[${i}]`, reason: 'unknown_street' }),
      );
    if (ok('districtCodes'))
      (cmd.districtCodes ?? []).forEach((c, i) => {
        const inDistrict = byDistrict.get(c);
        if (inDistrict) inDistrict.forEach((s) => streets.add(s));
        else bad.push({ field: `districtCodes[${i}]`, reason: 'unknown_district' });
      });
    if (ok('streetCodes', 'districtCodes') && !cmd.streetCodes?.length && !cmd.districtCodes?.length)
      bad.push({ field: 'streetCodes', reason: 'streets_required' });

    const list = await this.listsService.inForce();
    if (!list) bad.push({ field: 'matterCode', reason: 'no_list_in_force' });
    else if (
      ok('matterCode') &&
      cmd.matterCode &&
      !(await this.lists.matterExists(this.dataSource.manager, list.id, cmd.matterCode))
    )
      bad.push({ field: 'matterCode', reason: 'unknown_matter', params: { version: list.version } });

    if (ok('actionType', 'enforcementSubject')) {
      const problem = enforcementSubjectProblem(cmd.actionType, cmd.enforcementSubject);
      if (problem) bad.push(problem);
    }

    let dueAt: Date | null = null;
    const window = this.calendars.window;
    const hasDays = cmd.deadlineWorkingDays !== undefined && cmd.deadlineWorkingDays !== null;
    const hasDueAt = cmd.dueAt !== undefined && cmd.dueAt !== null;
    if (ok('deadlineWorkingDays', 'dueAt')) {
      if (hasDays === hasDueAt) bad.push({ field: 'deadlineWorkingDays', reason: 'deadline_required' });
      else if (hasDays) {
        dueAt = (await this.calendars.current()).addWorkingDays(now, cmd.deadlineWorkingDays!);
        if (!instantInWindow(dueAt, window))
          bad.push({ field: 'deadlineWorkingDays', reason: 'due_beyond_window', params: { ...window } });
      } else {
        // The API checked it already (IsBoundedDateTime); other callers get the same check here.
        const problem = dateTimeProblem(cmd.dueAt, window);
        dueAt = parseIsoDateTime(cmd.dueAt);
        if (problem || !dueAt)
          bad.push({ field: 'dueAt', reason: problem ?? 'bad_date_time', params: { ...window } });
        else if (!(dueAt.getTime() > now.getTime())) bad.push({ field: 'dueAt', reason: 'deadline_in_past' });
      }
    }

    return { bad, streets: [...streets].sort(), listVersionId: list?.id ?? '', dueAt: dueAt! };
  }

  private async summary(tx: Tx, taskId: string): Promise<SubmittedTask> {
    const assignments = await this.assignments.ofTask(tx, taskId, { kind: 'all' });
    return {
      id: taskId,
      assignments: assignments.map((a) => ({ id: a.id, streetCode: a.streetCode, state: a.state })),
    };
  }
}
