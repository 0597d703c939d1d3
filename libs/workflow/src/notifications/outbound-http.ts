import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { addressPermitted, parseIp, type OutboundAllowList } from '@app/domain';

/** A connection refused by the outbound policy after DNS resolution (not a network failure). */
export class OutboundRefused extends Error {
  constructor(readonly address: string) {
    super(
      `refused: ${address} is a loopback, private, link-local or reserved address not allowed by WEBHOOK_ALLOWED_HOSTS`,
    );
    this.name = 'OutboundRefused';
  }
}

/** The first address of `addresses` that the policy does not permit for `host`, if any. */
export function refusedAddress(
  host: string,
  addresses: readonly string[],
  allow: OutboundAllowList,
): string | null {
  for (const a of addresses) {
    const ip = parseIp(a);
    if (!ip || !addressPermitted(ip, host, allow)) return a;
  }
  return null;
}

/** Every address `host` resolves to (the system resolver, as a connection would use), or null. */
export async function resolveHost(host: string, timeoutMs: number): Promise<string[] | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
  const lookup = new Promise<string[] | null>((resolve) =>
    dnsLookup(host, { all: true, verbatim: true }, (err, addresses) =>
      resolve(err || !addresses.length ? null : addresses.map((a) => a.address)),
    ),
  );
  try {
    return await Promise.race([lookup, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A DNS lookup for the socket itself: the addresses it connects to are the ones checked, so a name
 * that resolved to a public address at registration and to 127.0.0.1 now (DNS rebinding) is
 * refused at the connection, with no window between check and use.
 */
export function guardedLookup(allow: OutboundAllowList): LookupFunction {
  return ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err);
      const refused = refusedAddress(
        hostname,
        addresses.map((a) => a.address),
        allow,
      );
      if (refused !== null) return callback(new OutboundRefused(refused));
      if (!addresses.length) return callback(new Error(`${hostname} has no address`));
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  }) as unknown as LookupFunction;
}

/**
 * POSTs `body` and settles with the response status; the response body is not read (the socket is
 * closed at once, so a receiver streaming forever costs nothing). Redirects are never followed
 * (node:http does not), a fresh connection is made every time (no pooled socket outlives a check),
 * and the whole call is abandoned after `timeoutMs`.
 */
export function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  opts: { timeoutMs: number; allow: OutboundAllowList },
): Promise<number> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        agent: false,
        lookup: guardedLookup(opts.allow),
        signal: AbortSignal.timeout(opts.timeoutMs),
      },
      (res: IncomingMessage) => {
        resolve(res.statusCode ?? 0);
        res.destroy();
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
