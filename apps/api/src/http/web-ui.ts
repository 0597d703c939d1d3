import { existsSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { static as staticFiles, type NextFunction, type Request, type Response } from 'express';

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
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/**
 * Serves the built web app (Vite output) at `/`: its files as they are, and index.html for any
 * other GET that is not a server path, so client-side routes survive a reload. Returns false, and
 * serves nothing, when the build is absent (an API-only deployment or a build without the web app).
 */
export function serveWebUi(app: NestExpressApplication, dir: string): boolean {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return false;
  app.use(precompressedAssets(dir));
  const files = staticFiles(dir, {
    index: false,
    setHeaders: (res, path) =>
      res.setHeader('cache-control', path.includes('/assets/') ? IMMUTABLE : REVALIDATE),
  });
  // The server's own paths skip the file lookup: it was a stat of the disk on every API request
  // (6 % of the API's CPU on a list read, measured with --cpu-prof).
  app.use((req: Request, res: Response, next: NextFunction) =>
    SERVER_PATHS.test(req.path) ? next() : files(req, res, next),
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_APP_PATHS.test(req.path)) return next();
    res.setHeader('cache-control', REVALIDATE);
    res.sendFile(index);
  });
  return true;
}

/**
 * An asset request from a browser that accepts brotli or gzip gets the build's compressed copy
 * (with the original's content type); anything else falls through to the plain file.
 */
function precompressedAssets(dir: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.path.startsWith('/assets/')) return next();
    const file = normalize(join(dir, req.path));
    // normalize() resolves `..`; a path leaving the build folder is not ours to answer.
    if (!file.startsWith(join(dir, 'assets'))) return next();
    const accepted = String(req.headers['accept-encoding'] ?? '');
    const encoding = ENCODINGS.find(
      (e) => new RegExp(`\\b${e.name}\\b`).test(accepted) && existsSync(file + e.suffix),
    );
    res.vary('accept-encoding');
    if (!encoding) return next();
    res.type(extname(file));
    res.setHeader('content-encoding', encoding.name);
    res.setHeader('cache-control', IMMUTABLE);
    res.sendFile(file + encoding.suffix, { headers: { 'content-type': res.get('content-type') } }, (err) => {
      if (err) next(err);
    });
  };
}
