import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import vm from 'node:vm';

/**
 * V8's code cache for the process bundles (dist/server): a start compiles their 6 MB of JavaScript
 * from a cache the previous start wrote instead of from the text. The API started with 0.87–0.93 s
 * of CPU against 1.14–1.19 s without it (2026-12-04, alternated, three each). Node 20 has no
 * compile cache of its own (module.enableCompileCache came with Node 22).
 *
 * The bundles' entries call {@link installCodeCache} before they load their chunks. It takes over
 * the compiling of the `.js` files of its own folder only; every other module (node_modules, the CLI
 * tools in dist/apps) is compiled by Node as before. A few seconds after the start, the chunks that
 * had no usable cache get one, written beside them in `.code-cache/` (the functions compiled by then
 * included). The cache's name carries a hash of the chunk's text and of Node's version, and V8
 * refuses data from another V8 or other flags; then the chunk is compiled from its text and the
 * cache written again. `CODE_CACHE_DIR` puts the cache elsewhere (`off`: no cache); where its folder
 * cannot be written (a read-only install) the process runs without it. With source maps on
 * (`--enable-source-maps`) Node compiles as before, so that stack traces point into the sources.
 */
interface Compiled {
  script: vm.Script;
  file: string;
}

/** What {@link installCodeCache} did so far in this process: chunks compiled from a cache, from their text. */
export interface CodeCacheStats {
  fromCache: number;
  fromText: number;
  written: number;
}

/**
 * What the bundles call for `import()` (scripts/bundle.mjs rewrites it): this module is compiled by
 * Node, so its `import()` has the handler that code compiled from a V8 code cache lacks on Node 20.
 * Defined on load, whether or not the cache is on. Specifiers resolve from the bundles' folder, where
 * the chunks that call it lie.
 */
(globalThis as { _dgImp?: unknown })._dgImp = (specifier: string, options?: ImportCallOptions) =>
  import(specifier, options);

const stats: CodeCacheStats = { fromCache: 0, fromText: 0, written: 0 };
let installed = false;

/**
 * Where the cache of the bundles in `folder` lives: `CODE_CACHE_DIR`, else `.code-cache` beside them;
 * `CODE_CACHE_DIR=off`: nowhere.
 */
function codeCacheFolder(folder: string): string | null {
  const configured = process.env.CODE_CACHE_DIR?.trim();
  if (configured === 'off') return null;
  return configured ? resolve(configured) : join(folder, '.code-cache');
}

/**
 * Compiles the `.js` files of `folder` through the code cache from now on, and writes the cache of
 * those that had none `saveAfterMs` after this call (a timer that does not keep the process alive).
 */
export function installCodeCache(bundles: string, saveAfterMs = 3000): CodeCacheStats {
  const folder = resolve(bundles);
  const cacheFolder = codeCacheFolder(folder);
  if (installed || process.sourceMapsEnabled || !cacheFolder) return stats;
  installed = true;
  const uncached: Compiled[] = [];
  type Compile = (this: Module, content: string, filename: string) => unknown;
  const proto = Module.prototype as unknown as { _compile: Compile };
  const compile = proto._compile;
  proto._compile = function (this: Module, content: string, filename: string) {
    if (dirname(filename) !== folder || !filename.endsWith('.js'))
      return compile.call(this, content, filename);
    const hash = createHash('sha256').update(process.version).update(content).digest('hex').slice(0, 20);
    const file = join(cacheFolder, `${basename(filename, '.js')}.${hash}.bin`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    // No import() handler: the bundles call _dgImp() instead, from text and from the cache alike.
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    if (cachedData && !script.cachedDataRejected) stats.fromCache++;
    else {
      stats.fromText++;
      uncached.push({ script, file });
    }
    return script
      .runInThisContext({ displayErrors: true })
      .call(this.exports, this.exports, requireOf(this), this, filename, folder);
  };
  setTimeout(() => save(cacheFolder, uncached.splice(0)), saveAfterMs).unref();
  return stats;
}

/** The `require` a module compiled by Node would get, as far as the bundles use it. */
function requireOf(module: Module): NodeJS.Require {
  const internal = Module as unknown as {
    _resolveFilename(request: string, parent: Module, isMain: boolean, options?: object): string;
    _resolveLookupPaths(request: string, parent: Module): string[] | null;
    _cache: NodeJS.Require['cache'];
    _extensions: NodeJS.Require['extensions'];
  };
  const require = ((id: string) => module.require(id)) as NodeJS.Require;
  require.resolve = Object.assign(
    (request: string, options?: { paths?: string[] }) =>
      internal._resolveFilename(request, module, false, options),
    { paths: (request: string) => internal._resolveLookupPaths(request, module) },
  );
  require.main = process.mainModule;
  require.cache = internal._cache;
  require.extensions = internal._extensions;
  return require;
}

/** Writes each chunk's cache whole or not at all: a temporary file renamed, so a reader never sees half. */
function save(cacheFolder: string, compiled: Compiled[]): void {
  if (!compiled.length) return;
  try {
    mkdirSync(cacheFolder, { recursive: true });
  } catch {
    return;
  }
  for (const { script, file } of compiled) {
    const temporary = `${file}.${process.pid}`;
    try {
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, file);
      stats.written++;
    } catch {
      rmSync(temporary, { force: true });
    }
  }
}
