import {
  addressPermitted,
  checkOutboundUrl,
  formatIp,
  isNonPublicAddress,
  parseAllowList,
  parseIp,
} from './outbound-address';

const none = parseAllowList('');
const verdict = (url: string, allow = none) => {
  const v = checkOutboundUrl(url, allow);
  return v.ok ? 'ok' : v.problem;
};

describe('outbound URLs (webhooks)', () => {
  it.each([
    'http://127.0.0.1/hook',
    'http://127.1.2.3:8080/',
    'http://0.0.0.0/',
    'http://0/',
    'http://2130706433/', // decimal 127.0.0.1
    'http://0x7f.0.0.1/', // hex
    'http://0x7f000001/',
    'http://0177.0.0.1/', // octal
    'http://017700000001/',
    'http://127.1/',
    'http://10.1.2.3/',
    'http://172.16.0.1/',
    'http://172.31.255.255/',
    'http://192.168.1.10/',
    'http://169.254.169.254/latest/meta-data/', // cloud metadata
    'http://100.64.0.1/',
    'http://224.0.0.1/',
    'http://255.255.255.255/',
    'http://[::1]/',
    'http://[::]/',
    'http://[0:0:0:0:0:0:0:1]/',
    'http://[::ffff:127.0.0.1]/', // IPv4-mapped
    'http://[::ffff:7f00:1]/',
    'http://[::ffff:a9fe:a9fe]/', // mapped metadata address
    'http://[64:ff9b::a9fe:a9fe]/', // NAT64 of 169.254.169.254
    'http://[2002:7f00:1::]/', // 6to4 of 127.0.0.1
    'http://[::127.0.0.1]/', // IPv4-compatible
    'http://[fe80::1]/',
    'http://[fc00::1]/',
    'http://[fd12:3456::1]/',
    'http://[ff02::1]/',
    'http://localhost/',
    'http://LOCALHOST./',
    'http://api.localhost:3000/',
    'http://ip6-localhost/',
  ])('refuses %s as a non-public address', (url) => {
    expect(verdict(url)).toBe('url_forbidden_address');
  });

  it.each([
    ['http://user:pass@hooks.example.com/', 'url_credentials'],
    ['https://token@hooks.example.com/', 'url_credentials'],
    ['http://:secret@hooks.example.com/', 'url_credentials'],
    ['ftp://hooks.example.com/', 'url_not_http'],
    ['file:///etc/passwd', 'url_not_http'],
    ['gopher://127.0.0.1:6379/_FLUSHALL', 'url_not_http'],
    ['javascript:alert(1)', 'url_not_http'],
    ['not a url', 'matches'],
    ['http://', 'matches'],
    [`https://hooks.example.com/${'a'.repeat(2100)}`, 'matches'],
  ])('refuses %s (%s)', (url, problem) => {
    expect(verdict(url)).toBe(problem);
  });

  it.each([
    'https://hooks.example.com/dutygate',
    'http://8.8.8.8/',
    'http://[2606:4700::1111]/',
    'http://[::ffff:8.8.8.8]/',
    'http://172.32.0.1/',
    'http://hooks-internal/', // a name: decided once it resolves
  ])('lets %s through to the DNS check', (url) => {
    expect(verdict(url)).toBe('ok');
  });

  it('allows what the allow-list names: hosts, addresses and CIDRs, also in mapped form', () => {
    const allow = parseAllowList('127.0.0.1, 10.8.0.0/16 localhost,[fd00::1] Hooks.Intranet.');
    expect(verdict('http://127.0.0.1:9000/x', allow)).toBe('ok');
    expect(verdict('http://[::ffff:127.0.0.1]/', allow)).toBe('ok');
    expect(verdict('http://127.0.0.2/', allow)).toBe('url_forbidden_address');
    expect(verdict('http://10.8.200.1/', allow)).toBe('ok');
    expect(verdict('http://10.9.0.1/', allow)).toBe('url_forbidden_address');
    expect(verdict('http://localhost:3000/', allow)).toBe('ok');
    expect(verdict('http://[fd00::1]/', allow)).toBe('ok');
    expect(verdict('http://[fd00::2]/', allow)).toBe('url_forbidden_address');
    // an allowed name may resolve to anything; another name may not resolve to private addresses
    expect(addressPermitted(parseIp('10.0.0.5')!, 'hooks.intranet', allow)).toBe(true);
    expect(addressPermitted(parseIp('10.0.0.5')!, 'HOOKS.intranet.', allow)).toBe(true);
    expect(addressPermitted(parseIp('10.0.0.5')!, 'evil.example', allow)).toBe(false);
    expect(addressPermitted(parseIp('10.8.0.5')!, 'evil.example', allow)).toBe(true);
    // credentials and schemes are never allowed
    expect(verdict('http://a:b@127.0.0.1/', allow)).toBe('url_credentials');
    expect(verdict('ftp://127.0.0.1/', allow)).toBe('url_not_http');
  });

  it.each(['10.0.0.0/33', '1.2.3.4/x', 'http://x', 'a b/c', '::1/129', 'bad host!'])(
    'refuses the allow-list entry %j at boot',
    (entry) => {
      expect(() => parseAllowList(entry)).toThrow(/WEBHOOK_ALLOWED_HOSTS/);
    },
  );

  it('parses and prints addresses', () => {
    expect(formatIp(parseIp('::ffff:1.2.3.4')!)).toBe('0:0:0:0:0:ffff:102:304');
    expect(parseIp('1.2.3')).toBeNull();
    expect(parseIp('01.2.3.4')).toBeNull();
    expect(parseIp('1::2::3')).toBeNull();
    expect(parseIp('1:2:3:4:5:6:7:8:9')).toBeNull();
    expect(parseIp('fe80::1%eth0')).toBeNull();
    expect(isNonPublicAddress(parseIp('8.8.8.8')!)).toBe(false);
    expect(isNonPublicAddress(parseIp('2001:db8::1')!)).toBe(true);
  });
});
