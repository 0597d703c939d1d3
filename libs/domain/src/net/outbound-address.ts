/**
 * Where DutyGate may send an outgoing call (a webhook). A URL an admin registers is fetched by the
 * worker from inside the network, so it could reach what the outside cannot: the cloud metadata
 * service (169.254.169.254), PostgreSQL or Redis on loopback, the intranet. Only public unicast
 * addresses are reachable, unless configuration allows a host, address or CIDR by name
 * (WEBHOOK_ALLOWED_HOSTS). Plain TypeScript: the DNS lookups that feed it live in the workflow.
 */

export interface IpAddress {
  version: 4 | 6;
  /** 4 or 16 bytes, network order. */
  bytes: number[];
}

interface Cidr {
  ip: IpAddress;
  prefix: number;
}

/** Parses `192.0.2.1`, `2001:db8::1`, `::ffff:192.0.2.1`, `[::1]` (canonical forms only); null otherwise. */
export function parseIp(text: string): IpAddress | null {
  let s = text.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const v4 = parseIpv4(s);
  if (v4) return { version: 4, bytes: v4 };
  const v6 = parseIpv6(s);
  return v6 ? { version: 6, bytes: v6 } : null;
}

function parseIpv4(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return null;
    out.push(Number(p));
  }
  return out;
}

function parseIpv6(text: string): number[] | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(':')) return null;
  let s = text;
  let v4Tail: number[] | null = null;
  const lastColon = s.lastIndexOf(':');
  if (s.indexOf('.', lastColon) > lastColon) {
    v4Tail = parseIpv4(s.slice(lastColon + 1));
    if (!v4Tail) return null;
    s = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const groups = (x: string) => (x === '' ? [] : x.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? head.length !== 8 : missing < 1) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  const bytes: number[] = [];
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    const n = parseInt(g, 16);
    bytes.push(n >> 8, n & 0xff);
  }
  if (v4Tail) bytes.splice(12, 4, ...v4Tail);
  return bytes;
}

export function formatIp(ip: IpAddress): string {
  if (ip.version === 4) return ip.bytes.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((ip.bytes[i] << 8) | ip.bytes[i + 1]).toString(16));
  return groups.join(':');
}

function parseCidr(text: string): Cidr | null {
  const [addr, bits, ...rest] = text.split('/');
  const ip = parseIp(addr);
  if (!ip || rest.length) return null;
  const max = ip.version === 4 ? 32 : 128;
  if (bits === undefined) return { ip, prefix: max };
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) return null;
  return { ip, prefix: Number(bits) };
}

function inCidr(ip: IpAddress, c: Cidr): boolean {
  if (ip.version !== c.ip.version) return false;
  for (let bit = 0; bit < c.prefix; bit += 8) {
    const take = Math.min(8, c.prefix - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    if ((ip.bytes[bit / 8] & mask) !== (c.ip.bytes[bit / 8] & mask)) return false;
  }
  return true;
}

const cidrs = (list: string[]) => list.map((c) => parseCidr(c)!);

/** IPv4 blocks that are not public unicast (IANA special-purpose registry, RFC 6890 and successors). */
const IPV4_NOT_PUBLIC = cidrs([
  '0.0.0.0/8', // "this network"; 0.0.0.0 reaches the local host on Linux
  '10.0.0.0/8', // private
  '100.64.0.0/10', // carrier-grade NAT
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link-local, cloud metadata services
  '172.16.0.0/12', // private
  '192.0.0.0/24', // IETF protocol assignments
  '192.0.2.0/24', // documentation
  '192.88.99.0/24', // 6to4 relay anycast
  '192.168.0.0/16', // private
  '198.18.0.0/15', // benchmarking
  '198.51.100.0/24', // documentation
  '203.0.113.0/24', // documentation
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, broadcast
]);

/** IPv6 blocks that are not public unicast. */
const IPV6_NOT_PUBLIC = cidrs([
  '::/96', // unspecified, loopback, IPv4-compatible (deprecated)
  '64:ff9b:1::/48', // local-use IPv4/IPv6 translation
  '100::/64', // discard-only
  '2001::/23', // IETF protocol assignments (Teredo, benchmarking, ORCHID…)
  '2001:db8::/32', // documentation
  '3fff::/20', // documentation
  '5f00::/16', // segment routing SIDs
  'fc00::/7', // unique local (the private ranges of IPv6)
  'fe80::/10', // link-local
  'fec0::/10', // site-local (deprecated)
  'ff00::/8', // multicast
]);

/** IPv6 forms that carry an IPv4 address: the IPv4 address decides. */
const IPV4_INSIDE_IPV6: { cidr: Cidr; offset: number }[] = [
  { cidr: parseCidr('::ffff:0:0/96')!, offset: 12 }, // IPv4-mapped
  { cidr: parseCidr('::ffff:0:0:0/96')!, offset: 12 }, // IPv4-translated (SIIT)
  { cidr: parseCidr('64:ff9b::/96')!, offset: 12 }, // NAT64 well-known prefix
  { cidr: parseCidr('2002::/16')!, offset: 2 }, // 6to4
];

/** The IPv4 address an IPv6 address stands for, if it stands for one. */
export function embeddedIpv4(ip: IpAddress): IpAddress | null {
  if (ip.version !== 6) return null;
  for (const { cidr, offset } of IPV4_INSIDE_IPV6)
    if (inCidr(ip, cidr)) return { version: 4, bytes: ip.bytes.slice(offset, offset + 4) };
  return null;
}

/** Whether an address is anything but public unicast (loopback, private, link-local, reserved…). */
export function isNonPublicAddress(ip: IpAddress): boolean {
  const v4 = embeddedIpv4(ip);
  if (v4) return isNonPublicAddress(v4);
  return (ip.version === 4 ? IPV4_NOT_PUBLIC : IPV6_NOT_PUBLIC).some((c) => inCidr(ip, c));
}

/** Names that mean this machine whatever DNS says (RFC 6761, and the usual /etc/hosts aliases). */
function isLocalName(host: string): boolean {
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    ['localhost.localdomain', 'ip6-localhost', 'ip6-loopback'].includes(host)
  );
}

/** WEBHOOK_ALLOWED_HOSTS, parsed: host names, and addresses or CIDRs. */
export interface OutboundAllowList {
  hosts: ReadonlySet<string>;
  networks: readonly Cidr[];
}

/** A host name as compared: lower case, without brackets or a trailing dot. */
const normaliseHost = (h: string) =>
  h
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.+$/, '');

/**
 * Parses the allow-list (comma- or space-separated). Throws on an entry that is neither a host
 * name nor an address nor a CIDR, so a typo stops the process at boot rather than allowing nothing.
 */
export function parseAllowList(text: string): OutboundAllowList {
  const hosts = new Set<string>();
  const networks: Cidr[] = [];
  for (const raw of text.split(/[\s,]+/).filter(Boolean)) {
    const entry = normaliseHost(raw);
    const cidr = parseCidr(entry);
    if (cidr) networks.push(cidr);
    else if (/^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/.test(entry))
      hosts.add(entry);
    else throw new Error(`WEBHOOK_ALLOWED_HOSTS: "${raw}" is neither a host name, an address nor a CIDR`);
  }
  return { hosts, networks };
}

/**
 * Whether a call to `ip` (reached by the name `host`) may go out: a public address always, any
 * other only when the host name or the address is allowed.
 */
export function addressPermitted(ip: IpAddress, host: string, allow: OutboundAllowList): boolean {
  if (!isNonPublicAddress(ip) || allow.hosts.has(normaliseHost(host))) return true;
  const v4 = embeddedIpv4(ip);
  return allow.networks.some((c) => inCidr(ip, c) || (v4 !== null && inCidr(v4, c)));
}

export type OutboundUrlProblem = 'matches' | 'url_not_http' | 'url_credentials' | 'url_forbidden_address';

export type OutboundUrlVerdict =
  | { ok: false; problem: OutboundUrlProblem; address?: string }
  /** `host` as compared; `ip` when the URL names an address, null when a name (to be resolved). */
  | { ok: true; url: URL; host: string; ip: IpAddress | null; hostAllowed: boolean };

/** Longest URL accepted: far more than any real receiver needs, small enough to log. */
export const MAX_OUTBOUND_URL_LENGTH = 2048;

/**
 * The checks a URL passes before any DNS lookup: http(s) only, no user name or password, and a
 * host that is neither a non-public address (in any spelling: the WHATWG parser has already turned
 * `2130706433`, `0x7f.1` and `0177.0.0.1` into `127.0.0.1`) nor a name for this machine, unless
 * allowed. A host name that passes still has to resolve to permitted addresses, at registration
 * and again at every connection.
 */
export function checkOutboundUrl(text: string, allow: OutboundAllowList): OutboundUrlVerdict {
  let url: URL;
  try {
    if (text.length > MAX_OUTBOUND_URL_LENGTH) throw new Error('too long');
    url = new URL(text);
  } catch {
    return { ok: false, problem: 'matches' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, problem: 'url_not_http' };
  if (url.username || url.password) return { ok: false, problem: 'url_credentials' };
  const host = normaliseHost(url.hostname);
  if (!host) return { ok: false, problem: 'matches' };
  const hostAllowed = allow.hosts.has(host);
  const ip = parseIp(host);
  if (ip) {
    if (!addressPermitted(ip, host, allow))
      return { ok: false, problem: 'url_forbidden_address', address: formatIp(ip) };
  } else if (isLocalName(host) && !hostAllowed) {
    return { ok: false, problem: 'url_forbidden_address', address: host };
  }
  return { ok: true, url, host, ip, hostAllowed };
}
