import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { StorageRepository } from '@app/persistence';

/** How often the worker makes partitions ahead and prunes (the work is idempotent, any worker may run it). */
const MAINTENANCE_MS = 3_600_000;

/**
 * Storage maintenance (issue 12): at start and then hourly, the monthly partitions of the next
 * months are created (migrate makes them too, so a worker that was down for a while is harmless
 * as long as it was down less than PARTITION_MONTHS_AHEAD months; rows of a month without its
 * partition land in the default partition and move when it is made), retention runs and the
 * unread tally's partial counts are folded.
 */
@Injectable()
export class StorageMaintenanceService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(StorageMaintenanceService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly storage: StorageRepository,
  ) {}

  onApplicationBootstrap(): void {
    void this.run();
    this.timer = setInterval(() => void this.run(), MAINTENANCE_MS);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async run(): Promise<void> {
    try {
      const created = await this.dataSource.transaction((tx) => this.storage.ensurePartitions(tx));
      const pruned = await this.storage.prune(this.dataSource.manager);
      const folded = await this.storage.foldUnread(this.dataSource.manager);
      if (created || pruned.escalationSteps || pruned.webhookDeliveries || folded)
        this.log.log(
          `partitions created: ${created}; pruned ${pruned.escalationSteps} escalation steps, ${pruned.webhookDeliveries} webhook deliveries; unread counts folded: ${folded}`,
        );
    } catch (e) {
      this.log.warn(`storage maintenance failed: ${e}`);
    }
  }
}
