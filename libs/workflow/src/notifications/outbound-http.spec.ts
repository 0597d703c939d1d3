import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseAllowList } from '@app/domain';
import { OutboundRefused, post, resolveHost } from './outbound-http';

/** A receiver on loopback that counts calls; `/moved` redirects, `/slow` never answers. */
describe('outbound HTTP: the addresses a connection uses are the ones checked', () => {
  let server: Server;
  let port = 0;
  const calls: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      calls.push(req.url ?? '');
      if (req.url === '/slow') return;
      if (req.url === '/moved')
        return res.writeHead(302, { location: `http://127.0.0.1:${port}/target` }).end();
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const send = (url: string, allow: string, timeoutMs = 2000) =>
    post(new URL(url), { 'content-type': 'application/json' }, '{}', {
      timeoutMs,
      allow: parseAllowList(allow),
    });

  it('refuses a name that resolves to loopback when neither the name nor the address is allowed', async () => {
    calls.length = 0;
    const err = await send(`http://localhost:${port}/a`, '').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutboundRefused);
    expect((err as OutboundRefused).address).toMatch(/^(127\.0\.0\.1|::1)$/);
    expect(calls).toEqual([]);
  });

  it('connects when the name, or every address it resolves to, is allowed', async () => {
    calls.length = 0;
    expect(await send(`http://localhost:${port}/b`, 'localhost')).toBe(204);
    expect(await send(`http://localhost:${port}/c`, '127.0.0.1 ::1')).toBe(204);
    expect(calls).toEqual(['/b', '/c']);
  });

  it('answers a redirect with its status and does not follow it', async () => {
    calls.length = 0;
    expect(await send(`http://127.0.0.1:${port}/moved`, '127.0.0.1')).toBe(302);
    expect(calls).toEqual(['/moved']);
  });

  it('gives up after the timeout', async () => {
    const t = Date.now();
    await expect(send(`http://127.0.0.1:${port}/slow`, '127.0.0.1', 300)).rejects.toThrow();
    expect(Date.now() - t).toBeLessThan(2000);
  });

  it('resolves names as a connection would, and reports a name that does not resolve', async () => {
    expect(await resolveHost('localhost', 2000)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(127\.0\.0\.1|::1)$/)]),
    );
    expect(await resolveHost('no-such-host.invalid', 2000)).toBeNull();
  });
});
