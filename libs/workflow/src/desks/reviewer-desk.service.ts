import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  arbitrationDecision,
  ARBITRATION_EFFECTS,
  ASSIGNMENT_TRANSITIONS,
  ARBITRATION_RULE_ID,
  DomainError,
  REVIEW_RULE_ID,
  isUuid,
  reviewEffect,
  validationError,
  type AssignmentCommands,
} from '@app/domain';
import { CaseRepository, DecisionRepository, ListRepository, OutboxRepository } from '@app/persistence';
import { jobMessage } from '@app/queue';
import type { Actor } from '../actor';
import { DeadlineService } from '../deadlines/deadline.service';
import { eachItem, type BatchOutcome } from './batch';
import { TransitionRunner } from './transition-runner';

/**
 * The reviewer's desk (编办): the admission review of off-list assignments and the arbitration
 * of disputes. What a decision means (target state, role, outcome, the decision's reason) is the
 * domain's (`reviewEffect`, `ARBITRATION_EFFECTS`); this desk carries it out.
 */
@Injectable()
export class ReviewerDeskService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: TransitionRunner,
    private readonly decisions: DecisionRepository,
    private readonly lists: ListRepository,
    private readonly cases: CaseRepository,
    private readonly deadlines: DeadlineService,
    private readonly outbox: OutboxRepository,
  ) {}

  /**
   * The same review decision for several assignments (streets of one task), each on its own. A
   * decision that could apply to none (admitting without a role or a matter) is the request's
   * fault: 400 before any item, not a 200 of items refused one by one.
   */
  async reviewMany(actor: Actor, ids: string[], d: AssignmentCommands['review']): Promise<BatchOutcome[]> {
    const bad = ASSIGNMENT_TRANSITIONS.rules.review.check(d);
    if (bad.length) throw validationError(bad);
    return eachItem(
      ids,
      (i) => `assignmentIds[${i}]`,
      (id) => this.review(actor, id, d),
    );
  }

  /** The reviewer's admission review of an off-list assignment. */
  review(actor: Actor, id: string, d: AssignmentCommands['review']) {
    return this.runner.run(actor, id, 'review', d, async (tx, a, { now }) => {
      await this.deadlines.close(tx, a.id, ['review'], 'met', now);
      const payload = {
        decision: d.decision,
        role: d.role ?? null,
        matterCode: d.matterCode ?? null,
        note: d.note,
      };
      const effect = reviewEffect(d);
      switch (effect.kind) {
        case 'refused': {
          // The 编办's refusal becomes the current decision: the department reads its note as the reason.
          const round = a.routingRound + 1;
          await this.decisions.writeDeskDecision(tx, {
            assignmentId: a.id,
            round,
            outcome: effect.decision.outcome,
            role: null,
            ruleId: REVIEW_RULE_ID,
            listVersionId: a.listVersionId,
            inputs: { review: true },
            reason: effect.decision.reason['zh-CN'],
            reasonEn: effect.decision.reason.en,
            stripped: 'none',
          });
          return {
            patch: { role: null, routingRound: round },
            payload,
            notify: [this.runner.note(a.submitterCode, 'review.refused', a, { note: d.note })],
          };
        }
        case 'returned':
          // No decision yet: the department's resubmission routes again (a new round). The screens
          // show the 编办's note from the review event while the assignment is returned.
          return {
            payload,
            notify: [this.runner.note(a.submitterCode, 'review.returned', a, { note: d.note })],
          };
        case 'rerouted': {
          if (!(await this.lists.matterExists(tx, a.listVersionId, effect.matterCode)))
            throw validationError([{ field: 'matterCode', reason: 'unknown_matter_in_version' }]);
          // Re-routed with the matter the reviewer picked: the rule table decides the role.
          const round = a.routingRound + 1;
          await this.outbox.add(tx, [jobMessage('route-task', { taskId: a.taskId, round })]);
          return {
            patch: { routingRound: round, matterCodeOverride: effect.matterCode },
            payload,
          };
        }
        case 'admitted': {
          const round = a.routingRound + 1;
          const signDue = await this.deadlines.dueFor('signoff', now, a.urgent);
          await this.decisions.writeDeskDecision(tx, {
            assignmentId: a.id,
            round,
            outcome: effect.outcome,
            role: effect.role,
            ruleId: REVIEW_RULE_ID,
            listVersionId: a.listVersionId,
            inputs: { review: true },
            reason: effect.reason['zh-CN'],
            reasonEn: effect.reason.en,
            stripped: 'task',
          });
          await this.deadlines.open(tx, [
            { assignmentId: a.id, kind: 'signoff', ownerOrg: a.streetCode, startsAt: now, dueAt: signDue },
          ]);
          return {
            patch: { role: effect.role, routingRound: round, signDueAt: signDue },
            payload,
            notify: [
              this.runner.note(a.streetCode, 'assignment.new', a, { role: effect.role }),
              this.runner.note(a.submitterCode, 'review.admitted', a, { role: effect.role }),
            ],
          };
        }
      }
    });
  }

  /** The reviewer's ruling on a dispute; the answer is the dispute. */
  async arbitrate(actor: Actor, disputeId: string, d: AssignmentCommands['arbitrate']) {
    const dispute = isUuid(disputeId)
      ? await this.cases.findDispute(this.dataSource.manager, disputeId)
      : null;
    if (!dispute) throw new DomainError('NOT_FOUND');
    await this.runner.runOnly(actor, dispute.assignmentId, 'arbitrate', d, async (tx, a, { now }) => {
      if (!(await this.cases.decideDispute(tx, dispute.id, d.upheld, d.note, actor.userId)))
        throw new DomainError('STATE_CONFLICT');
      await this.deadlines.close(tx, a.id, ['arbitration'], 'met', now);
      const payload = { disputeId: dispute.id, upheld: d.upheld, note: d.note };
      const notify = [
        this.runner.note(a.streetCode, 'dispute.decided', a, payload),
        this.runner.note(a.submitterCode, 'dispute.decided', a, payload),
      ];
      const effect = ARBITRATION_EFFECTS[d.upheld];
      // The ruling becomes the current decision (a new round), naming the rule it confirms or overturns.
      const disputed = await this.decisions.ofRound(tx, a.id, a.routingRound);
      const ruling = arbitrationDecision(d.upheld, d.note, disputed);
      const round = a.routingRound + 1;
      await this.decisions.writeDeskDecision(tx, {
        assignmentId: a.id,
        round,
        outcome: ruling.outcome,
        role: effect.clearsRole ? null : a.role,
        ruleId: ARBITRATION_RULE_ID,
        listVersionId: a.listVersionId,
        inputs: { disputeId: dispute.id, upheld: d.upheld, disputedRuleId: disputed?.ruleId ?? null },
        reason: ruling.reason['zh-CN'],
        reasonEn: ruling.reason.en,
        stripped: effect.clearsRole ? 'none' : 'previous',
      });
      if (effect.signoffClock === 'cancel') {
        await this.deadlines.close(tx, a.id, ['signoff'], 'cancelled', now);
        return { patch: { role: null, signDueAt: null, routingRound: round }, payload, notify };
      }
      const resumed = await this.deadlines.resume(tx, a.id, 'signoff', now);
      return {
        patch: { signDueAt: resumed ? new Date(resumed.dueAt) : a.signDueAt, routingRound: round },
        payload,
        notify,
      };
    });
    return (await this.cases.findDispute(this.dataSource.manager, dispute.id))!;
  }
}
