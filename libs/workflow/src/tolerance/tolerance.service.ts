import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type {
  ClaimableList,
  DecideClaimBody,
  FileClaimBody,
  ToleranceClaim,
  ToleranceClaimDetail,
  ToleranceClaimPage,
  ToleranceItem,
  ToleranceItemBody,
  ToleranceListReplaced,
} from '@app/contract';
import {
  claimWindowEnd,
  claimWindowOpen,
  DomainError,
  isUuid,
  toleranceListProblems,
  validationError,
  type Clock,
} from '@app/domain';
import {
  AuditRepository,
  pageOf,
  ToleranceRepository,
  transaction,
  type NewAuditEvent,
  type NewToleranceItem,
  type Tx,
} from '@app/persistence';
import { scopeOf, type Actor } from '../actor';
import { CalendarService } from '../calendar/calendar.service';
import { NotifyService } from '../notifications/notify.service';
import { parseCursor } from '../pagination';
import { CLOCK } from '../tokens';

/**
 * Items of the claimable list arose at most this long ago: ten working days never span more than
 * ~25 calendar days under the national schedule (Spring Festival week included); 60 leaves room for
 * local overrides declaring extra days off. The exact window is computed per item.
 */
const CLAIMABLE_LOOKBACK_MS = 60 * 86_400_000;
/** An organisation has a handful of claimable items at a time; 200 is far more than a screen shows. */
const CLAIMABLE_LIMIT = 200;
/** Earlier claims shown beside one the supervisor decides. */
const EARLIER_CLAIMS = 20;

/**
 * Fault tolerance (容错纠错, DESIGN.md "Fault tolerance"): the supervisor-maintained list, and the
 * claims an organisation files against its own overdue deadline, supervision item or lost
 * dispute. Each write is one transaction with its audit events and notifications.
 */
@Injectable()
export class ToleranceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tolerance: ToleranceRepository,
    private readonly audit: AuditRepository,
    private readonly calendars: CalendarService,
    private readonly notifyService: NotifyService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  items(includeRetired = false): Promise<ToleranceItem[]> {
    return this.tolerance.items(this.dataSource.manager, includeRetired);
  }

  /**
   * Replaces the list. An item left out that a claim cites is retired (kept with its text, no
   * longer offered), never deleted; the answer names what was retired and what removed, and the
   * change is an event of the list's own audit chain.
   */
  async replaceItems(actor: Actor, body: ToleranceItemBody[]): Promise<ToleranceListReplaced> {
    const problems = toleranceListProblems(body);
    if (problems.length) throw validationError(problems);
    const items: NewToleranceItem[] = body.map((i) => ({
      code: i.code,
      textZh: i.text,
      textEn: i.textEn ?? i.text,
      tolerable: i.tolerable,
    }));
    const result = await transaction(this.dataSource, async (tx) => {
      const changed = await this.tolerance.replaceItems(tx, items, actor.userId);
      // The table lock taken by replaceItems orders the list's chain.
      await this.audit.append(tx, [
        {
          aggregateType: 'tolerance_list',
          aggregateId: 'current',
          action: 'tolerance_list.replaced',
          actorId: actor.userId,
          actorOrg: actor.orgCode,
          fromState: null,
          toState: null,
          payload: { items: body.map((i) => ({ ...i, textEn: i.textEn ?? i.text })), ...changed },
        },
      ]);
      return changed;
    });
    return { items: await this.items(), ...result };
  }

  /** What the caller's organisation may claim now, and what it claimed, with the time left. */
  async claimable(actor: Actor): Promise<ClaimableList> {
    const now = this.clock.now();
    const calendar = await this.calendars.current();
    const rows = await this.tolerance.claimable(
      this.dataSource.manager,
      actor.orgCode,
      new Date(now.getTime() - CLAIMABLE_LOOKBACK_MS),
      CLAIMABLE_LIMIT,
    );
    const items = rows
      .map(({ parties: _p, claimable: _c, ...r }) => ({
        ...r,
        windowEndsAt: claimWindowEnd(calendar, new Date(r.aroseAt)).toISOString(),
      }))
      // Claimed items stay listed (with their claim) while the window runs; unclaimed ones leave when it ends.
      .filter((r) => claimWindowOpen(new Date(r.windowEndsAt), now));
    return { asOf: now.toISOString(), items };
  }

  /**
   * Files a claim. Checks, in order: the target exists and the caller's organisation owns it
   * (else 404, as for anything not visible); it can be claimed at all (a deadline never overdue,
   * a dispute not lost: 409); the cited item is on the list (400) and tolerable (422
   * NOT_TOLERABLE); the window is open (422 CLAIM_WINDOW_CLOSED); one claim per target (409
   * CLAIM_EXISTS, by the unique constraint, so concurrent claims cannot both land).
   */
  async file(actor: Actor, body: FileClaimBody): Promise<ToleranceClaim> {
    const calendar = await this.calendars.current();
    const id = await transaction(this.dataSource, async (tx) => {
      const target = await this.tolerance.target(tx, body.targetKind, body.targetId);
      if (!target || !target.parties.includes(actor.orgCode)) throw new DomainError('NOT_FOUND');
      if (!target.claimable || target.orgCode !== actor.orgCode)
        throw new DomainError('STATE_CONFLICT', [
          {
            field: 'targetId',
            reason: body.targetKind === 'dispute' ? 'dispute_not_lost' : 'not_overdue',
          },
        ]);
      const item = await this.tolerance.itemInForce(tx, body.itemCode);
      if (!item) throw validationError([{ field: 'itemCode', reason: 'unknown_tolerance_item' }]);
      if (!item.tolerable)
        throw new DomainError('NOT_TOLERABLE', [{ field: 'itemCode', reason: 'not_tolerable' }]);
      const now = this.clock.now();
      const windowEndsAt = claimWindowEnd(calendar, new Date(target.aroseAt));
      if (!claimWindowOpen(windowEndsAt, now))
        throw new DomainError('CLAIM_WINDOW_CLOSED', [
          {
            field: 'targetId',
            reason: 'claim_window_ended',
            params: { windowEndsAt: windowEndsAt.toISOString() },
          },
        ]);
      if (target.assignmentId) await this.tolerance.lockAssignment(tx, target.assignmentId);
      const claimId = await this.tolerance.insertClaim(tx, {
        targetKind: body.targetKind,
        targetId: body.targetId,
        orgCode: actor.orgCode,
        assignmentId: target.assignmentId,
        item,
        explanation: body.explanation,
        evidence: body.evidence ?? null,
        aroseAt: target.aroseAt,
        windowEndsAt,
        filedBy: actor.userId,
      });
      const payload = {
        claimId,
        targetKind: body.targetKind,
        targetId: body.targetId,
        itemCode: item.code,
        explanation: body.explanation,
        evidence: body.evidence ?? null,
      };
      await this.appendEvents(
        tx,
        actor,
        claimId,
        target.assignmentId,
        'tolerance.filed',
        null,
        'pending',
        payload,
        true,
      );
      const supervisors = await this.notifyService.orgsWithRole(tx, 'supervisor');
      await this.notifyService.notify(
        tx,
        supervisors.map((org) => ({
          orgCode: org,
          kind: 'tolerance.filed',
          assignmentId: target.assignmentId,
          payload: { ...payload, orgCode: actor.orgCode, taskId: target.taskId },
        })),
      );
      return claimId;
    });
    return (await this.tolerance.claim(this.dataSource.manager, id, { kind: 'all' }))!;
  }

  /**
   * The supervisor's decision, once (409 after). Granting a claim whose item the list has since
   * made non-tolerable is refused (422 NOT_TOLERABLE): the list in force is what may be tolerated.
   * A granted claim marks its item tolerated on the board, in the assignment's timeline and in the
   * audit chain; the assessment leaves it out.
   */
  async decide(actor: Actor, id: string, body: DecideClaimBody): Promise<ToleranceClaim> {
    if (!isUuid(id)) throw new DomainError('NOT_FOUND');
    await transaction(this.dataSource, async (tx) => {
      const head = await this.tolerance.claimHead(tx, id);
      if (!head) throw new DomainError('NOT_FOUND');
      // The assignment first, as filing does, so the two never wait on each other in opposite orders.
      if (head.assignmentId) await this.tolerance.lockAssignment(tx, head.assignmentId);
      const claim = await this.tolerance.claim(tx, id, { kind: 'all' });
      if (claim!.state !== 'pending') throw new DomainError('STATE_CONFLICT');
      if (body.decision === 'granted') {
        const item = await this.tolerance.item(tx, claim!.itemCode);
        if (!item || !item.tolerable)
          throw new DomainError('NOT_TOLERABLE', [{ field: 'decision', reason: 'item_no_longer_tolerable' }]);
      }
      const decided = await this.tolerance.decide(tx, id, body.decision, body.note, actor.userId);
      if (!decided) throw new DomainError('STATE_CONFLICT');
      const payload = {
        claimId: id,
        targetKind: decided.targetKind,
        targetId: decided.targetId,
        itemCode: decided.itemCode,
        decision: body.decision,
        note: body.note,
      };
      const action = body.decision === 'granted' ? 'tolerance.granted' : 'tolerance.refused';
      await this.appendEvents(
        tx,
        actor,
        id,
        head.assignmentId,
        action,
        'pending',
        body.decision,
        payload,
        false,
      );
      await this.notifyService.notify(tx, [
        {
          orgCode: decided.orgCode,
          kind: action,
          assignmentId: head.assignmentId,
          payload: { ...payload, taskId: claim!.target.taskId },
        },
      ]);
    });
    return (await this.tolerance.claim(this.dataSource.manager, id, { kind: 'all' }))!;
  }

  async list(
    actor: Actor,
    q: { state?: string; orgCode?: string; cursor?: string; limit: number },
  ): Promise<ToleranceClaimPage> {
    const rows = await this.tolerance.claims(this.dataSource.manager, scopeOf(actor), {
      ...q,
      cursor: parseCursor(q.cursor),
    });
    return pageOf(rows, q.limit, (r) => ({ at: r.filedAt, id: r.id }));
  }

  /** One claim (the filer's own, or any for supervisors) with the item, the history and earlier claims. */
  async detail(actor: Actor, id: string): Promise<ToleranceClaimDetail> {
    const tx = this.dataSource.manager;
    const claim = isUuid(id) ? await this.tolerance.claim(tx, id, scopeOf(actor)) : null;
    if (!claim) throw new DomainError('NOT_FOUND');
    const [item, history, events, earlier] = await Promise.all([
      this.tolerance.item(tx, claim.itemCode),
      claim.assignmentId ? this.audit.list(tx, 'assignment', claim.assignmentId) : Promise.resolve([]),
      this.audit.list(tx, 'tolerance_claim', id),
      this.tolerance.claims(tx, scopeOf(actor), { orgCode: claim.orgCode, limit: EARLIER_CLAIMS + 1 }),
    ]);
    return {
      ...claim,
      item,
      history,
      events,
      earlierClaims: earlier.filter((c) => c.id !== id).slice(0, EARLIER_CLAIMS),
    };
  }

  /**
   * The claim's own chain (new at filing), and the assignment's timeline when the target has an
   * assignment (its row is locked by the caller, which orders that chain).
   */
  private async appendEvents(
    tx: Tx,
    actor: Actor,
    claimId: string,
    assignmentId: string | null,
    action: string,
    fromState: string | null,
    toState: string,
    payload: Record<string, unknown>,
    newClaim: boolean,
  ): Promise<void> {
    const base = { action, actorId: actor.userId, actorOrg: actor.orgCode, fromState, toState, payload };
    const own: NewAuditEvent = { ...base, aggregateType: 'tolerance_claim', aggregateId: claimId };
    await this.audit.append(tx, [own], { newAggregates: newClaim });
    if (assignmentId)
      // The assignment keeps its state: the event marks the claim in its timeline, nothing else.
      await this.audit.append(tx, [
        { ...base, aggregateType: 'assignment', aggregateId: assignmentId, fromState: null, toState: null },
      ]);
  }
}
