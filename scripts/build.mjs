// `npm run build`: the server (OpenAPI metadata, tsc, path aliases, the processes' bundles), the web
// app's type check and its Vite build side by side. Each is mostly one process busy on one core, and
// none reads what another writes (the server build writes dist/apps, dist/libs, dist/server and the
// plugin metadata; the type check writes nothing; Vite writes dist/web), so on two cores the build
// takes about half their sum.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const require = createRequire(import.meta.url);
/** A package's command, run with this Node (no shell, no PATH lookup): the same on every platform. */
const bin = (pkg, name) =>
  join(dirname(require.resolve(`${pkg}/package.json`)), require(`${pkg}/package.json`).bin[name]);
const node = process.execPath;

const CHAINS = {
  server: [
    [node, 'scripts/openapi.mjs', 'metadata'],
    [node, bin('typescript7', 'tsc'), '-p', 'tsconfig.build.json'],
    [node, bin('tsc-alias', 'tsc-alias'), '-p', 'tsconfig.build.json'],
    // The three processes as bundles in dist/server (what start, start:api, start:worker run).
    [node, 'scripts/bundle.mjs'],
  ],
  // The web app's type check emits nothing, so Vite need not wait for it.
  'web types': [[node, bin('typescript7', 'tsc'), '-p', 'apps/web/tsconfig.json']],
  web: [[node, bin('vite', 'vite'), 'build', 'apps/web']],
};

const children = new Set();

/** Runs one command, its output line by line with the chain's name in front; rejects on a non-zero exit. */
function run(name, [cmd, ...args]) {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    for (const [from, to] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      let rest = '';
      from.setEncoding('utf8');
      from.on('data', (chunk) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop();
        for (const line of lines) to.write(`[${name}] ${line}\n`);
      });
      from.on('end', () => rest && to.write(`[${name}] ${rest}\n`));
    }
    child.on('error', fail);
    child.on('close', (code, signal) => {
      children.delete(child);
      if (code === 0) ok();
      else
        fail(
          new Error(
            `${name}: \`${args.join(' ')}\` ${signal ? `killed by ${signal}` : `exited with ${code}`}`,
          ),
        );
    });
  });
}

rmSync('dist', { recursive: true, force: true });
const started = performance.now();
try {
  await Promise.all(
    Object.entries(CHAINS).map(async ([name, steps]) => {
      for (const step of steps) await run(name, step);
      console.log(`[${name}] done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }),
  );
} catch (e) {
  // One chain failed: the other's output no longer matters.
  for (const child of children) child.kill();
  console.error(`build failed: ${e.message}`);
  process.exit(1);
}
