import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { register } from 'prom-client';
import { loadConfig } from '@app/config';
import { collectProcessMetrics } from './metrics';

const root = join(__dirname, '../../../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/**
 * docker/ is not run here (no Docker on the build machine): these checks parse what a `docker
 * compose up` and Grafana would read, and hold it to the code's names.
 */
describe('docker/compose.yml', () => {
  const compose = load(read('docker/compose.yml')) as {
    services: Record<string, any>;
    volumes: Record<string, unknown>;
  };
  const s = compose.services;

  it('runs PostgreSQL, Redis, a one-shot migrate, API and worker, with Prometheus and Grafana as a profile', () => {
    expect(Object.keys(s).sort()).toEqual([
      'api',
      'grafana',
      'migrate',
      'postgres',
      'prometheus',
      'redis',
      'worker',
    ]);
    expect([s.prometheus.profiles, s.grafana.profiles]).toEqual([['monitoring'], ['monitoring']]);
    for (const name of ['postgres', 'redis', 'migrate', 'api', 'worker'])
      expect(s[name].profiles).toBeUndefined();
  });

  it('keeps Redis append-only and refusing writes when full instead of evicting jobs', () => {
    const command = s.redis.command.join(' ');
    expect(command).toMatch(/--appendonly yes/);
    expect(command).toMatch(/--maxmemory-policy noeviction/);
    expect(s.redis.volumes).toEqual(['redisdata:/data']);
  });

  it('starts API and workers after a successful migrate and healthy stores, with health checks', () => {
    expect(s.migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(s.migrate.restart).toBe('no');
    for (const name of ['api', 'worker']) {
      expect([name, s[name].depends_on]).toEqual([
        name,
        { migrate: { condition: 'service_completed_successfully' }, redis: { condition: 'service_healthy' } },
      ]);
      expect(s[name].healthcheck.test[0]).toBe('CMD');
    }
    for (const name of ['postgres', 'redis']) expect(s[name].healthcheck.test).toBeDefined();
    expect(s.api.healthcheck.test.join(' ')).toContain('/health');
    expect(s.worker.healthcheck.test.join(' ')).toContain(':9464/metrics');
  });

  it('gives API and workers longer than SHUTDOWN_GRACE_MS to stop before Docker kills them', () => {
    for (const name of ['api', 'worker']) {
      const env = { ...s[name].environment, JWT_SECRET: 'x'.repeat(32), SEED_PASSWORD: 'y'.repeat(12) };
      const grace = loadConfig(env).SHUTDOWN_GRACE_MS;
      expect([name, parseInt(s[name].stop_grace_period, 10) * 1000 > grace]).toEqual([name, true]);
    }
  });

  it('passes the app only settings the configuration knows, and valid ones', () => {
    const known = Object.keys(loadConfig({}));
    for (const name of ['migrate', 'api', 'worker']) {
      const env: Record<string, string> = s[name].environment;
      expect([name, Object.keys(env).filter((k) => !known.includes(k))]).toEqual([name, []]);
      const resolved = Object.fromEntries(
        Object.entries(env).map(([k, v]) => [
          k,
          String(v).replace(
            /\$\{(\w+)(?::-([^}]*)|:\?[^}]*)?\}/g,
            (_, n, d) => d ?? `${n.toLowerCase()}-value-long-enough`,
          ),
        ]),
      );
      expect(() => loadConfig(resolved)).not.toThrow();
    }
  });

  it('names only volumes it declares, and Prometheus and Grafana files that exist', () => {
    const named = Object.values(s)
      .flatMap((svc: any) => svc.volumes ?? [])
      .map((v: string) => v.split(':')[0])
      .filter((v: string) => !v.startsWith('.'));
    expect(new Set(named)).toEqual(new Set(Object.keys(compose.volumes)));
    for (const v of Object.values(s).flatMap((svc: any) => svc.volumes ?? []) as string[])
      if (v.startsWith('./'))
        expect([v, existsSync(join(root, 'docker', v.split(':')[0]))]).toEqual([v, true]);
  });
});

describe('docker/grafana/dutygate.json and docker/prometheus.yml', () => {
  const dashboard = JSON.parse(read('docker/grafana/dutygate.json'));
  const exprs: string[] = dashboard.panels.flatMap((p: any) => (p.targets ?? []).map((t: any) => t.expr));

  it('plots only series DutyGate exposes, and every series of its own', async () => {
    collectProcessMetrics();
    const families = (await register.getMetricsAsJSON()).map((m) => m.name);
    const used = new Set(exprs.flatMap((e) => e.match(/dutygate_[a-z0-9_]+/g) ?? []));
    const exposed = (name: string) =>
      families.includes(name) || families.includes(name.replace(/_(bucket|count|sum)$/, ''));
    expect([...used].filter((n) => !exposed(n))).toEqual([]);
    const own = families.filter((f) => f.startsWith('dutygate_') && !/^dutygate_(process|nodejs)_/.test(f));
    const plotted = (f: string) => [...used].some((u) => u === f || u.startsWith(`${f}_`));
    expect(own.filter((f) => !plotted(f))).toEqual([]);
  });

  it('scrapes the API and every worker replica on their metrics ports', () => {
    const prom = load(read('docker/prometheus.yml')) as { scrape_configs: any[] };
    const byJob = Object.fromEntries(prom.scrape_configs.map((c) => [c.job_name, c]));
    expect(byJob['dutygate-api'].static_configs[0].targets).toEqual(['api:3000']);
    expect(byJob['dutygate-worker'].dns_sd_configs[0]).toMatchObject({ names: ['worker'], port: 9464 });
  });
});
