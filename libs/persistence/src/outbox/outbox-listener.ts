import { Client } from 'pg';
import { OUTBOX_CHANNEL } from './outbox.repository';

/**
 * After losing its connection the listener tries again this often. The relay polls meanwhile, so
 * a lost listener costs latency, not work; 5 s keeps a struggling database to one connection
 * attempt per 5 s from each worker.
 */
const RECONNECT_MS = 5_000;

/**
 * The relay's doorbell: a dedicated PostgreSQL connection LISTENing on the outbox channel, which
 * every outbox write NOTIFYs at commit. A notification only says "look now"; the outbox table is
 * the truth, so a notification lost with the connection is made up by the relay's polling.
 */
export class OutboxListener {
  private client?: Client;
  private retry?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly warn: (message: string) => void = () => undefined,
  ) {}

  /** Starts listening; `onNotify` runs for every notification. Fails when the database cannot be reached. */
  async start(onNotify: () => void): Promise<void> {
    this.closed = false;
    await this.connect(onNotify);
  }

  get listening(): boolean {
    return this.client !== undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(onNotify: () => void): Promise<void> {
    const client = new Client({
      connectionString: this.databaseUrl,
      application_name: 'dutygate-outbox-listener',
    });
    client.on('notification', () => onNotify());
    client.on('error', (e) => {
      this.warn(`outbox listener lost: ${e.message}`);
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => undefined);
      this.reconnectLater(onNotify);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    } catch (e) {
      await client.end().catch(() => undefined);
      throw e;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
  }

  private reconnectLater(onNotify: () => void): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (this.closed || this.client) return;
      this.connect(onNotify).then(
        // Whatever was written while nobody listened is found by the next drain.
        () => onNotify(),
        () => this.reconnectLater(onNotify),
      );
    }, RECONNECT_MS);
  }
}
