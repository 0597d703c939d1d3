import { Module } from '@nestjs/common';
import { QueueModule } from '@app/queue';
import { MetricsCollector } from './metrics-collector';

/** The scrape-time gauges' source (queue depth, deadlines, outbox); API and worker both import it. */
@Module({
  imports: [QueueModule],
  providers: [MetricsCollector],
})
export class MetricsModule {}
