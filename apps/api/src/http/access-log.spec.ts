import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import fastify from 'fastify';
import { accessLogger } from './access-log';
import { requestMetrics } from './request-metrics';

/** A Fastify app logging through the API's access log into `lines` at `level`, behind a trusted loopback proxy. */
async function serve(lines: Record<string, unknown>[], level = 'info') {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l));
      done();
    },
  });
  const app = fastify({ trustProxy: ['loopback'] });
  app.addHook('onRequest', requestMetrics(accessLogger(level, sink)));
  app.get('/api/things', (_req, reply) => void reply.status(403).send({ code: 'FORBIDDEN' }));
  app.get('/api/boom', () => {
    throw new Error('kaput');
  });
  // Never answers: the client gives up first.
  app.get('/api/stuck', (_req, reply) => reply);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const server = app.server;
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('access log', () => {
  const lines: Record<string, unknown>[] = [];
  let ctx: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => void (ctx = await serve(lines)));
  // Fastify keeps an idle connection 72 s (its keepAliveTimeout): close the clients' ones, not wait them out.
  afterAll(() => {
    ctx.server.closeAllConnections();
    return new Promise((r) => ctx.server.close(r));
  });
  beforeEach(() => void (lines.length = 0));

  const completed = async () => {
    for (let i = 0; i < 50 && !lines.some((l) => 'res' in l); i++)
      await new Promise((r) => setTimeout(r, 10));
    return lines.find((l) => 'res' in l)!;
  };

  it('writes method, URL with its query, client address and status, and no header', async () => {
    const res = await fetch(`${ctx.base}/api/things?state=open&limit=5`, {
      headers: {
        authorization: 'Bearer secret-token-value',
        'x-forwarded-for': '203.0.113.7',
        cookie: 'a=b',
      },
    });
    expect(res.status).toBe(403);
    const line = await completed();
    expect(line).toMatchObject({
      name: 'dutygate-api',
      msg: 'request completed',
      req: { method: 'GET', url: '/api/things?state=open&limit=5', remoteAddress: '203.0.113.7' },
      res: { statusCode: 403 },
    });
    expect(typeof line.responseTime).toBe('number');
    expect(Object.keys(line.req as object).sort()).toEqual(['id', 'method', 'remoteAddress', 'url']);
    expect(Object.keys(line.res as object)).toEqual(['statusCode']);
    const text = JSON.stringify(line);
    expect(text).not.toContain('secret-token-value');
    expect(text).not.toContain('headers');
  });

  it('logs a failed request with its status', async () => {
    const res = await fetch(`${ctx.base}/api/boom`);
    expect(res.status).toBe(500);
    const line = await completed();
    expect(line).toMatchObject({ req: { method: 'GET', url: '/api/boom' }, res: { statusCode: 500 } });
    expect(line.level).toBeGreaterThanOrEqual(50);
  });

  it('numbers requests apart', async () => {
    await fetch(`${ctx.base}/api/things`);
    const first = await completed();
    lines.length = 0;
    await fetch(`${ctx.base}/api/things`);
    const second = await completed();
    const ids = [first, second].map((l) => (l.req as { id: unknown }).id);
    expect(ids.every((id) => typeof id === 'number')).toBe(true);
    expect(ids[1]).not.toBe(ids[0]);
  });

  it('logs a request whose client hung up as aborted, status 499', async () => {
    const gone = new AbortController();
    const pending = fetch(`${ctx.base}/api/stuck`, { signal: gone.signal }).catch((e: Error) => e.name);
    await new Promise((r) => setTimeout(r, 100));
    gone.abort();
    expect(await pending).toBe('AbortError');
    const line = await completed();
    expect(line).toMatchObject({
      msg: 'request aborted',
      req: { url: '/api/stuck' },
      res: { statusCode: 499 },
    });
    expect(line.level).toBe(30);
  });
});

describe('access log at level warn', () => {
  it('writes the 5xx line and no other', async () => {
    const lines: Record<string, unknown>[] = [];
    const { server, base } = await serve(lines, 'warn');
    try {
      expect((await fetch(`${base}/api/things`)).status).toBe(403);
      expect((await fetch(`${base}/api/boom`)).status).toBe(500);
      for (let i = 0; i < 50 && lines.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: 50, req: { url: '/api/boom' }, res: { statusCode: 500 } });
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
