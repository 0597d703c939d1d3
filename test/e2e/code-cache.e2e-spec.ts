import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../support/env';

/**
 * V8's code cache for the process bundles (apps/cli/src/code-cache.ts), through the built module
 * and the built bundles. Every process of the other e2e files starts through it as well: the first
 * start of a run compiles the chunks from their text and writes the cache, the later ones read it.
 */
const MODULE = join(PROJECT_ROOT, 'dist/apps/cli/src/code-cache.js');
const BUNDLES = join(PROJECT_ROOT, 'dist/server');

interface Run {
  stats: { fromCache: number; fromText: number; written: number };
  result: unknown;
}

/** Where a test folder's modules find `pg`, as a bundle's run-time requires find node_modules. */
const PACKAGES = { NODE_PATH: join(PROJECT_ROOT, 'node_modules') };

/**
 * A fresh Node process that installs the cache on `folder`, requires the module `main` (a path) and
 * prints what the cache did (after its save, which `saveAfterMs = 0` runs on the next timer) beside
 * the `result` that module exported (awaited).
 */
function run(folder: string, main: string, env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []): Run {
  const script = `
    const stats = require(${JSON.stringify(MODULE)}).installCodeCache(${JSON.stringify(folder)}, 0);
    Promise.resolve(require(${JSON.stringify(main)}).result).then((result) =>
      setTimeout(() => console.log(JSON.stringify({ stats, result })), 20));`;
  const out = execFileSync(process.execPath, [...nodeArgs, '-e', script], {
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Run;
}

describe('the code cache of the process bundles', () => {
  let root: string;
  let folder: string;
  const cacheOf = (dir: string) => join(dir, '.code-cache');
  const mainJs = () => join(folder, 'main.js');

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'dutygate-code-cache-'));
    folder = join(root, 'bundles');
    mkdirSync(join(folder, 'lib'), { recursive: true });
    // A chunk that requires a sibling chunk, a module outside the cache's reach (a subfolder), a
    // built-in and a package, resolves a path, knows where it is, and imports an ES module the way
    // the bundles do (scripts/bundle.mjs turns their import() into _dgImp()).
    writeFileSync(
      join(folder, 'main.js'),
      `const helper = require('./helper.js');
       const outside = require('./lib/outside.js');
       const path = require('node:path');
       exports.result = _dgImp(${JSON.stringify(join(folder, 'lib/esm.mjs'))}).then((esm) => ({
         sum: helper.add(2, 3),
         outside: outside.name,
         basename: path.basename(__filename),
         dirnameIsFolder: __dirname === ${JSON.stringify(folder)},
         resolved: require.resolve('./helper.js') === ${JSON.stringify(join(folder, 'helper.js'))},
         package: typeof require('pg').Pool,
         esm: esm.answer,
         mainIsNotThis: require.main !== module,
       }));`,
    );
    writeFileSync(join(folder, 'helper.js'), 'exports.add = (a, b) => a + b;');
    writeFileSync(join(folder, 'lib/outside.js'), "exports.name = 'outside';");
    writeFileSync(join(folder, 'lib/esm.mjs'), 'export const answer = 42;');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const expected = {
    sum: 5,
    outside: 'outside',
    basename: 'main.js',
    dirnameIsFolder: true,
    resolved: true,
    package: 'function',
    esm: 42,
    mainIsNotThis: true,
  };

  it('compiles its folder from text once, writes a cache per file, and reads it on the next start', () => {
    const first = run(folder, mainJs(), PACKAGES);
    expect(first).toEqual({ stats: { fromCache: 0, fromText: 2, written: 2 }, result: expected });
    const files = readdirSync(cacheOf(folder)).sort();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/^helper\.[0-9a-f]{20}\.bin$/);
    expect(files[1]).toMatch(/^main\.[0-9a-f]{20}\.bin$/);

    const second = run(folder, mainJs(), PACKAGES);
    expect(second).toEqual({ stats: { fromCache: 2, fromText: 0, written: 0 }, result: expected });
    expect(readdirSync(cacheOf(folder)).sort()).toEqual(files);
  });

  it('compiles a changed file from its text and keeps using the cache of the others', () => {
    run(folder, mainJs(), PACKAGES);
    writeFileSync(join(folder, 'helper.js'), 'exports.add = (a, b) => a + b + 100;');
    const changed = run(folder, mainJs(), PACKAGES);
    expect(changed.stats).toEqual({ fromCache: 1, fromText: 1, written: 1 });
    expect(changed.result).toEqual({ ...expected, sum: 105 });
    // The old text's cache stays beside the new one (a build starts from an empty dist folder).
    expect(readdirSync(cacheOf(folder)).filter((f) => f.startsWith('helper.'))).toHaveLength(2);
  });

  it('compiles from the text when the cache is damaged, and writes it again', () => {
    run(folder, mainJs(), PACKAGES);
    const helperCache = join(
      cacheOf(folder),
      readdirSync(cacheOf(folder)).find((f) => f.startsWith('helper.'))!,
    );
    const good = readFileSync(helperCache);
    writeFileSync(helperCache, Buffer.alloc(good.length, 7));
    const damaged = run(folder, mainJs(), PACKAGES);
    expect(damaged).toEqual({ stats: { fromCache: 1, fromText: 1, written: 1 }, result: expected });
    expect(readFileSync(helperCache).equals(Buffer.alloc(good.length, 7))).toBe(false);
    expect(run(folder, mainJs(), PACKAGES).stats).toEqual({ fromCache: 2, fromText: 0, written: 0 });
  });

  it('goes where CODE_CACHE_DIR says, runs without a cache when it cannot be written, and is off on request', () => {
    const elsewhere = join(root, 'elsewhere');
    expect(run(folder, mainJs(), { ...PACKAGES, CODE_CACHE_DIR: elsewhere }).stats.written).toBe(2);
    expect(readdirSync(elsewhere)).toHaveLength(2);

    // A file where the folder should be: nothing can be written, the code runs all the same.
    const blocked = join(root, 'blocked');
    writeFileSync(blocked, '');
    expect(run(folder, mainJs(), { ...PACKAGES, CODE_CACHE_DIR: blocked })).toEqual({
      stats: { fromCache: 0, fromText: 2, written: 0 },
      result: expected,
    });
    expect(statSync(blocked).isFile()).toBe(true);

    expect(run(folder, mainJs(), { ...PACKAGES, CODE_CACHE_DIR: 'off' })).toEqual({
      stats: { fromCache: 0, fromText: 0, written: 0 },
      result: expected,
    });
    expect(() => readdirSync(cacheOf(folder))).toThrow();
  });

  it('leaves compiling to Node when source maps are on, so that stack traces point into the sources', () => {
    expect(run(folder, mainJs(), PACKAGES, ['--enable-source-maps'])).toEqual({
      stats: { fromCache: 0, fromText: 0, written: 0 },
      result: expected,
    });
  });

  it('compiles the built bundles through it: every chunk of the three processes, then from the cache', () => {
    const chunks = readdirSync(BUNDLES).filter((f) => /^shared-.+\.js$/.test(f));
    expect(chunks.length).toBeGreaterThan(1);
    // Each entry's first statement installs the cache, before any chunk is loaded.
    for (const entry of ['api.js', 'worker.js', 'all-in-one.js'])
      expect(readFileSync(join(BUNDLES, entry), 'utf8')).toMatch(
        /^require\("\.\/code-cache\.js"\)\.installCodeCache\(__dirname\)[;,]/,
      );
    // No chunk keeps an import() expression: the bundler made each a _dgImp() call, which works when
    // the chunk comes from the cache (Node 20 gives such code no import() handler).
    const imports = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { parseAst } from 'rolldown/parseAst';
         import { readFileSync } from 'node:fs';
         let found = 0;
         const visit = (n) => {
           if (Array.isArray(n)) return n.forEach(visit);
           if (!n || typeof n !== 'object') return;
           if (n.type === 'ImportExpression') found++;
           for (const v of Object.values(n)) if (v && typeof v === 'object') visit(v);
         };
         for (const c of ${JSON.stringify(chunks)}) visit(parseAst(readFileSync(${JSON.stringify(BUNDLES)} + '/' + c, 'utf8')));
         console.log(found);`,
      ],
      { cwd: PROJECT_ROOT, encoding: 'utf8' },
    );
    expect(imports.trim()).toBe('0');
    expect(chunks.some((c) => readFileSync(join(BUNDLES, c), 'utf8').includes('_dgImp('))).toBe(true);
    // Loading the chunks defines the processes' code without starting anything.
    const loader = join(root, 'load-chunks.js');
    writeFileSync(
      loader,
      `exports.result = ${JSON.stringify(chunks)}.map((c) => typeof require(${JSON.stringify(BUNDLES)} + '/' + c)).join();`,
    );
    const cache = join(root, 'bundle-cache');
    const loadAll = () => run(BUNDLES, loader, { CODE_CACHE_DIR: cache });
    const objects = chunks.map(() => 'object').join();
    expect(loadAll()).toEqual({
      stats: { fromCache: 0, fromText: chunks.length, written: chunks.length },
      result: objects,
    });
    expect(readdirSync(cache)).toHaveLength(chunks.length);
    expect(loadAll()).toEqual({
      stats: { fromCache: chunks.length, fromText: 0, written: 0 },
      result: objects,
    });
  });
});
