/**
 * The client generated from docs/openapi.json and libs/contract describe the same responses:
 * each pair below must be mutually assignable, or `npm run typecheck:client` fails. A property the
 * document lost, or typed differently from the contract, shows up here.
 */
import type * as Contract from '@app/contract';
import type { RoutingRule } from '@app/domain/routing/rule-table';
import type * as Generated from './generated/types.gen';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

interface Shapes {
  LoginResult: Same<Contract.LoginResult, Generated.LoginResult>;
  Organisation: Same<Contract.Organisation, Generated.Organisation>;
  ListVersion: Same<Contract.ListVersion, Generated.ListVersion>;
  ImportedList: Same<Contract.ImportedList, Generated.ImportedList>;
  PublishedList: Same<Contract.PublishedList, Generated.PublishedList>;
  MatterList: Same<Contract.MatterList, Generated.MatterList>;
  // A rule's condition tree is recursive; the document gives it as an object (the domain checks it).
  RuleTable: Same<Omit<Contract.RuleTable, 'rules'>, Omit<Generated.RuleTable, 'rules'>>;
  RoutingRule: Same<Omit<RoutingRule, 'when'>, Omit<Generated.RoutingRule, 'when'>>;
  SubmitResult: Same<Contract.SubmitResult, Generated.SubmitResult>;
  TaskSummary: Same<Contract.TaskSummary, Generated.TaskSummary>;
  TaskDetail: Same<Contract.TaskDetail, Generated.TaskDetail>;
  TaskPage: Same<Contract.TaskPage, Generated.TaskPage>;
  AssignmentView: Same<Contract.AssignmentView, Generated.AssignmentView>;
  AssignmentDetail: Same<Contract.AssignmentDetail, Generated.AssignmentDetail>;
  AssignmentPage: Same<Contract.AssignmentPage, Generated.AssignmentPage>;
  ExtensionView: Same<Contract.ExtensionView, Generated.ExtensionView>;
  AuditEvent: Same<Contract.AuditEvent, Generated.AuditEvent>;
  AuditVerification: Same<Contract.AuditVerification, Generated.AuditVerification>;
  ReviewPage: Same<Contract.ReviewPage, Generated.ReviewPage>;
  Dispute: Same<Contract.Dispute, Generated.Dispute>;
  DisputePage: Same<Contract.DisputePage, Generated.DisputePage>;
  OverdueBoard: Same<Contract.OverdueBoard, Generated.OverdueBoard>;
  Inbox: Same<Contract.Inbox, Generated.Inbox>;
  ReadResult: Same<Contract.ReadResult, Generated.ReadResult>;
  ReadAllResult: Same<Contract.ReadAllResult, Generated.ReadAllResult>;
  NewWebhook: Same<Contract.NewWebhook, Generated.NewWebhook>;
  WebhookActivity: Same<Contract.WebhookActivity, Generated.WebhookActivity>;
  WebhookDelivery: Same<Contract.WebhookDelivery, Generated.WebhookDelivery>;
  CalendarOverride: Same<Contract.CalendarOverride, Generated.CalendarOverride>;
  Workdays: Same<Contract.Workdays, Generated.Workdays>;
  UserAccount: Same<Contract.UserAccount, Generated.UserAccount>;
  UserPage: Same<Contract.UserPage, Generated.UserPage>;
  ErrorBody: Same<Contract.ErrorBody, Generated.ErrorBody>;
  Health: Same<Contract.Health, Generated.Health>;
}

export const sameShapes: Shapes = {
  LoginResult: true,
  Organisation: true,
  ListVersion: true,
  ImportedList: true,
  PublishedList: true,
  MatterList: true,
  RuleTable: true,
  RoutingRule: true,
  SubmitResult: true,
  TaskSummary: true,
  TaskDetail: true,
  TaskPage: true,
  AssignmentView: true,
  AssignmentDetail: true,
  AssignmentPage: true,
  ExtensionView: true,
  AuditEvent: true,
  AuditVerification: true,
  ReviewPage: true,
  Dispute: true,
  DisputePage: true,
  OverdueBoard: true,
  Inbox: true,
  ReadResult: true,
  ReadAllResult: true,
  NewWebhook: true,
  WebhookActivity: true,
  WebhookDelivery: true,
  CalendarOverride: true,
  Workdays: true,
  UserAccount: true,
  UserPage: true,
  ErrorBody: true,
  Health: true,
};
