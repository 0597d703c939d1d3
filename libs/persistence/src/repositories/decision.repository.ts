import type { Decision } from '@app/contract';
import type { AssignmentRole, Clock, DecisionOutcome, Outcome } from '@app/domain';
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

  /**
   * A decision the organisation office wrote (an admission, a refusal, a return, a ruling), as the
   * decision of a new round, so it is the assignment's current one. The demands the street is
   * spared: `task` for an admission (the task's own), `previous` when a ruling upholds the disputed
   * decision (the same as before), `none` when nothing binds the street at all.
   */
  async writeDeskDecision(
    tx: Tx,
    d: {
      assignmentId: string;
      round: number;
      outcome: DecisionOutcome;
      role: AssignmentRole | null;
      ruleId: string;
      listVersionId: string;
      inputs: Record<string, unknown>;
      reason: string;
      reasonEn: string;
      stripped: 'task' | 'previous' | 'none';
    },
  ): Promise<void> {
    const stripped = {
      task: `(SELECT coalesce(array_agg(x), '{}') FROM unnest(t.demands) x)`,
      previous: `coalesce((SELECT p.stripped_demands FROM decision p WHERE p.assignment_id = a.id AND p.routing_round = a.routing_round), '{}')`,
      none: `'{}'::text[]`,
    }[d.stripped];
    await withMeanings(
      tx.query(
        `INSERT INTO decision (assignment_id, routing_round, outcome, role, rule_id, list_version_id, list_version, inputs, reason,
           reason_en, stripped_demands, decided_at)
         SELECT $1, $2, $3, $4, $5, lv.id, lv.version, $6::jsonb, $7, $8, ${stripped}, $9
           FROM list_version lv, assignment a JOIN task t ON t.id = a.task_id
          WHERE lv.id = $10 AND a.id = $1`,
        [
          d.assignmentId,
          d.round,
          d.outcome,
          d.role,
          d.ruleId,
          JSON.stringify(d.inputs),
          d.reason,
          d.reasonEn,
          this.clock.now(),
          d.listVersionId,
        ],
      ),
      ONE_PER_ROUND,
    );
  }

  /** The outcome and rule of an assignment's decision in one round (null before routing decided it). */
  async ofRound(
    tx: Tx,
    assignmentId: string,
    round: number,
  ): Promise<{ outcome: DecisionOutcome; ruleId: string } | null> {
    const rows = await tx.query(
      `SELECT outcome, rule_id AS "ruleId" FROM decision WHERE assignment_id = $1 AND routing_round = $2`,
      [assignmentId, round],
    );
    return rows[0] ?? null;
  }
}
