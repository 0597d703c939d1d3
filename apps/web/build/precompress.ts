import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

/** Text assets worth compressing; images and fonts are compressed already. */
const TEXT = /\.(js|css|html|svg|json|txt)$/;
/** Below this a compressed copy saves less than its own headers cost. */
const MIN_BYTES = 1024;

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/**
 * Writes `name.br` and `name.gz` beside every text file of the build, once, at maximum
 * compression (brotli 11 takes seconds at build time and nothing per request). The API serves
 * them to browsers that accept them (apps/api/src/http/web-ui.ts), so no compression middleware
 * runs per request.
 */
export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'dutygate-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    // The files are compressed in zlib's thread pool, side by side: brotli 11 over the build's
    // ~3.4 MB of text is about 4 s of one core's work.
    async closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((n) => {
          const p = join(dir, n);
          return statSync(p).isDirectory() ? walk(p) : [p];
        });
      await Promise.all(
        walk(outDir)
          .filter((file) => TEXT.test(file))
          .map(async (file) => {
            const body = readFileSync(file);
            if (body.length < MIN_BYTES) return;
            const [gz, br] = await Promise.all([
              gzipAsync(body, { level: 9 }),
              brotliAsync(body, {
                params: {
                  [constants.BROTLI_PARAM_QUALITY]: 11,
                  [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
                },
              }),
            ]);
            writeFileSync(`${file}.gz`, gz);
            writeFileSync(`${file}.br`, br);
          }),
      );
    },
  };
}
