import { Injectable } from '@nestjs/common';
import { validationError, type AssignmentCommands } from '@app/domain';
import { CaseRepository, ListRepository } from '@app/persistence';
import type { Actor } from '../actor';
import { CalendarService } from '../calendar/calendar.service';
import { DeadlineService } from '../deadlines/deadline.service';
import { NotifyService } from '../notifications/notify.service';
import { eachItem, type BatchOutcome } from './batch';
import { extendedDue } from './extension-due';
import { TransitionRunner } from './transition-runner';

/**
 * The street's desk: sign for an assignment or dispute it, report progress, complete it, ask for
 * more time. Each runs through the transition runner; what is here is only the side effects.
 */
@Injectable()
export class StreetDeskService {
  constructor(
    private readonly runner: TransitionRunner,
    private readonly lists: ListRepository,
    private readonly cases: CaseRepository,
    private readonly deadlines: DeadlineService,
    private readonly calendars: CalendarService,
    private readonly notifyService: NotifyService,
  ) {}

  /** Signing stops the sign-for clock and starts the completion clock. */
  sign(actor: Actor, id: string, d: AssignmentCommands['sign']) {
    return this.runner.run(actor, id, 'sign', d, async (tx, a, { now }) => {
      await this.deadlines.close(tx, a.id, ['signoff'], 'met', now);
      await this.deadlines.open(tx, [
        { assignmentId: a.id, kind: 'completion', ownerOrg: a.streetCode, startsAt: now, dueAt: a.dueAt },
      ]);
      return { notify: [this.runner.note(a.submitterCode, 'assignment.signed', a)] };
    });
  }

  /** Signs for several assignments, each on its own (batch.ts): per-item outcomes, in order. */
  signMany(actor: Actor, items: { id: string; version: number }[]): Promise<BatchOutcome[]> {
    return eachItem(
      items.map((i) => i.id),
      (i) => `items[${i}].id`,
      (id, i) => this.sign(actor, id, { version: items[i].version }),
    );
  }

  /** A dispute opens a case for the reviewer, pauses the sign-for clock and starts arbitration's. */
  dispute(actor: Actor, id: string, d: AssignmentCommands['dispute']) {
    return this.runner.run(actor, id, 'dispute', d, async (tx, a, { now }) => {
      if (d.citedMatterCode && !(await this.lists.matterExists(tx, a.listVersionId, d.citedMatterCode)))
        throw validationError([{ field: 'citedMatterCode', reason: 'unknown_matter_in_version' }]);
      const reviewer = await this.notifyService.reviewerOrg(tx);
      const dispute = await this.cases.openDispute(tx, {
        assignmentId: a.id,
        streetCode: a.streetCode,
        departmentCode: a.submitterCode,
        reasonCode: d.reasonCode,
        citedMatterCode: d.citedMatterCode ?? null,
        reason: d.reason,
      });
      // The sign-for clock stops while the reviewer arbitrates, keeping the time that was left.
      await this.deadlines.pause(tx, a.id, 'signoff', now);
      const due = await this.deadlines.dueFor('arbitration', now);
      await this.deadlines.open(tx, [
        { assignmentId: a.id, kind: 'arbitration', ownerOrg: reviewer, startsAt: now, dueAt: due },
      ]);
      return {
        payload: {
          disputeId: dispute.id,
          reasonCode: d.reasonCode,
          citedMatterCode: d.citedMatterCode ?? null,
          reason: d.reason,
        },
        notify: [
          this.runner.note(reviewer, 'dispute.opened', a, { disputeId: dispute.id }),
          this.runner.note(a.submitterCode, 'dispute.opened', a, { disputeId: dispute.id }),
        ],
      };
    });
  }

  /** A progress note: an event and a notification, the assignment itself untouched. */
  progress(actor: Actor, id: string, d: AssignmentCommands['progress']) {
    return this.runner.run(actor, id, 'progress', d, async (_tx, a) => ({
      payload: { note: d.note },
      notify: [this.runner.note(a.submitterCode, 'assignment.progress', a, { note: d.note })],
    }));
  }

  complete(actor: Actor, id: string, d: AssignmentCommands['complete']) {
    return this.runner.run(actor, id, 'complete', d, async (tx, a, { now }) => {
      await this.deadlines.close(tx, a.id, ['completion'], 'met', now);
      return {
        patch: { result: d.result },
        payload: { result: d.result },
        notify: [this.runner.note(a.submitterCode, 'assignment.completed', a)],
      };
    });
  }

  /** One pending request per assignment (a second one is STATE_CONFLICT); the department decides. */
  requestExtension(actor: Actor, id: string, d: AssignmentCommands['request_extension']) {
    return this.runner.run(actor, id, 'request_extension', d, async (tx, a) => {
      await extendedDue(this.calendars, a.dueAt, d.workingDays, 'VALIDATION_FAILED');
      // A second pending request violates uq_extension_pending_per_assignment: STATE_CONFLICT.
      const ext = await this.cases.requestExtension(tx, a.id, d.workingDays, d.reason);
      return {
        payload: { extensionId: ext.id, workingDays: d.workingDays, reason: d.reason },
        notify: [
          this.runner.note(a.submitterCode, 'extension.requested', a, {
            extensionId: ext.id,
            workingDays: d.workingDays,
          }),
        ],
      };
    });
  }
}
