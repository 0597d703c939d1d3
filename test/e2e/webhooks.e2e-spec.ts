import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { Harness } from '../support/harness';
import { REDIS_URL } from '../support/env';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  at: number;
  answered: number;
}

/**
 * A webhook receiver on a local port: answers 503 to the first `failFirst` calls on each path,
 * then 200, and records every call with its raw body.
 */
class Receiver {
  readonly calls: Received[] = [];
  private readonly failFirst = new Map<string, number>();
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '';
        const seen = this.calls.filter((c) => c.path === path).length;
        const status = seen < (this.failFirst.get(path) ?? 0) ? 503 : 200;
        this.calls.push({
          path,
          headers: req.headers,
          raw: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
          answered: status,
        });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'busy');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** A path whose first `n` calls fail. */
  path(name: string, failFirst: number): string {
    this.failFirst.set(`/${name}`, failFirst);
    return `${this.url}/${name}`;
  }

  on(name: string): Received[] {
    return this.calls.filter((c) => c.path === `/${name}`);
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** What a receiver does to check a delivery: HMAC-SHA256 of the raw body with the shared secret. */
function verifies(secret: string, raw: string, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const expected = createHmac('sha256', secret).update(raw).digest();
  const got = Buffer.from(header.slice('sha256='.length), 'hex');
  return got.length === expected.length && timingSafeEqual(got, expected);
}

describe('notifications: webhooks with retries, and the in-app inbox', () => {
  const h = new Harness();
  const receiver = new Receiver();
  beforeAll(async () => {
    await receiver.start();
    await h.start();
  }, 60_000);
  afterAll(async () => {
    await h.stop();
    await receiver.stop();
  });

  /** A task for one street, routed: its street is notified of a new assignment. */
  async function newAssignment(street: string): Promise<string> {
    const r = await h.request('POST', '/api/tasks', {
      as: 'MZJ',
      body: {
        title: `特困人员供养核查(${street})`,
        streetCodes: [street],
        matterCode: 'MZ-01',
        actionType: 'service_delivery',
        deadlineWorkingDays: 10,
      },
    });
    expect(r.status).toBe(201);
    await h.waitRouted([r.body.id]);
    return r.body.assignments[0].id;
  }

  async function register(orgCode: string, url: string) {
    const r = await h.request('POST', '/api/webhooks', { as: 'admin', body: { orgCode, url } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ orgCode, url, active: true });
    expect(typeof r.body.secret).toBe('string');
    expect(r.body.secret.length).toBeGreaterThanOrEqual(24);
    return r.body as { id: string; secret: string };
  }

  const deliveries = async (webhookId: string) => {
    const r = await h.request('GET', `/api/webhooks/${webhookId}/deliveries`, { as: 'admin' });
    expect(r.status).toBe(200);
    return r.body as any[];
  };

  it('retries a failing receiver with backoff until it answers, signing every attempt', async () => {
    expect(
      (
        await h.request('POST', '/api/webhooks', {
          as: 'D2-S04',
          body: { orgCode: 'D2-S04', url: receiver.url },
        })
      ).status,
    ).toBe(403);
    const hook = await register('D2-S04', receiver.path('s04', 2));
    // the secret is shown once, at registration, never in listings
    const listed = await h.request('GET', '/api/webhooks?orgCode=D2-S04', { as: 'admin' });
    expect(listed.body.map((w: any) => w.id)).toEqual([hook.id]);
    expect(JSON.stringify(listed.body)).not.toContain(hook.secret);

    const assignmentId = await newAssignment('D2-S04');
    await h.waitFor(
      async () => (await deliveries(hook.id)).some((d) => d.state !== 'pending'),
      30_000,
      'the delivery to end',
      200,
    );
    const [log, ...more] = await deliveries(hook.id);
    expect(more).toEqual([]);
    expect(log).toMatchObject({
      kind: 'assignment.new',
      state: 'delivered',
      attempts: 3,
      responseStatus: 200,
    });
    expect(log.deliveredAt).not.toBeNull();

    const calls = receiver.on('s04');
    expect(calls.map((c) => c.answered)).toEqual([503, 503, 200]);
    for (const [i, c] of calls.entries()) {
      expect(c.headers['content-type']).toBe('application/json');
      expect(c.headers['x-dutygate-delivery']).toBe(log.id);
      expect(verifies(hook.secret, c.raw, c.headers['x-dutygate-signature'])).toBe(true);
      expect(verifies(`${hook.secret}x`, c.raw, c.headers['x-dutygate-signature'])).toBe(false);
      expect(verifies(hook.secret, `${c.raw} `, c.headers['x-dutygate-signature'])).toBe(false);
      const body = JSON.parse(c.raw);
      expect(body).toMatchObject({
        deliveryId: log.id,
        attempt: i + 1,
        notification: { id: log.notificationId, orgCode: 'D2-S04', kind: 'assignment.new', assignmentId },
      });
    }
    // exponential backoff from 500 ms: about 0.5 s, then 1 s between attempts
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(400);
    expect(calls[2].at - calls[1].at).toBeGreaterThanOrEqual(900);

    // the delivery log is the admin's, and only of webhooks that exist
    expect((await h.request('GET', `/api/webhooks/${hook.id}/deliveries`, { as: 'D2-S04' })).status).toBe(
      403,
    );
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-webhook']) {
      expect((await h.request('GET', `/api/webhooks/${id}/deliveries`, { as: 'admin' })).status).toBe(404);
      const patch = await h.request('PATCH', `/api/webhooks/${id}`, { as: 'admin', body: { active: false } });
      expect(patch.status).toBe(404);
    }

    // the same notification is in the street's inbox
    const inbox = await h.request('GET', '/api/notifications', { as: 'D2-S04' });
    expect(inbox.body.items.map((n: any) => n.id)).toContain(log.notificationId);

    // a paused webhook gets nothing new
    expect(
      (await h.request('PATCH', `/api/webhooks/${hook.id}`, { as: 'admin', body: { active: false } })).body,
    ).toEqual({ id: hook.id, active: false });
    await newAssignment('D2-S04');
    await new Promise((r) => setTimeout(r, 1000));
    expect(await deliveries(hook.id)).toHaveLength(1);
    expect(receiver.on('s04')).toHaveLength(3);
  });

  it('stops retrying a delivery once its webhook is paused', async () => {
    const hook = await register('D2-S07', receiver.path('s07', 100));
    await newAssignment('D2-S07');
    await h.waitFor(
      async () => (await deliveries(hook.id))[0]?.attempts >= 1,
      15_000,
      'the first failed attempt',
    );
    await h.request('PATCH', `/api/webhooks/${hook.id}`, { as: 'admin', body: { active: false } });
    await h.waitFor(
      async () => (await deliveries(hook.id))[0]?.state === 'failed',
      15_000,
      'the delivery to end',
    );
    const [d] = await deliveries(hook.id);
    expect(d.lastError).toBe('webhook paused');
    const calls = receiver.on('s07').length;
    await new Promise((r) => setTimeout(r, 2000));
    expect(receiver.on('s07')).toHaveLength(calls);
  });

  it('keeps an inbox per organisation: unread count, mark one read, mark all read, pages', async () => {
    const first = await newAssignment('D2-S06');
    const second = await newAssignment('D2-S06');
    const list = async (q = '') => {
      const r = await h.request('GET', `/api/notifications${q}`, { as: 'D2-S06' });
      expect(r.status).toBe(200);
      return r.body as { items: any[]; nextCursor: string | null; unread: number };
    };
    const all = await list();
    expect(all.unread).toBe(2);
    expect(all.items.map((n) => [n.kind, n.assignmentId, n.readAt])).toEqual([
      ['assignment.new', second, null],
      ['assignment.new', first, null],
    ]);
    expect(all.items[0].payload).toMatchObject({ streetCode: 'D2-S06', outcome: 'admit' });
    // nobody else sees or touches them
    const other = await h.request('GET', '/api/notifications', { as: 'D2-S05' });
    expect(other.body.items.map((n: any) => n.assignmentId)).not.toContain(first);
    expect(
      (await h.request('POST', `/api/notifications/${all.items[1].id}/read`, { as: 'D2-S05' })).status,
    ).toBe(404);
    expect((await list()).unread).toBe(2);

    const page1 = await list('?limit=1');
    expect(page1.items.map((n) => n.assignmentId)).toEqual([second]);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = await list(`?limit=1&cursor=${page1.nextCursor}`);
    expect(page2.items.map((n) => n.assignmentId)).toEqual([first]);
    expect(page2.nextCursor).toBeNull();

    const read = await h.request('POST', `/api/notifications/${all.items[1].id}/read`, { as: 'D2-S06' });
    expect(read.status).toBe(200);
    const after = await list();
    expect(after.unread).toBe(1);
    expect(after.items.find((n) => n.assignmentId === first).readAt).not.toBeNull();
    expect((await list('?unread=true')).items.map((n) => n.assignmentId)).toEqual([second]);
    expect((await list('?unread=false')).items).toHaveLength(2);

    const allRead = await h.request('POST', '/api/notifications/read-all', { as: 'D2-S06' });
    expect(allRead.body).toEqual({ marked: 1 });
    expect((await list()).unread).toBe(0);
    expect((await list('?unread=true')).items).toEqual([]);
  });

  it('still delivers when Redis loses the delivery job between retries', async () => {
    const hook = await register('D2-S05', receiver.path('s05', 3));
    await newAssignment('D2-S05');
    // After the third failure the next retry waits 2 s in BullMQ's delayed set: lose it, with
    // everything else of this DutyGate in Redis.
    await h.waitFor(async () => receiver.on('s05').length === 3, 30_000, 'three failed attempts', 50);
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${h.queuePrefix}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
    expect(receiver.on('s05')).toHaveLength(3);
    await h.waitFor(
      async () => (await deliveries(hook.id)).some((d) => d.state !== 'pending'),
      30_000,
      'the lost delivery to be sent again',
      200,
    );
    const [log] = await deliveries(hook.id);
    expect(log).toMatchObject({ state: 'delivered', responseStatus: 200 });
    const calls = receiver.on('s05');
    expect(calls.map((c) => c.answered)).toEqual([503, 503, 503, 200]);
    expect(verifies(hook.secret, calls[3].raw, calls[3].headers['x-dutygate-signature'])).toBe(true);
    expect(JSON.parse(calls[3].raw).deliveryId).toBe(log.id);
  });
});
