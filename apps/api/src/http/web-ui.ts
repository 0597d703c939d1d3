import { existsSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { send, type FileSendResult, type SendOptions } from '@fastify/send';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { contentType } from 'mime-types';
import { pathOf } from './protocol';

/** The first segments of the server's own paths (`/docs` also as `/docs-json` and `/docs-yaml`). */
const SERVER_ROOTS = 'api|health|metrics|docs|admin\\/queues';
/** The server's own paths: never a file of the build. */
const SERVER_PATHS = new RegExp(`^\\/(${SERVER_ROOTS})(\\/|$|-json|-yaml)`);
/**
 * Paths that are never the single-page app: the server's own, and the build's assets (a missing
 * asset after a redeploy should be a 404, not index.html parsed as a script).
 */
const NOT_APP_PATHS = new RegExp(`^\\/(${SERVER_ROOTS}|assets)(\\/|$|-json|-yaml)`);

/** Hashed asset names change with their content, so they may be cached for good; index.html may not. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/**
 * The compressed copies the build writes beside each text asset (apps/web/build/precompress.ts),
 * best first. Brotli is about 15 % smaller than gzip on the vendor script.
 */
const ENCODINGS = [
  { name: 'br', suffix: '.br', accepted: /\bbr\b/ },
  { name: 'gzip', suffix: '.gz', accepted: /\bgzip\b/ },
] as const;

/**
 * Serves the built web app (Vite output) at `/`: its files as they are, and index.html for any
 * other GET that is not a server path, so client-side routes survive a reload. Returns false, and
 * serves nothing, when the build is absent (an API-only deployment or a build without the web app).
 *
 * An onRequest hook answers every GET or HEAD outside the server's own paths, before routing; the
 * server's paths never touch the disk (a stat on every API request was 6 % of the API's CPU on a
 * list read under Express). Files go out through @fastify/send (the `send` that
 * Express's static files used): ETag and Last-Modified, ranges and 304s as before.
 */
export function serveWebUi(instance: FastifyInstance, dir: string): WebUi | undefined {
  const root = resolve(dir);
  if (!existsSync(join(root, 'index.html'))) return undefined;
  // The content type is set from mime-types, as Express's `send` did (`text/javascript`, not `application/…`).
  const options: SendOptions = {
    root,
    index: false,
    dotfiles: 'ignore',
    cacheControl: false,
    contentType: false,
  };
  // Every GET or HEAD whose path is not one of the server's (compared as sent, case and all) is the
  // web app's, as when Express's static files and index.html came before the API's routes: a
  // request the router would match case-insensitively (`/API/TASKS`) gets index.html too.
  instance.addHook('onRequest', (req, reply, done) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return done();
    const path = pathOf(req.url);
    if (SERVER_PATHS.test(path)) return done();
    serve(req, reply, root, path, options).then(
      (served) => {
        if (!served) done();
      },
      (e: Error) => done(e),
    );
  });
  return {
    // A path the router could not decode (`/%`): Express's static files passed it on, so index.html
    // answered it unless it is the server's or an asset's; those get the router's 400 (false).
    answerUndecodable: async (req, reply) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      const path = pathOf(req.url);
      if (NOT_APP_PATHS.test(path)) return false;
      return sendIndex(req, reply, options);
    },
  };
}

export interface WebUi {
  answerUndecodable(req: FastifyRequest, reply: FastifyReply): Promise<boolean>;
}

async function serve(
  req: FastifyRequest,
  reply: FastifyReply,
  root: string,
  path: string,
  options: SendOptions,
): Promise<boolean> {
  if (path.startsWith('/assets/') && (await precompressed(req, reply, root, path, options))) return true;
  const file = await send(req.raw, path, options);
  if (file.type === 'file') {
    const cache = file.metadata.path.includes('/assets/') ? IMMUTABLE : REVALIDATE;
    await sendFile(reply, file, typeOf(file.metadata.path), cache);
    return true;
  }
  if (file.type === 'directory' && !path.endsWith('/')) {
    // A folder of the build without its slash (`/assets`): serve-static's redirect, word for word.
    const query = req.url.slice(pathOf(req.url).length);
    const location = `${path.replace(/^\/+/, '/')}/${query}`;
    await reply
      .code(301)
      .header('content-type', 'text/html; charset=UTF-8')
      .header('content-security-policy', "default-src 'none'")
      .header('x-content-type-options', 'nosniff')
      .header('location', location)
      .send(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Redirecting</title>\n' +
          `</head>\n<body>\n<pre>Redirecting to ${escapeHtml(location)}</pre>\n</body>\n</html>\n`,
      );
    return true;
  }
  if (NOT_APP_PATHS.test(path)) return false;
  return sendIndex(req, reply, options);
}

/** Answers with a file @fastify/send found (its status, length, validators and range), typed and cached as given. */
async function sendFile(
  reply: FastifyReply,
  file: FileSendResult,
  type: string,
  cache: string,
): Promise<void> {
  await reply
    .code(file.statusCode)
    .headers(file.headers)
    .header('content-type', type)
    .header('cache-control', cache)
    .send(file.stream);
}

/** The Content-Type of a file of the build, by its extension (mime-types, as Express). */
const typeOf = (path: string) => contentType(extname(path)) || 'application/octet-stream';

/**
 * index.html, for a path of the single-page app. Without an ETag, as Express's res.sendFile sent it
 * (its etag setting was off for the whole application); Last-Modified stays.
 */
async function sendIndex(req: FastifyRequest, reply: FastifyReply, options: SendOptions): Promise<boolean> {
  const index = await send(req.raw, '/index.html', { ...options, dotfiles: 'allow', etag: false });
  if (index.type !== 'file') return false;
  await sendFile(reply, index, 'text/html; charset=utf-8', REVALIDATE);
  return true;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

/**
 * An asset request from a browser that accepts brotli or gzip gets the build's compressed copy
 * (with the original's content type); anything else falls through to the plain file.
 */
async function precompressed(
  req: FastifyRequest,
  reply: FastifyReply,
  root: string,
  path: string,
  options: SendOptions,
): Promise<boolean> {
  const file = normalize(join(root, path));
  // normalize() resolves `..`; a path leaving the build folder is not ours to answer.
  if (!file.startsWith(join(root, 'assets'))) return false;
  const accepted = String(req.headers['accept-encoding'] ?? '');
  const encoding = ENCODINGS.find((e) => e.accepted.test(accepted) && existsSync(file + e.suffix));
  reply.header('vary', 'accept-encoding');
  if (!encoding) return false;
  // res.sendFile under Express: no ETag there either.
  const sent = await send(req.raw, path + encoding.suffix, { ...options, etag: false });
  if (sent.type !== 'file') return false;
  reply.header('content-encoding', encoding.name);
  await sendFile(reply, sent, typeOf(file), IMMUTABLE);
  return true;
}
