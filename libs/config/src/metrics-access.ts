import { timingSafeEqual, createHash } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import type { AppConfig } from './app-config';

/** The address ranges behind METRICS_ALLOW's preset names (the same names Express's `trust proxy` knows). */
const PRESETS: Record<string, [string, number][]> = {
  loopback: [
    ['127.0.0.0', 8],
    ['::1', 128],
  ],
  linklocal: [
    ['169.254.0.0', 16],
    ['fe80::', 10],
  ],
  uniquelocal: [
    ['10.0.0.0', 8],
    ['172.16.0.0', 12],
    ['192.168.0.0', 16],
    ['fc00::', 7],
  ],
};

/** Why a `/metrics` request is refused: its address (403) or a missing or wrong token (401). */
export type MetricsRefusal = 'address' | 'token';

/** `::ffff:10.1.2.3` (an IPv4 client on a dual-stack socket) as the IPv4 address it is. */
const plainAddress = (ip: string): string => {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return m ? m[1] : ip;
};

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * The access rule of `/metrics` (API and standalone worker) from METRICS_ALLOW and METRICS_TOKEN
 * (both validated at boot): returns null when the client may read, else why not. The token is
 * compared in constant time (of its hash, so its length does not show either).
 */
export function metricsAccess(
  config: Pick<AppConfig, 'METRICS_ALLOW' | 'METRICS_TOKEN'>,
): (clientIp: string | undefined, authorization: string | undefined) => MetricsRefusal | null {
  const items = config.METRICS_ALLOW.split(',').map((s) => s.trim());
  const anyone = items.length === 1 && items[0] === 'any';
  const allowed = new BlockList();
  if (!anyone)
    for (const item of items) {
      for (const [net, prefix] of PRESETS[item] ?? [])
        allowed.addSubnet(net, prefix, isIP(net) === 4 ? 'ipv4' : 'ipv6');
      if (PRESETS[item]) continue;
      const [ip, prefix] = item.split('/');
      const type = isIP(ip) === 4 ? 'ipv4' : 'ipv6';
      if (prefix === undefined) allowed.addAddress(ip, type);
      else allowed.addSubnet(ip, Number(prefix), type);
    }
  const token = config.METRICS_TOKEN ? digest(`Bearer ${config.METRICS_TOKEN}`) : null;
  return (clientIp, authorization) => {
    if (!anyone) {
      const ip = plainAddress(clientIp ?? '');
      const family = isIP(ip);
      if (!family || !allowed.check(ip, family === 4 ? 'ipv4' : 'ipv6')) return 'address';
    }
    if (token && !timingSafeEqual(digest(authorization ?? ''), token)) return 'token';
    return null;
  };
}
