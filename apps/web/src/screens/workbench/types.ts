import type { Workbench } from '../../api';

export type OverdueByOrgView = NonNullable<Workbench['overdueByOrg']>[number];
export type DecisionsInMonthView = NonNullable<Workbench['decisionsByMonth']>[number];
