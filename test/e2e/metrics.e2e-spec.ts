import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort, Harness } from '../support/harness';
import { validTask } from '../support/fixtures';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus text exposition format (0.0.4): `# HELP`/`# TYPE` lines, then `name{l="v",…} value`. */
function parseExposition(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types.set(type[1], type[2]);
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: \d+)?$/.exec(line);
    if (!m) throw new Error(`not exposition format: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[l[1]] = l[2].replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return { samples, types };
}

/** The value of one series (0 when absent), the labels given matching exactly those given. */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

/**
 * `/metrics` of the API and of the standalone worker after a small workload: every series README
 * names exists and has moved (requests by route template, routing latency, queue depth, deadlines
 * open and overdue, escalation steps, webhook deliveries, outbox backlog), and the access rule
 * (METRICS_ALLOW, METRICS_TOKEN) refuses what it should.
 */
describe('metrics', () => {
  // Short clock-time windows, as in escalation.e2e-spec: sign-for 2 s, reminder at 1.5 s, urge at
  // 2 s, supervision 1 s and notice 2 s past due; all fire within a few seconds.
  const env = {
    DEADLINE_SIGNOFF: '2s',
    ESCALATION_SUPERVISE_AFTER: '1s',
    ESCALATION_NOTICE_AFTER: '2s',
    ESCALATION_SWEEP_MS: '1000',
    ESCALATION_HORIZON_MS: '60000',
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  };
  let h: Harness;
  let workerMetrics = '';
  let receiver: Server;
  let received = 0;

  beforeAll(async () => {
    const port = await freePort();
    workerMetrics = `http://127.0.0.1:${port}/metrics`;
    h = new Harness({ ...env, METRICS_PORT: String(port) });
    receiver = createServer((req, res) => {
      received++;
      req.resume();
      req.on('end', () => res.writeHead(200).end('ok'));
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    await h.start();
    await h.waitFor(
      async () => (await fetch(workerMetrics).catch(() => null))?.status === 200,
      30_000,
      'worker /metrics',
    );
  }, 60_000);
  afterAll(async () => {
    await h.stop();
    receiver.closeAllConnections();
    await new Promise((r) => receiver.close(r));
  });

  const scrape = async (url: string, headers: Record<string, string> = {}) => {
    const r = await fetch(url, { headers });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
    return parseExposition(await r.text());
  };

  it('exposes every named series, and their values move with a small workload', async () => {
    const before = (await scrape(`${h.baseUrl}/metrics`)).samples;
    const workerBefore = (await scrape(workerMetrics)).samples;

    const hook = await h.request('POST', '/api/webhooks', {
      as: 'admin',
      body: { orgCode: 'D1-S01', url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook` },
    });
    expect(hook.status).toBe(201);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await h.request('POST', '/api/tasks', {
        as: 'MZJ',
        body: validTask({ title: `走访(${i})` }),
      });
      expect(r.status).toBe(201);
      ids.push(r.body.id);
      // The same route template for three different ids: one series, three observations.
      expect((await h.request('GET', `/api/tasks/${r.body.id}`, { as: 'MZJ' })).status).toBe(200);
    }
    await h.waitRouted(ids);

    // Right after routing: three open sign-for deadlines, none overdue yet.
    const open = (await scrape(`${h.baseUrl}/metrics`)).samples;
    expect(value(open, 'dutygate_deadlines_open', { kind: 'signoff' })).toBe(
      value(before, 'dutygate_deadlines_open', { kind: 'signoff' }) + 3,
    );
    // Every known kind has a series, at 0 when nothing of that kind is open.
    expect(open.filter((s) => s.name === 'dutygate_deadlines_open').map((s) => s.labels.kind)).toEqual(
      expect.arrayContaining(['signoff', 'review', 'arbitration', 'completion']),
    );

    // All four steps of the three ladders fire (the last one 4 s after routing).
    await h.waitFor(
      async () =>
        value((await scrape(workerMetrics)).samples, 'dutygate_escalation_steps_fired_total', {
          step: 'notice',
        }) >=
        value(workerBefore, 'dutygate_escalation_steps_fired_total', { step: 'notice' }) + 3,
      30_000,
      'every escalation step',
    );
    await h.waitFor(async () => received >= 3, 30_000, 'webhook deliveries');

    const api = await scrape(`${h.baseUrl}/metrics`);
    const worker = await scrape(workerMetrics);
    const a = api.samples;
    const w = worker.samples;

    // HTTP: by route template and status, never by raw URL.
    const taskRoute = { method: 'GET', route: '/api/tasks/:id', status: '200' };
    expect(value(a, 'dutygate_http_request_duration_seconds_count', taskRoute)).toBe(
      value(before, 'dutygate_http_request_duration_seconds_count', taskRoute) + 3,
    );
    expect(
      value(a, 'dutygate_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/tasks',
        status: '201',
      }),
    ).toBeGreaterThanOrEqual(3);
    expect(a.some((s) => ids.some((id) => s.labels.route?.includes(id)))).toBe(false);
    expect(api.types.get('dutygate_http_request_duration_seconds')).toBe('histogram');

    // Routing latency, observed by the worker where the decisions are written: one per assignment.
    expect(value(w, 'dutygate_routing_latency_seconds_count')).toBe(
      value(workerBefore, 'dutygate_routing_latency_seconds_count') + 3,
    );
    expect(value(w, 'dutygate_routing_latency_seconds_sum')).toBeGreaterThan(
      value(workerBefore, 'dutygate_routing_latency_seconds_sum'),
    );
    expect(worker.types.get('dutygate_routing_latency_seconds')).toBe('histogram');

    // Escalation steps by step, webhook deliveries by result.
    for (const step of ['remind', 'urge', 'supervise', 'notice'])
      expect([step, value(w, 'dutygate_escalation_steps_fired_total', { step })]).toEqual([
        step,
        value(workerBefore, 'dutygate_escalation_steps_fired_total', { step }) + 3,
      ]);
    expect(value(w, 'dutygate_webhook_deliveries_total', { result: 'delivered' })).toBeGreaterThanOrEqual(3);

    // Deadlines: the three sign-for windows are past due now, and still open (nobody signed).
    for (const samples of [a, w]) {
      expect(value(samples, 'dutygate_deadlines_open', { kind: 'signoff' })).toBe(
        value(before, 'dutygate_deadlines_open', { kind: 'signoff' }) + 3,
      );
      expect(value(samples, 'dutygate_deadlines_overdue', { kind: 'signoff' })).toBeGreaterThanOrEqual(3);
    }

    // Queue depth per queue and state (read from the queue store at scrape time): every queue and
    // state has a series; the delivered webhooks' and fired steps' jobs are gone (removed on
    // completion), so nothing is stuck as active or failed.
    for (const queue of ['routing', 'deadlines', 'notifications'])
      for (const state of ['waiting', 'active', 'delayed', 'failed'])
        expect([
          queue,
          state,
          a.some(
            (s) => s.name === 'dutygate_queue_jobs' && s.labels.queue === queue && s.labels.state === state,
          ),
        ]).toEqual([queue, state, true]);
    expect(value(a, 'dutygate_queue_jobs', { queue: 'routing', state: 'failed' })).toBe(0);

    // The outbox is drained by the relay (rows may be in flight at any one scrape): backlog 0, no age.
    expect(a.some((s) => s.name === 'dutygate_outbox_backlog')).toBe(true);
    await h.waitFor(
      async () => {
        const now = (await scrape(`${h.baseUrl}/metrics`)).samples;
        return (
          value(now, 'dutygate_outbox_backlog') === 0 &&
          value(now, 'dutygate_outbox_oldest_age_seconds') === 0
        );
      },
      10_000,
      'the outbox to drain',
    );

    // Process metrics, both processes.
    expect(value(a, 'dutygate_process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(value(w, 'dutygate_process_cpu_seconds_total')).toBeGreaterThan(0);
  }, 90_000);

  it('shows the outbox backlog and its age while no worker relays it', async () => {
    await h.killWorker(h.workers[0]);
    const r = await h.request('POST', '/api/tasks', { as: 'MZJ', body: validTask({ title: '走访(积压)' }) });
    expect(r.status).toBe(201);
    await h.waitFor(
      async () =>
        value((await scrape(`${h.baseUrl}/metrics`)).samples, 'dutygate_outbox_oldest_age_seconds') >= 1,
      10_000,
      'the outbox row to age',
    );
    const a = (await scrape(`${h.baseUrl}/metrics`)).samples;
    expect(value(a, 'dutygate_outbox_backlog')).toBeGreaterThanOrEqual(1);
  });

  it('refuses clients outside METRICS_ALLOW (403) and, with METRICS_TOKEN, requests without the token (401)', async () => {
    // Default allow-list (loopback, private networks): a public client behind the local proxy is refused.
    const viaProxy = await h.request('GET', '/metrics', { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect([viaProxy.status, viaProxy.body.code]).toEqual([403, 'FORBIDDEN']);
    expect((await h.request('GET', '/metrics', { headers: { 'x-forwarded-for': '10.1.2.3' } })).status).toBe(
      200,
    );

    // Another API allowing one private network and wanting a token: from loopback it refuses by
    // address; a client of that network (named by the local proxy) needs the token as well.
    const token = 'scrape-token-6f1c2a9e';
    const guarded = await h.startExtraApi({ METRICS_ALLOW: '10.0.0.0/8', METRICS_TOKEN: token });
    const local = await fetch(`${guarded}/metrics`, {
      headers: { 'accept-language': 'en', authorization: `Bearer ${token}` },
    });
    expect(local.status).toBe(403);
    expect(await local.json()).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    expect((await fetch(`${guarded}/health`)).status).toBe(200);
    const fromLan = { 'x-forwarded-for': '10.9.8.7' };
    const anonymous = await fetch(`${guarded}/metrics`, { headers: fromLan });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await fetch(`${guarded}/metrics`, {
      headers: { ...fromLan, authorization: 'Bearer wrong-token-123456' },
    });
    expect(wrong.status).toBe(401);
    await scrape(`${guarded}/metrics`, { ...fromLan, authorization: `Bearer ${token}` });

    // The worker's own /metrics applies the same rule.
    const port = await freePort();
    const worker = h.startWorker({ METRICS_PORT: String(port), METRICS_TOKEN: token });
    const url = `http://127.0.0.1:${port}/metrics`;
    await h.waitFor(
      async () => (await fetch(url).catch(() => null)) !== null,
      30_000,
      'second worker /metrics',
    );
    const noToken = await fetch(url);
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    await scrape(url, { authorization: `Bearer ${token}` });
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    await h.killWorker(worker);
  });
});
