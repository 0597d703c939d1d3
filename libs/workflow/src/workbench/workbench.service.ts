import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Workbench, WorkbenchTileKey } from '@app/contract';
import type { Clock } from '@app/domain';
import { WorkbenchRepository } from '@app/persistence';
import { scopeOf, type Actor, type RoleName } from '../actor';
import { CLOCK } from '../tokens';

/**
 * The tiles of each role's workbench, in the order shown. A tile is one entry here (and one link
 * in the web app's workbench): a feature with its own count adds its key, nothing else changes.
 */
export const WORKBENCH_OF_ROLE: Record<RoleName, WorkbenchTileKey[]> = {
  street: ['awaitingSignoff', 'inProgress', 'dueSoon', 'overdue', 'disputed', 'unread'],
  department: [
    'pendingSummons',
    'awaitingConfirmation',
    'pendingExtensions',
    'disputed',
    'inReview',
    'dueSoon',
    'overdue',
    'unread',
  ],
  reviewer: ['inReview', 'openDisputes', 'dueSoon', 'overdue', 'unread'],
  supervisor: ['overdue', 'dueSoon', 'inReview', 'openDisputes', 'unread'],
  admin: ['failedDeliveries', 'overdue', 'unread'],
};

/** Roles whose workbench also charts who is late and how decisions went. */
const CHARTED: RoleName[] = ['reviewer', 'supervisor'];

/** The landing page's numbers: counted when asked, from the tables themselves (no counters to drift). */
@Injectable()
export class WorkbenchService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly workbench: WorkbenchRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async of(actor: Actor): Promise<Workbench> {
    const tx = this.dataSource.manager;
    const role = actor.roles[0];
    const charted = actor.roles.some((r) => CHARTED.includes(r));
    const [counts, overdueByOrg, decisionsByMonth] = await Promise.all([
      this.workbench.counts(tx, scopeOf(actor), actor.orgCode),
      charted ? this.workbench.overdueByOrg(tx) : undefined,
      charted ? this.workbench.decisionsByMonth(tx) : undefined,
    ]);
    return {
      asOf: this.clock.now().toISOString(),
      tiles: WORKBENCH_OF_ROLE[role].map((key) => ({ key, count: counts[key] })),
      ...(charted ? { overdueByOrg, decisionsByMonth } : {}),
    };
  }
}
