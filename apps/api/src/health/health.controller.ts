import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, Header, Inject, Req, Res } from '@nestjs/common';
import { ApiProduces, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { register } from 'prom-client';
import { DataSource } from 'typeorm';
import { AppConfig, metricsAccess } from '@app/config';
import { ErrorBody, Health } from '@app/contract';
import { calendarCoverage, DomainError, shanghaiDate, type Clock } from '@app/domain';
import { pingQueueStore, QUEUES } from '@app/queue';
import { CalendarService, CLOCK } from '@app/workflow';
import { Public } from '../http/auth';

type Check = { status: 'up' | 'down' | 'warn'; [k: string]: unknown };

/** A probe that takes longer than this counts as down: health must answer fast for load balancers. */
const PROBE_TIMEOUT_MS = 2000;

function withTimeout<T>(p: Promise<T>): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, rej) => setTimeout(() => rej(new Error('timeout')), PROBE_TIMEOUT_MS).unref()),
  ]);
}

async function probe(fn: () => Promise<Record<string, unknown> | void>): Promise<Check> {
  try {
    return { status: 'up', ...((await withTimeout(fn())) ?? {}) };
  } catch (e) {
    return { status: 'down', error: (e as Error).message };
  }
}

@ApiTags('operations')
@Controller()
export class HealthController {
  private readonly metricsRefusal: ReturnType<typeof metricsAccess>;

  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.routing) private readonly routingQueue: Queue,
    private readonly calendars: CalendarService,
    @Inject(CLOCK) private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.metricsRefusal = metricsAccess(config);
  }

  /** Health of the API's dependencies: PostgreSQL, Redis, the queues and the calendar's coverage. */
  @Public()
  @Get('health')
  @ApiResponse({
    status: 503,
    description: 'A dependency is down: the same body, naming it.',
    type: Health,
  })
  async check(@Res({ passthrough: true }) res: FastifyReply): Promise<Health> {
    const [postgres, redis, queues] = await Promise.all([
      probe(async () => void (await this.dataSource.query('SELECT 1'))),
      // The queue store: Redis, or PostgreSQL itself when the queues run on BullMQ's PostgreSQL
      // backend (no REDIS_URL); the check keeps its name so probes written for it keep working.
      probe(async () => pingQueueStore(this.routingQueue)),
      probe(async () => ({
        routing: await this.routingQueue.getJobCounts('waiting', 'active', 'delayed', 'failed'),
      })),
    ]);
    const calendar = calendarCoverage(await this.calendars.current(), shanghaiDate(this.clock.now()));
    const ok = [postgres, redis, queues].every((c) => c.status === 'up');
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'error', checks: { postgres, redis, queues, calendar } };
  }

  /** Prometheus metrics (text exposition format). */
  @Public()
  @Get('metrics')
  @Header('Content-Type', register.contentType)
  @ApiProduces('text/plain')
  @ApiResponse({ status: 200, description: 'Prometheus text format.', schema: { type: 'string' } })
  @ApiResponse({
    status: 401,
    description: 'METRICS_TOKEN is set and the bearer token is missing or wrong.',
    content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorBody) } } },
  })
  @ApiResponse({
    status: 403,
    description: 'The client address is not in METRICS_ALLOW.',
    content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorBody) } } },
  })
  metrics(@Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<string> {
    // API and, in the all-in-one start, the worker: one registry. Only for clients in METRICS_ALLOW
    // (403 otherwise), with METRICS_TOKEN as a bearer token when one is set (401 otherwise).
    const refusal = this.metricsRefusal(req.ip, req.headers.authorization);
    if (refusal === 'address') throw new DomainError('FORBIDDEN');
    if (refusal === 'token') {
      res.header('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new DomainError('UNAUTHENTICATED');
    }
    return register.metrics();
  }
}
