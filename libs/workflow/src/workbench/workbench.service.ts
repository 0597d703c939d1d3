import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Workbench, WorkbenchTileKey } from '@app/contract';
import { shanghaiDate, type Clock } from '@app/domain';
import { WorkbenchRepository } from '@app/persistence';
import { scopeOf, type Actor, type RoleName } from '../actor';
import { CalendarService } from '../calendar/calendar.service';
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
  // The system administration's own: deliveries, webhooks, the calendar, accounts, queues, its inbox.
  admin: ['failedDeliveries', 'pausedWebhooks', 'calendarGaps', 'failedJobs', 'activeUsers', 'unread'],
};

/**
 * What only the process serving the request can count: the API holds the queues (the workflow
 * library does not), so it passes their failed-job count in.
 */
export interface WorkbenchProbes {
  failedJobs: () => Promise<number>;
}

/** Roles whose workbench also charts who is late and how decisions went. */
const CHARTED: RoleName[] = ['reviewer', 'supervisor'];

/** The landing page's numbers: counted when asked, from the tables themselves (no counters to drift). */
@Injectable()
export class WorkbenchService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly workbench: WorkbenchRepository,
    private readonly calendars: CalendarService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async of(actor: Actor, probes?: WorkbenchProbes): Promise<Workbench> {
    const tx = this.dataSource.manager;
    const role = actor.roles[0];
    const tiles = WORKBENCH_OF_ROLE[role];
    const charted = actor.roles.some((r) => CHARTED.includes(r));
    const [counts, overdueByOrg, decisionsByMonth, calendarGaps, failedJobs] = await Promise.all([
      this.workbench.counts(tx, scopeOf(actor), actor.orgCode),
      charted ? this.workbench.overdueByOrg(tx) : undefined,
      charted ? this.workbench.decisionsByMonth(tx) : undefined,
      tiles.includes('calendarGaps') ? this.calendarGaps() : 0,
      tiles.includes('failedJobs') && probes ? probes.failedJobs() : 0,
    ]);
    const all: Record<WorkbenchTileKey, number> = { ...counts, calendarGaps, failedJobs };
    return {
      asOf: this.clock.now().toISOString(),
      tiles: tiles.map((key) => ({ key, count: all[key] })),
      ...(charted ? { overdueByOrg, decisionsByMonth } : {}),
    };
  }

  /**
   * Of this year and the next (China time), how many the calendar has no holiday data for: the
   * State Council publishes next year's holidays in autumn, and until the admin enters them as
   * overrides (or chinese-days is updated) deadlines in that year count weekends only.
   */
  private async calendarGaps(): Promise<number> {
    const calendar = await this.calendars.current();
    const year = Number(shanghaiDate(this.clock.now()).slice(0, 4));
    return [year, year + 1].filter((y) => !calendar.hasHolidayData(y)).length;
  }
}
