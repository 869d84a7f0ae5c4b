// The CLI built to JavaScript, so `weightcraft` starts without compiling TypeScript each time.
// bin/weightcraft.js builds it on first use and whenever a source it was built from changes (a
// clone needs no build step); `node scripts/build-cli.js` builds it now.
//
// Each build goes to a folder of its own, out/cli/<build>/, and out/cli/current.json names the
// current one, replaced by a rename: CLIs started during a build (the tests run several) keep
// reading one whole build.
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const cliRoot = join(root, 'out', 'cli');
const currentFile = join(cliRoot, 'current.json');

/** The worker runs in a thread of its own: an entry of its own, beside main.js. */
const ENTRIES = { main: 'src-cli/main.ts', 'engine-worker': 'src-cli/engine-worker.ts' };

/** Builds no CLI has named for this long are removed by the next build. */
const OLD_BUILD_MS = 60 * 60_000;

/** The current build's main.js, or null when there is none or a source changed since. */
export function currentCli() {
  try {
    const { build, started, inputs } = JSON.parse(readFileSync(currentFile, 'utf8'));
    // A source saved while the build was reading it counts as newer: >=, against its start.
    if (inputs.some((input) => statSync(join(root, input)).mtimeMs >= started)) return null;
    return join(cliRoot, build, 'main.js');
  } catch {
    return null; // no build yet, or a source is gone
  }
}

/** Bundles the CLI with esbuild (our TypeScript in; packages stay in node_modules). */
export async function buildCli() {
  const { build: esbuild } = await import('esbuild');
  const started = Date.now();
  const build = `${started.toString(36)}-${process.pid}`;
  const { metafile } = await esbuild({
    absWorkingDir: root,
    entryPoints: ENTRIES,
    outdir: join(cliRoot, build),
    // Commands load lazily (main.ts): each is a chunk, in the same folder as the worker entry.
    splitting: true,
    chunkNames: '[name]-[hash]',
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  const record = { build, started, inputs: Object.keys(metafile.inputs) };
  const temporary = `${currentFile}.${build}.tmp`;
  writeFileSync(temporary, JSON.stringify(record));
  renameSync(temporary, currentFile);
  removeOldBuilds(build);
  return join(cliRoot, build, 'main.js');
}

function removeOldBuilds(keep) {
  for (const entry of readdirSync(cliRoot, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === keep) continue;
    const folder = join(cliRoot, entry.name);
    if (Date.now() - statSync(folder).mtimeMs > OLD_BUILD_MS) {
      rmSync(folder, { recursive: true, force: true });
    }
  }
}

/** The URL of a current main.js, built first if needed. */
export async function builtCli() {
  return pathToFileURL(currentCli() ?? (await buildCli())).href;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  mkdirSync(cliRoot, { recursive: true });
  console.log(`Built the CLI: ${await buildCli()}`);
}
