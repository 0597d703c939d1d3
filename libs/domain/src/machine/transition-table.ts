import { DomainError, validationError, type ErrorDetail } from '../errors/domain-error';

/**
 * A transition table for one aggregate (an assignment today; summons and joint actions later get
 * their own tables of the same shape). For each action it says where the action may start, where
 * it leads, who may take it and what its input must carry. Services ask the table before they
 * write; the web app asks the same table which buttons to show. Plain data plus pure functions,
 * so the browser bundle can import it file by file.
 */

/** Whoever asks: the roles of the signed-in user and the organisation it acts for. */
export interface TableActor {
  readonly roles: readonly string[];
  readonly orgCode: string;
}

/** An aggregate as the table sees it: its state and its optimistic-lock version. */
export interface Versioned<S extends string> {
  readonly state: S;
  readonly version: number;
}

/**
 * Where an action leads: a fixed state; `unchanged` for actions that record an event without
 * moving the aggregate (a progress note, a request); or a choice the action's input makes (a
 * review decision, an arbitration ruling), with every state it can choose listed in `among`.
 */
export type Target<S extends string, I> =
  S | 'unchanged' | { readonly among: readonly S[]; readonly pick: (input: I) => S };

export interface TransitionRule<S extends string, R extends string, I> {
  /** The states in which the action applies. */
  readonly from: readonly S[];
  readonly to: Target<S, I>;
  /** The role that takes the action (the table's `partyOf` says which organisation must hold it). */
  readonly by: R;
  /** The input carries the version the client last saw; a different one is STALE_VERSION. */
  readonly versioned: boolean;
  /** Whether the aggregate's version moves: false only for actions that leave every column alone. */
  readonly bumpsVersion: boolean;
  /** What the input must carry, by name (documentation, tests and the UI's forms read it). */
  readonly requires: readonly string[];
  /** The input's problems as error details (empty when it satisfies `requires`). */
  readonly check: (input: I) => ErrorDetail[];
}

/** One aggregate's table. `Cmds` maps each action to the input it takes. */
export interface TransitionTable<S extends string, R extends string, Cmds, Subject extends Versioned<S>> {
  readonly rules: { readonly [A in keyof Cmds]: TransitionRule<S, R, Cmds[A]> };
  /**
   * The organisation that must hold `role` to act on this subject (the street of an assignment,
   * the department that submitted it), or null when any holder of the role may act (the reviewer).
   */
  readonly partyOf: (role: R, subject: Subject) => string | null;
}

/** Whether the actor holds the action's role, and for party roles, is the subject's party. */
export function mayAct<S extends string, R extends string, Cmds, Subject extends Versioned<S>>(
  table: TransitionTable<S, R, Cmds, Subject>,
  action: keyof Cmds,
  actor: TableActor,
  subject?: Subject,
): boolean {
  const role = table.rules[action].by;
  if (!actor.roles.includes(role)) return false;
  if (!subject) return true;
  const party = table.partyOf(role, subject);
  return party === null || party === actor.orgCode;
}

/** Whether the action applies to the state. */
export function appliesIn<S extends string, R extends string, Cmds, Subject extends Versioned<S>>(
  table: TransitionTable<S, R, Cmds, Subject>,
  action: keyof Cmds,
  state: S,
): boolean {
  return table.rules[action].from.includes(state);
}

/** Every action this actor may take on this subject in its current state, in table order. */
export function allowedIn<S extends string, R extends string, Cmds, Subject extends Versioned<S>>(
  table: TransitionTable<S, R, Cmds, Subject>,
  subject: Subject,
  actor: TableActor,
): (keyof Cmds)[] {
  return (Object.keys(table.rules) as (keyof Cmds)[]).filter(
    (a) => appliesIn(table, a, subject.state) && mayAct(table, a, actor, subject),
  );
}

/** The state an action leads to with this input (`unchanged`: the state it is in). */
export function targetOf<S extends string, I>(to: Target<S, I>, current: S, input: I): S {
  if (to === 'unchanged') return current;
  if (typeof to === 'string') return to;
  return to.pick(input);
}

/** Every state an action can lead to (for `unchanged`, none: the aggregate stays where it is). */
export function targetsOf<S extends string, I>(to: Target<S, I>): readonly S[] {
  if (to === 'unchanged') return [];
  if (typeof to === 'string') return [to];
  return to.among;
}

export interface Planned<S extends string> {
  readonly from: S;
  readonly to: S;
  readonly bumpsVersion: boolean;
}

/**
 * The table's verdict on one attempt, in the order a client can act on: FORBIDDEN (the actor may
 * not take this action on this subject), STALE_VERSION (it looked at an older version — reload
 * before anything else), STATE_CONFLICT (not from this state), VALIDATION_FAILED (the input lacks
 * what the action requires). Answers where the action leads.
 */
export function planTransition<
  S extends string,
  R extends string,
  Cmds,
  Subject extends Versioned<S>,
  A extends keyof Cmds,
>(
  table: TransitionTable<S, R, Cmds, Subject>,
  action: A,
  subject: Subject,
  actor: TableActor,
  input: Cmds[A],
): Planned<S> {
  const rule = table.rules[action];
  if (!mayAct(table, action, actor, subject)) throw new DomainError('FORBIDDEN');
  if (rule.versioned) {
    // Only a well-formed version (a positive integer) can be stale; a malformed or missing one is
    // the input's problem, reported with the other requirements below.
    const version = (input as { version?: unknown }).version;
    const wellFormed = typeof version === 'number' && Number.isInteger(version) && version >= 1;
    if (wellFormed && version !== subject.version) throw new DomainError('STALE_VERSION');
  }
  if (!rule.from.includes(subject.state)) throw new DomainError('STATE_CONFLICT');
  const bad = rule.check(input);
  if (bad.length) throw validationError(bad);
  return {
    from: subject.state,
    to: targetOf(rule.to, subject.state, input),
    bumpsVersion: rule.bumpsVersion,
  };
}
