/**
 * A sample of real calls made through the TypeScript client generated from docs/openapi.json
 * (`npm run openapi:client` writes test/contract/generated/). `npm run typecheck:client` compiles
 * this file, so a document that lost a body, a parameter or a response schema fails CI here; the
 * `@ts-expect-error` lines fail it when the client stops being typed at all. The e2e test
 * test/e2e/contract.e2e-spec.ts runs the same calls against a live DutyGate.
 */
import { createClient, createConfig, type Client } from './generated/client';
import {
  assignmentsDispute,
  assignmentsGet,
  assignmentsList,
  assignmentsSign,
  authLogin,
  reviewsArbitrate,
  reviewsDecide,
  reviewsDisputes,
  reviewsList,
  supervisionOverdue,
  tasksGet,
  tasksSubmit,
  usersList,
} from './generated/sdk.gen';
import type {
  ArbitrationDto,
  AssignmentDetail,
  AssignmentView,
  Dispute,
  ErrorBody,
  OverdueBoard,
  ReviewItem,
  SubmitResult,
  SubmitTaskDto,
  UserPage,
} from './generated/types.gen';

/** Signs in and returns a client that sends the token with every call. */
export async function signIn(baseUrl: string, username: string, password: string): Promise<Client> {
  const anonymous = createClient(createConfig({ baseUrl }));
  const { data } = await authLogin({ client: anonymous, body: { username, password }, throwOnError: true });
  const roles: ('department' | 'street' | 'reviewer' | 'supervisor' | 'admin')[] = data.user.roles;
  if (roles.length === 0) throw new Error(`${username} has no role`);
  return createClient(createConfig({ baseUrl, auth: data.accessToken }));
}

/** A department submits a task to streets (idempotently). */
export async function submitTask(
  client: Client,
  streetCodes: string[],
  extra: Partial<SubmitTaskDto> = {},
): Promise<SubmitResult> {
  const body: SubmitTaskDto = {
    title: '困难群众救助申请受理',
    streetCodes,
    matterCode: 'MZ-01',
    actionType: 'service_delivery',
    deadlineWorkingDays: 10,
    demands: ['photo_evidence'],
    ...extra,
  };
  const { data } = await tasksSubmit({
    client,
    body,
    headers: { 'Idempotency-Key': `sample-${streetCodes.join('-')}-${body.title.length}-${body.actionType}` },
    throwOnError: true,
  });
  return data;
}

/** Whether routing has decided every assignment of a task (it is queued). */
export async function routed(client: Client, taskId: string): Promise<boolean> {
  const { data } = await tasksGet({ client, path: { id: taskId }, throwOnError: true });
  return data.assignments.every((a) => a.state !== 'pending_routing');
}

/** A street's open sign-fors where it leads, newest first (filters are typed query parameters). */
export async function awaitingSignoff(client: Client): Promise<AssignmentView[]> {
  const { data } = await assignmentsList({
    client,
    query: { state: 'awaiting_signoff', role: 'lead', overdue: false, limit: 50 },
    throwOnError: true,
  });
  return data.items;
}

/** Signs for an assignment: the state it lands in, or the error body (409 on a stale version). */
export async function sign(
  client: Client,
  id: string,
  version: number,
): Promise<{ detail?: AssignmentDetail; error?: ErrorBody }> {
  const { data, error } = await assignmentsSign({ client, path: { id }, body: { version } });
  if (error) {
    const code: ErrorBody['code'] = error.code;
    return { error: { ...error, code } };
  }
  return { detail: data };
}

/** A street disputes an assignment: it is not on the list. */
export async function dispute(client: Client, id: string): Promise<AssignmentDetail> {
  const { data: current } = await assignmentsGet({ client, path: { id }, throwOnError: true });
  const { data } = await assignmentsDispute({
    client,
    path: { id },
    body: { version: current.version, reasonCode: 'not_on_list', reason: '不属于街道职责清单' },
    throwOnError: true,
  });
  return data;
}

/** The organisation office admits an off-list assignment waiting in review. */
export async function admitReview(client: Client, assignmentId: string): Promise<AssignmentDetail> {
  const { data: queue } = await reviewsList({ client, query: { state: 'open' }, throwOnError: true });
  const item: ReviewItem | undefined = queue.items.find((i) => i.id === assignmentId);
  if (!item) throw new Error(`${assignmentId} is not awaiting review`);
  const { data } = await reviewsDecide({
    client,
    path: { assignmentId },
    body: {
      decision: 'admit',
      role: 'lead',
      note: `参照 ${item.suggestions[0]?.matterCode ?? '清单外'} 准入`,
    },
    throwOnError: true,
  });
  return data;
}

/** The organisation office rules on the open dispute of an assignment. */
export async function arbitrate(
  client: Client,
  assignmentId: string,
  upheld: ArbitrationDto['upheld'],
): Promise<Dispute> {
  const { data: open } = await reviewsDisputes({ client, query: { state: 'open' }, throwOnError: true });
  const found = open.items.find((d) => d.assignmentId === assignmentId);
  if (!found) throw new Error(`no open dispute on ${assignmentId}`);
  const { data } = await reviewsArbitrate({
    client,
    path: { id: found.id },
    body: { upheld, note: '依清单裁定' },
    throwOnError: true,
  });
  return data;
}

/** The supervisors' overdue board, for one kind of deadline. */
export async function overdueBoard(client: Client): Promise<OverdueBoard> {
  const { data } = await supervisionOverdue({
    client,
    query: { kind: 'signoff', limit: 20 },
    throwOnError: true,
  });
  return data;
}

/** The administrator lists one organisation's users. */
export async function usersOf(client: Client, orgCode: string): Promise<UserPage> {
  const { data } = await usersList({ client, query: { orgCode }, throwOnError: true });
  return data;
}

/** Calls that must not compile: the generated client checks bodies and parameters. */
export function typeErrors(client: Client): void {
  // @ts-expect-error `state` takes the assignment states only
  void assignmentsList({ client, query: { state: 'maybe' } });
  // @ts-expect-error a sign-for needs the version
  void assignmentsSign({ client, path: { id: 'x' }, body: {} });
  // @ts-expect-error a review decision is admit, refuse or return
  void reviewsDecide({ client, path: { assignmentId: 'x' }, body: { decision: 'accept', note: 'x' } });
  // @ts-expect-error the overdue board has no `state` filter
  void supervisionOverdue({ client, query: { state: 'open' } });
}
