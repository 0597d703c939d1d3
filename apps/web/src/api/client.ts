import type { ErrorBody, ErrorDetail } from './types';

/** An API error body (shared/API.md "Errors"), or a network failure as status 0. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

interface ClientHooks {
  token: () => string | null;
  language: () => string;
  /** A 401 on an authenticated call: the session has ended. */
  onUnauthenticated: () => void;
}

let hooks: ClientHooks = { token: () => null, language: () => 'zh-CN', onUnauthenticated: () => undefined };

/** Wires the client to the session and the chosen language (done once by the app shell). */
export function configureClient(h: ClientHooks): void {
  hooks = h;
}

type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
}

function url(path: string, query?: Query): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {}))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** One call to the API: bearer token and Accept-Language added, error bodies thrown as ApiError. */
export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': hooks.language() };
  const token = hooks.token();
  if (token) headers.authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (opts.form) body = opts.form;
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(url(path, opts.query), { method, headers: { ...headers, ...opts.headers }, body });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', (e as Error).message);
  }
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!res.ok) {
    const err = (parsed ?? {}) as Partial<ErrorBody>;
    if (res.status === 401 && token) hooks.onUnauthenticated();
    throw new ApiError(
      res.status,
      err.code ?? `HTTP_${res.status}`,
      err.message ?? res.statusText,
      err.details ?? [],
    );
  }
  return parsed as T;
}

/** A random Idempotency-Key; crypto.randomUUID exists only in secure contexts, getRandomValues everywhere. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A file from the API (an export): the same token and language as `request`, the body as a Blob
 * and the name the server gave it (Content-Disposition). Errors are thrown as `request` throws them.
 */
export async function requestFile(path: string, query?: Query): Promise<{ blob: Blob; filename: string }> {
  const headers: Record<string, string> = { 'accept-language': hooks.language() };
  const token = hooks.token();
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(url(path, query), { headers });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', (e as Error).message);
  }
  if (!res.ok) {
    const err = ((await res.json().catch(() => null)) ?? {}) as Partial<ErrorBody>;
    if (res.status === 401 && token) hooks.onUnauthenticated();
    throw new ApiError(
      res.status,
      err.code ?? `HTTP_${res.status}`,
      err.message ?? res.statusText,
      err.details ?? [],
    );
  }
  const disposition = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/.exec(disposition);
  const filename = star
    ? decodeURIComponent(star[1])
    : (/filename="([^"]+)"/.exec(disposition)?.[1] ?? 'export');
  return { blob: await res.blob(), filename };
}

/**
 * An export handed to the browser as a download under the server's file name (or `fallbackName`).
 */
export async function downloadFile(path: string, query?: Query, fallbackName = 'export'): Promise<string> {
  const { blob, filename } = await requestFile(path, query);
  const name = filename === 'export' ? fallbackName : filename;
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return name;
}
