import { connect, type Socket } from 'node:net';
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

/** One answer: its status, and its body when it was asked for or the status is not 200. */
interface Answer {
  status: number;
  body: string;
}

/**
 * One keep-alive HTTP/1.1 connection that sends the same GET, one request at a time, and reads each
 * answer by its Content-Length: status line and headers parsed, every byte of the body counted, the
 * body kept only when asked for or when the status is not 200. The clients share the machine's two
 * cores with the API and PostgreSQL: node:http cost 0.30–0.41 ms of the clients' CPU a review-queue
 * read against 0.13 for this (32 clients on one million, alternated, 2026-12-04), about a tenth of
 * the machine's CPU per read handed back to the API and PostgreSQL. It reads only what the API sends
 * to these GETs: an answer without Content-Length (chunked), bytes past it or a closed connection
 * fail the run.
 */
class KeepAliveGet {
  private readonly socket: Socket;
  private waiting?: { keepBody: boolean; resolve: (a: Answer) => void; reject: (e: Error) => void };
  private head: Buffer[] = [];
  private body: Buffer[] = [];
  private status = 0;
  /** Body bytes still to come, once the headers are read; -1 before. */
  private left = -1;
  private failure?: Error;

  constructor(
    hostname: string,
    port: number,
    private readonly request: Buffer,
  ) {
    this.socket = connect(port, hostname);
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => this.read(chunk));
    this.socket.on('error', (e) => this.fail(e));
    this.socket.on('close', () => this.fail(new Error('the API closed a keep-alive connection')));
  }

  get(keepBody: boolean): Promise<Answer> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = { keepBody, resolve, reject };
      this.socket.write(this.request);
    });
  }

  close(): void {
    this.socket.removeAllListeners('close');
    this.socket.destroy();
  }

  private read(chunk: Buffer): void {
    const waiting = this.waiting;
    if (!waiting) return this.fail(new Error('bytes from the API with no request outstanding'));
    if (this.left < 0) {
      this.head.push(chunk);
      const bytes = this.head.length === 1 ? chunk : Buffer.concat(this.head);
      const end = bytes.indexOf('\r\n\r\n');
      if (end < 0) return;
      const headers = bytes.toString('latin1', 0, end);
      const length = /\r\ncontent-length: *(\d+)/i.exec(headers);
      if (!length) return this.fail(new Error(`an answer without Content-Length: ${headers}`));
      this.status = Number(headers.slice(9, 12));
      this.head = [];
      chunk = bytes.subarray(end + 4);
      this.left = Number(length[1]);
    }
    this.left -= chunk.length;
    if (this.left < 0) return this.fail(new Error("more bytes than the answer's Content-Length"));
    if (waiting.keepBody || this.status !== 200) this.body.push(chunk);
    if (this.left > 0) return;
    const answer = { status: this.status, body: this.body.length ? Buffer.concat(this.body).toString() : '' };
    this.body = [];
    this.left = -1;
    this.waiting = undefined;
    waiting.resolve(answer);
  }

  private fail(e: Error): void {
    this.failure ??= e;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(e);
  }
}

/**
 * The clients: one KeepAliveGet each, not node:http or fetch (fetch cost about twice node:http's
 * CPU per request). Each answer is read to its last byte and its status checked, but its bytes are
 * neither kept nor decoded: that is the bench's work, not the API's (copying and decoding each
 * answer doubled the clients' young-generation GC). One answer after the timed ones is parsed for
 * its row count.
 */
async function clients(load: ReadLoad): Promise<ReadLoadResult | null> {
  const { hostname, port, path } = load;
  const request = Buffer.from(
    `GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${load.token}\r\n\r\n`,
    'latin1',
  );
  const connections = Array.from({ length: load.clients }, () => new KeepAliveGet(hostname, port, request));
  const checked = async (get: KeepAliveGet, keepBody = false) => {
    const r = await get.get(keepBody);
    if (r.status !== 200) throw new Error(`${load.name}: GET ${path} answered ${r.status} ${r.body}`);
    return r.body;
  };
  // Timed to the answer's last byte.
  const timed = async (get: KeepAliveGet) => {
    const started = performance.now();
    await checked(get);
    return performance.now() - started;
  };
  const all = (each: (get: KeepAliveGet) => Promise<void>) => Promise.all(connections.map(each));
  try {
    // The warm-up runs at full concurrency: one client at a time used one pooled connection, so the
    // timed burst opened the others and planned its statement on each (PostgreSQL plans a prepared
    // statement's first five executions per connection) — the ten slowest requests, i.e. the p99,
    // were that first wave at 4–10 × the p50 (seen with node:http timings per request).
    await all(async (get) => {
      for (let i = 0; i < load.warmUp; i++) await checked(get);
    });
    if (load.perClient === 0) return null;
    const ms: number[] = [];
    await all(async (get) => {
      for (let i = 0; i < load.perClient; i++) ms.push(await timed(get));
    });
    const body = JSON.parse(await checked(connections[0], true)) as { items?: unknown };
    return { ms, rows: Array.isArray(body.items) ? body.items.length : 1 };
  } finally {
    for (const get of connections) get.close();
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
