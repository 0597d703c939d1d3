/** One dependency as the health probe found it. */
export class HealthCheck {
  status!: 'up' | 'down' | 'warn';
  /** Why it is down. */
  error?: string;
  /** Redis: the answer to PING. */
  pong?: string;
  /** Queues: the routing queue's job counts by state. */
  routing?: Record<string, number>;
}

export class CalendarCheck {
  status!: 'up' | 'warn';
  /** The years the calendar must know (next year's too from 1 December). */
  years!: number[];
  message?: string;
}

export class HealthChecks {
  postgres!: HealthCheck;
  redis!: HealthCheck;
  queues!: HealthCheck;
  calendar!: CalendarCheck;
}

/** `GET /health`: 200 when PostgreSQL, Redis and the queues answer, else 503 with the same body. */
export class Health {
  status!: 'ok' | 'error';
  checks!: HealthChecks;
}
