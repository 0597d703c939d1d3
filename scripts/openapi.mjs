// The HTTP contract's generated files, from the code (no PostgreSQL, Redis or network needed):
//
//   node scripts/openapi.mjs metadata   apps/api/src/openapi/plugin-metadata.ts (not checked in; `npm run build`
//                                       runs this first, and skips it when the file's recorded inputs hash is
//                                       that of the sources now): the @nestjs/swagger compiler plugin, run read-only
//                                       over the TypeScript program (PluginMetadataGenerator + ReadonlyVisitor),
//                                       records the properties, types, enums, nullability, doc comments and
//                                       validation limits of the contract classes (libs/contract), the request
//                                       DTOs and the domain shapes the API returns, and each handler's summary
//                                       and response type.
//   node scripts/openapi.mjs            (`npm run openapi`) the metadata, the server build (tsc, as in
//                                       `npm run build`), then docs/openapi.json: the built API creates the
//                                       document in preview mode (nothing connects). Add `--check` to change
//                                       nothing and fail when the checked-in document differs (CI).
//   node scripts/openapi.mjs client     (`npm run openapi:client`) test/contract/generated/ (not checked in):
//                                       a TypeScript client generated from docs/openapi.json by @hey-api/openapi-ts,
//                                       again only when the document (or the tools) changed since the last time.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const require = createRequire(import.meta.url);

const METADATA_DIR = 'apps/api/src/openapi';
const METADATA_FILE = join(METADATA_DIR, 'plugin-metadata.ts');
const DOCUMENT = 'docs/openapi.json';
const CLIENT_DIR = 'test/contract/generated';

/** Files the plugin reads as models (schemas): a part of the path is enough (it matches by `includes`). */
const MODEL_FILES = [
  '/libs/contract/src/',
  '.dto.ts',
  // Domain shapes the API returns as they are (field-only classes).
  '/libs/domain/src/list/matter.ts',
  '/libs/domain/src/routing/task-input.ts',
  '/libs/domain/src/routing/rule-table.ts',
];

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/**
 * A hash of everything the metadata is made from: the server's TypeScript (the plugin reads the whole
 * program that tsconfig.build.json names, since a property's type may come from any file), the
 * tsconfigs, the installed versions (package-lock.json) and this script. Specs are not in the program.
 */
function metadataInputsHash() {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (path.endsWith('.ts') && path !== METADATA_FILE && !/\.(e2e-)?spec\.ts$/.test(path))
        files.push(path);
    }
  };
  for (const dir of ['apps/api', 'apps/worker', 'apps/cli', 'libs', 'test/bench', 'test/support']) walk(dir);
  return hashOf([
    ...files,
    'tsconfig.json',
    'tsconfig.build.json',
    'package-lock.json',
    'scripts/openapi.mjs',
  ]);
}

/** SHA-256 over the files' names and contents, in the order given. */
function hashOf(files) {
  const hash = createHash('sha256');
  for (const file of files) hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

const HASH_LINE = '// Inputs: ';

async function metadata() {
  const inputs = metadataInputsHash();
  if (existsSync(METADATA_FILE) && readFileSync(METADATA_FILE, 'utf8').includes(`${HASH_LINE}${inputs}\n`)) {
    console.log(`${METADATA_FILE} is up to date (its inputs have not changed)`);
    return;
  }
  const { ReadonlyVisitor } = require('@nestjs/swagger/plugin');
  const { PluginMetadataGenerator } = require('@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator');
  const prettier = require('prettier');
  const out = mkdtempSync(join(tmpdir(), 'dutygate-openapi-'));
  try {
    new PluginMetadataGenerator().generate({
      visitors: [
        new ReadonlyVisitor({
          pathToSource: resolve(METADATA_DIR),
          dtoFileNameSuffix: MODEL_FILES,
          controllerFileNameSuffix: ['.controller.ts'],
          classValidatorShim: true,
          // Doc comments become descriptions (properties) and summaries (handlers): one source.
          introspectComments: true,
          // `import('./x.js')`: the file is compiled as CommonJS under module nodenext, where a
          // dynamic import is a real one and needs the extension; Node shares its module cache
          // with require, so the classes it describes are the ones the application uses.
          esmCompatible: true,
        }),
      ],
      outputDir: out,
      filename: 'plugin-metadata.ts',
      tsProgramRef: ReadonlyVisitor.createTsProgram(resolve('tsconfig.build.json')),
      printDiagnostics: false,
    });
    const text = readFileSync(join(out, 'plugin-metadata.ts'), 'utf8').replace(
      '/* eslint-disable */\n',
      `/* eslint-disable */\n// Generated by scripts/openapi.mjs (\`npm run build\`, \`npm run openapi\`); not checked in.\n${HASH_LINE}${inputs}\n`,
    );
    const options = (await prettier.resolveConfig(METADATA_FILE)) ?? {};
    writeFileSync(METADATA_FILE, await prettier.format(text, { ...options, filepath: METADATA_FILE }));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function document(check) {
  // TypeScript 7's compiler, as `npm run build` (the metadata above needs TypeScript 6's API).
  const tsc = join(dirname(require.resolve('typescript7/package.json')), 'bin/tsc');
  run(process.execPath, [tsc, '-p', 'tsconfig.build.json']);
  run('npx', ['tsc-alias', '-p', 'tsconfig.build.json']);
  const r = spawnSync('node', ['dist/apps/api/src/openapi/generate.js'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
  const current = existsSync(DOCUMENT) ? readFileSync(DOCUMENT, 'utf8') : null;
  if (current === r.stdout) return console.log(`${DOCUMENT} is what the code describes`);
  if (!check) return (writeFileSync(DOCUMENT, r.stdout), console.log(`wrote ${DOCUMENT}`));
  console.error(`${DOCUMENT} is not what the code describes: run \`npm run openapi\` and commit it`);
  process.exit(1);
}

/** Beside the generated client: the hash of what it was generated from (`npm test` skips an unchanged one). */
const CLIENT_INPUTS = join(CLIENT_DIR, '.inputs-hash');

async function client() {
  const inputs = hashOf([
    DOCUMENT,
    'test/contract/tsconfig.json',
    'package-lock.json',
    'scripts/openapi.mjs',
  ]);
  if (existsSync(CLIENT_INPUTS) && readFileSync(CLIENT_INPUTS, 'utf8') === inputs) {
    console.log(`${CLIENT_DIR}/ is up to date with ${DOCUMENT}`);
    return;
  }
  const { createClient } = await import('@hey-api/openapi-ts');
  rmSync(CLIENT_DIR, { recursive: true, force: true });
  await createClient({
    // An absolute path: a relative one shaped like `a/b` is read as a Hey API registry name (a download).
    input: resolve(DOCUMENT),
    // This tsconfig (moduleResolution bundler) makes imports extension-less, which Jest resolves too.
    output: {
      path: CLIENT_DIR,
      postProcess: ['prettier'],
      tsConfigPath: resolve('test/contract/tsconfig.json'),
    },
    plugins: ['@hey-api/typescript', '@hey-api/sdk', '@hey-api/client-fetch'],
    logs: { level: 'silent' },
  });
  writeFileSync(CLIENT_INPUTS, inputs);
  console.log(`wrote ${CLIENT_DIR}/ from ${DOCUMENT}`);
}

const [command] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (command === 'metadata') await metadata();
else if (command === 'client') await client();
else if (command === undefined) {
  await metadata();
  document(process.argv.includes('--check'));
} else {
  console.error(`unknown command ${command}: metadata, client, or none (the document)`);
  process.exit(2);
}
