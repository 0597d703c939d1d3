import type { Decision } from '@app/contract';
import type { AssignmentRole, Clock, Outcome } from '@app/domain';
import { withMeanings } from '../pg-errors';
import { DomainError } from '@app/domain';
import type { Tx } from '../tx';

/** A routing decision as an assignment's view shows it (libs/contract). */
export type DecisionView = Decision;

export interface DecisionToWrite {
  assignmentId: string;
  round: number;
  outcome: Outcome;
  role: AssignmentRole | null;
  ruleId: string;
  listVersionId: string;
  listVersion: string;
  inputs: Record<string, unknown>;
  reason: string;
  reasonEn: string;
  strippedDemands: string[];
}

/** One decision per assignment and routing round: a second one for the same round is a lost race. */
const ONE_PER_ROUND = { uq_decision_assignment_round: () => new DomainError('STATE_CONFLICT') };

/** Why each assignment went where it did: the rule table's decisions and the reviewer's admissions. */
export class DecisionRepository {
  constructor(private readonly clock: Clock) {}

  /** Records a routing round's decisions, all in one statement. */
  async record(tx: Tx, ds: DecisionToWrite[]): Promise<void> {
    if (ds.length === 0) return;
    const col = <K extends keyof DecisionToWrite>(k: K) => ds.map((d) => d[k]);
    await withMeanings(
      tx.query(
        `INSERT INTO decision (assignment_id, routing_round, outcome, role, rule_id, list_version_id, list_version, inputs, reason,
           reason_en, stripped_demands, decided_at)
         SELECT a, r, o, ro, ru, lv, lvn, i, re, ren, ARRAY(SELECT jsonb_array_elements_text(sd)), $12
           FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::jsonb[], $9::text[],
                       $10::text[], $11::jsonb[]) AS x(a, r, o, ro, ru, lv, lvn, i, re, ren, sd)`,
        [
          col('assignmentId'),
          col('round'),
          col('outcome'),
          col('role'),
          col('ruleId'),
          col('listVersionId'),
          col('listVersion'),
          ds.map((d) => JSON.stringify(d.inputs)),
          col('reason'),
          col('reasonEn'),
          ds.map((d) => JSON.stringify(d.strippedDemands)),
          this.clock.now(),
        ],
      ),
      ONE_PER_ROUND,
    );
  }

  /** The reviewer's admission of an off-list assignment, recorded as the decision of a new round. */
  async writeReviewDecision(
    tx: Tx,
    d: {
      assignmentId: string;
      round: number;
      outcome: Outcome;
      role: AssignmentRole;
      listVersionId: string;
      reason: string;
      reasonEn: string;
    },
  ): Promise<void> {
    await withMeanings(
      tx.query(
        `INSERT INTO decision (assignment_id, routing_round, outcome, role, rule_id, list_version_id, list_version, inputs, reason,
           reason_en, stripped_demands, decided_at)
         SELECT $1, $2, $3, $4, 'REVIEW', lv.id, lv.version, '{"review": true}'::jsonb, $6, $7,
                (SELECT coalesce(array_agg(x), '{}') FROM unnest(t.demands) x), $8
           FROM list_version lv, assignment a JOIN task t ON t.id = a.task_id
          WHERE lv.id = $5 AND a.id = $1`,
        [d.assignmentId, d.round, d.outcome, d.role, d.listVersionId, d.reason, d.reasonEn, this.clock.now()],
      ),
      ONE_PER_ROUND,
    );
  }
}
