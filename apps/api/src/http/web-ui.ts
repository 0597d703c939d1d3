import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/**
 * Paths that are never the single-page app: the server's own, and the build's assets (a missing
 * asset after a redeploy should be a 404, not index.html parsed as a script).
 */
const NOT_APP_PATHS = /^\/(api|health|metrics|docs|admin\/queues|assets)(\/|$|-json|-yaml)/;

/**
 * Serves the built web app (Vite output) at `/`: its files as they are, and index.html for any
 * other GET that is not a server path, so client-side routes survive a reload. Returns false, and
 * serves nothing, when the build is absent (an API-only deployment or a build without the web app).
 */
export function serveWebUi(app: NestExpressApplication, dir: string): boolean {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return false;
  // Hashed asset names change with their content, so they may be cached for good; index.html may not.
  app.useStaticAssets(dir, {
    index: false,
    setHeaders: (res, path) =>
      res.setHeader(
        'cache-control',
        path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      ),
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_APP_PATHS.test(req.path)) return next();
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}
