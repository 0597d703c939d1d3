import http from 'node:http';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

/** One read to time: where, as whom, how many clients and requests. */
export interface ReadLoad {
  name: string;
  hostname: string;
  port: number;
  path: string;
  token: string;
  clients: number;
  /** Untimed requests per client first, all clients at once. */
  warmUp: number;
  /** Timed requests per client after the warm-up (0: the warm-up alone). */
  perClient: number;
}

/** Each timed request's milliseconds, and the rows of one answer read after them. */
export interface ReadLoadResult {
  ms: number[];
  rows: number;
}

type Message = { ok: true; result: ReadLoadResult | null } | { ok: false; error: string };

/**
 * Runs `load`'s clients in a worker thread: an isolate of their own, with a heap that holds little
 * more than the timings. Run on the bench's main thread, they paused with its heap (the harness,
 * the generator, the database clients): its garbage collections, 5–58 ms every quarter of a second,
 * stopped every request in flight at once, and the 10th slowest of 960 requests (the p99) was one
 * such pause added to 10–32 of them (timings per request, 2026-12-04, docs/measurements.md).
 */
export function runReadLoad(load: ReadLoad): Promise<ReadLoadResult | null> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: load });
    let settled = false;
    worker.once('message', (m: Message) => {
      settled = true;
      if (m.ok) resolve(m.result);
      else reject(new Error(m.error));
    });
    worker.once('error', (e) => {
      settled = true;
      reject(e);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`${load.name}: the clients' thread exited with ${code}`));
    });
  });
}

/**
 * The clients: node:http with keep-alive, not fetch (the clients share the machine's two cores with
 * the API and PostgreSQL, and fetch cost about twice the CPU per request, ~0.8 against ~0.45 ms).
 * Each answer is read to its last byte and its status checked, but its bytes are neither kept nor
 * decoded: that is the bench's work, not the API's (copying and decoding each answer doubled the
 * clients' young-generation GC). One answer after the timed ones is parsed for its row count.
 */
async function clients(load: ReadLoad): Promise<ReadLoadResult | null> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: load.clients });
  const headers = { authorization: `Bearer ${load.token}` };
  const { hostname, port, path } = load;
  /** The status, and the body only when asked for or when the status is not 200 (for the error). */
  const get = (keepBody: boolean) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      http
        .get({ hostname, port, path, headers, agent }, (res) => {
          const status = res.statusCode ?? 0;
          const chunks: Buffer[] = [];
          const keep = keepBody || status !== 200;
          res.on('data', (c: Buffer) => keep && chunks.push(c));
          res.on('end', () => resolve({ status, body: keep ? Buffer.concat(chunks).toString() : '' }));
          res.on('error', reject);
        })
        .on('error', reject);
    });
  const checked = async (keepBody = false) => {
    const r = await get(keepBody);
    if (r.status !== 200) throw new Error(`${load.name}: GET ${path} answered ${r.status} ${r.body}`);
    return r.body;
  };
  // Timed to the answer's last byte.
  const timed = async () => {
    const started = performance.now();
    await checked();
    return performance.now() - started;
  };
  const all = (each: () => Promise<void>) => Promise.all(Array.from({ length: load.clients }, each));
  try {
    // The warm-up runs at full concurrency: one client at a time used one pooled connection, so the
    // timed burst opened the others and planned its statement on each (PostgreSQL plans a prepared
    // statement's first five executions per connection) — the ten slowest requests, i.e. the p99,
    // were that first wave at 4–10 × the p50 (seen with node:http timings per request).
    await all(async () => {
      for (let i = 0; i < load.warmUp; i++) await checked();
    });
    if (load.perClient === 0) return null;
    const ms: number[] = [];
    await all(async () => {
      for (let i = 0; i < load.perClient; i++) ms.push(await timed());
    });
    const body = JSON.parse(await checked(true)) as { items?: unknown };
    return { ms, rows: Array.isArray(body.items) ? body.items.length : 1 };
  } finally {
    agent.destroy();
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  clients(workerData as ReadLoad).then(
    (result) => port.postMessage({ ok: true, result } satisfies Message),
    (e: unknown) =>
      port.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) } satisfies Message),
  );
}
