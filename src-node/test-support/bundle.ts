/** Bundles the save child to one .mjs (plain node, no tsx), readable by any user. */
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

export async function bundleSaveChild(folder: string): Promise<string> {
  const outfile = join(folder, 'save-child.mjs');
  await build({
    entryPoints: [join(import.meta.dirname, 'save-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'silent',
  });
  chmodSync(folder, 0o755);
  chmodSync(outfile, 0o644);
  return outfile;
}
