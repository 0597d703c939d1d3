import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_IN_ONE, PROJECT_ROOT } from '../support/env';
import { freePort, Harness } from '../support/harness';

const sample = JSON.parse(
  readFileSync(join(PROJECT_ROOT, 'config/seed/sample_tasks.jsonl'), 'utf8').split('\n')[0],
);

/**
 * `npm start` on a machine without PostgreSQL or Redis: the built all-in-one is started with no
 * DATABASE_URL and no REDIS_URL, inside a network namespace of its own (`unshare -n`) where
 * nothing listens on 5432 or 6379, so a fallback to the machine's services cannot go unnoticed: it
 * would simply fail. The test reaches the app through a relay whose far end runs in that namespace.
 * Without unshare/nsenter (not root) the app runs in the host's network and the test says so.
 */
const isolated =
  process.platform === 'linux' &&
  spawnSync('unshare', ['-n', 'ip', 'link', 'set', 'lo', 'up'], { stdio: 'ignore' }).status === 0 &&
  spawnSync('nsenter', ['--version'], { stdio: 'ignore' }).status === 0;

/**
 * Runs in the app's network namespace: pipes each connection the test hands over (through the
 * IPC channel) to the app's port there, and answers whether the default service ports are closed.
 */
const RELAY = `
const net = require('node:net');
const closed = (port) => new Promise((resolve) => {
  const s = net.connect(port, '127.0.0.1');
  s.once('connect', () => { s.destroy(); resolve(false); });
  s.once('error', () => resolve(true));
});
process.on('message', async (m, socket) => {
  if (m.probe) return process.send({ probe: { pg: await closed(5432), redis: await closed(6379) } });
  const up = net.connect(m.port, '127.0.0.1');
  socket.pipe(up).pipe(socket);
  up.on('error', () => socket.destroy());
  socket.on('error', () => up.destroy());
  socket.resume();
});`;

/** One run of the all-in-one on the data folder, with its output and a relay to its HTTP port. */
class Run {
  output = '';
  private relay?: ChildProcess;
  private server?: Server;
  readonly exited: Promise<number | null>;

  constructor(
    readonly app: ChildProcess,
    private readonly appPort: number,
  ) {
    app.stdout!.on('data', (d) => (this.output += d));
    app.stderr!.on('data', (d) => (this.output += d));
    this.exited = new Promise((resolve) => app.once('exit', (code) => resolve(code)));
  }

  /** `appPort`: the port the app is told to listen on (a free one when not given). */
  static async start(dataDir: string, appPort?: number): Promise<Run> {
    appPort ??= await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(appPort),
      LOG_LEVEL: 'warn',
    };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    const [cmd, args] = isolated
      ? ['unshare', ['-n', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"', process.execPath, ALL_IN_ONE]]
      : [process.execPath, [ALL_IN_ONE]];
    const run = new Run(spawn(cmd, args as string[], { cwd: PROJECT_ROOT, env }), appPort);
    // The banner's last line: its three lines are three writes, and the pipe may deliver them apart.
    await run.waitForOutput(/DutyGate is up at[^]*sign in with password/, 90_000);
    return run;
  }

  async waitForOutput(re: RegExp, ms: number): Promise<void> {
    for (const until = Date.now() + ms; Date.now() < until;) {
      if (re.test(this.output)) return;
      if (this.app.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no ${re} from the all-in-one; its output:\n${this.output}`);
  }

  /** The base URL the test uses: the relay into the app's namespace, or the app itself. */
  async baseUrl(): Promise<string> {
    if (!isolated) return `http://127.0.0.1:${this.appPort}`;
    this.relay = spawn('nsenter', [`--net=/proc/${this.app.pid}/ns/net`, process.execPath, '-e', RELAY], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.server = createServer({ pauseOnConnect: true }, (socket) =>
      this.relay!.send({ port: this.appPort }, socket),
    );
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  /** Inside the app's namespace: are PostgreSQL's and Redis's default ports closed? */
  probeDefaults(): Promise<{ pg: boolean; redis: boolean }> {
    return new Promise((resolve) => {
      this.relay!.once('message', (m: { probe: { pg: boolean; redis: boolean } }) => resolve(m.probe));
      this.relay!.send({ probe: true });
    });
  }

  private closeRelay(): void {
    this.server?.close();
    this.relay?.kill('SIGKILL');
  }

  async stop(signal: NodeJS.Signals): Promise<number | null> {
    this.closeRelay();
    if (this.app.exitCode === null && this.app.signalCode === null) this.app.kill(signal);
    return this.exited;
  }
}

/** The pid in the cluster's postmaster.pid, when the file exists. */
function postmasterPid(dataDir: string): number | null {
  const file = join(dataDir, 'pg', 'postmaster.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : null;
}

/** Whether the process runs (a zombie, exited but not yet reaped, does not). */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
};

/** PostgreSQL removes its pid file a moment before its last process exits. */
async function gone(pid: number): Promise<boolean> {
  for (const until = Date.now() + 5000; Date.now() < until; await new Promise((r) => setTimeout(r, 50)))
    if (!alive(pid)) return true;
  return false;
}

describe('embedded mode: npm start with no PostgreSQL and no Redis', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dutygate-embedded-'));
  let run: Run | undefined;
  const h = new Harness();
  let taskId = '';

  const waitRouted = (id: string, as: string) =>
    h.waitFor(
      async () => {
        const r = await h.request('GET', `/api/tasks/${id}`, { as });
        return (
          r.status === 200 &&
          r.body.assignments.every((a: { state: string }) => a.state !== 'pending_routing')
        );
      },
      30_000,
      'routing',
      200,
    );

  const startRun = async (appPort?: number) => {
    run = await Run.start(dataDir, appPort);
    h.baseUrl = await run.baseUrl();
    h.forgetLogins();
  };

  afterAll(async () => {
    await run?.stop('SIGTERM');
    // Whatever happened above, leave no server behind.
    const pid = postmasterPid(dataDir);
    if (pid && alive(pid)) process.kill(pid, 'SIGQUIT');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('boots from an empty data folder, seeds the demo data and routes a task end to end', async () => {
    if (!isolated) console.warn('unshare/nsenter unavailable: the embedded test runs in the host network');
    await startRun();
    expect(run!.output).toContain('creating the embedded PostgreSQL');
    expect(run!.output).toMatch(/queues: PostgreSQL/);
    expect(run!.output).toMatch(/sign in with password dutygate-demo as admin/);
    if (isolated) expect(await run!.probeDefaults()).toEqual({ pg: true, redis: true });

    const health = await h.request('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body.checks.redis).toMatchObject({ status: 'up', backend: 'postgres' });
    if (existsSync(join(PROJECT_ROOT, 'dist/web/index.html'))) {
      const page = await h.request('GET', '/');
      expect(page.status).toBe(200);
      expect(String(page.headers.get('content-type'))).toContain('text/html');
    }

    const { ref, submitter, expected, reason, ...body } = sample;
    void ref;
    void reason;
    const r = await h.request('POST', '/api/tasks', { as: submitter, body });
    expect(r.status).toBe(201);
    taskId = r.body.id;
    await waitRouted(taskId, submitter);
    const t = await h.request('GET', `/api/tasks/${taskId}`, { as: submitter });
    expect(t.body.assignments.map((a: { decision: { outcome: string } }) => a.decision.outcome)).toEqual(
      body.streetCodes.map(() => expected.outcome),
    );
    // The queue dashboard works on the PostgreSQL backend too.
    const auth = `Basic ${Buffer.from('admin:dutygate-demo').toString('base64')}`;
    const board = await h.request('GET', '/admin/queues/api/queues', { headers: { authorization: auth } });
    expect(board.status).toBe(200);
    expect(board.body.queues.map((q: { name: string }) => q.name).sort()).toEqual([
      'assessment',
      'deadlines',
      'notifications',
      'routing',
    ]);
  });

  it('stops the database last on SIGTERM and starts again on the same data', async () => {
    const pid = postmasterPid(dataDir)!;
    expect(alive(pid)).toBe(true);
    expect(await run!.stop('SIGTERM')).toBe(0);
    expect(run!.output).toContain('SIGTERM: stopping');
    expect(postmasterPid(dataDir)).toBeNull();
    expect(await gone(pid)).toBe(true);

    // The app is told to listen on the port PostgreSQL had last time, which PostgreSQL prefers again:
    // PostgreSQL must take another one, or the API's listen fails (EADDRINUSE).
    const pgPort = () => JSON.parse(readFileSync(join(dataDir, 'embedded-postgres.json'), 'utf8')).port;
    const lastPgPort = pgPort();
    await startRun(lastPgPort);
    expect(run!.output).toContain(`DutyGate is up at http://localhost:${lastPgPort}`);
    expect(pgPort()).not.toBe(lastPgPort);
    expect(run!.output).not.toContain('creating the embedded PostgreSQL');
    expect(run!.output).toContain('migrations: up to date');
    const t = await h.request('GET', `/api/tasks/${taskId}`, { as: sample.submitter });
    expect(t.status).toBe(200);
    expect(t.body.assignments[0].decision.outcome).toBe(sample.expected.outcome);
  });

  it('recovers after kill -9: the server it left running is stopped, the data is intact, work flows', async () => {
    const leftover = postmasterPid(dataDir)!;
    await run!.stop('SIGKILL');
    expect(alive(leftover)).toBe(true); // the crash left PostgreSQL running and holding the folder

    await startRun();
    expect(run!.output).toContain(`stopping the PostgreSQL (pid ${leftover}) a previous run left running`);
    expect(await gone(leftover)).toBe(true);
    expect(postmasterPid(dataDir)).not.toBe(leftover);
    const before = await h.request('GET', `/api/tasks/${taskId}`, { as: sample.submitter });
    expect(before.body.assignments[0].decision.outcome).toBe(sample.expected.outcome);

    const { ref, submitter, expected, reason, ...body } = sample;
    void ref;
    void expected;
    void reason;
    const r = await h.request('POST', '/api/tasks', {
      as: submitter,
      body: { ...body, title: `${body.title}（复）` },
    });
    expect(r.status).toBe(201);
    await waitRouted(r.body.id, submitter);
  });
});
