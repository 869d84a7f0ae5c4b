/**
 * What `npm run package` ships, read the way electron-builder reads it: its own config loader and
 * schema on electron-builder.yml (no Electron binary needed), and package.json's dependencies,
 * which electron-builder copies into the app.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const quiet = { isEnabled: false, add: () => {}, addValue: () => {} };

async function builderConfig() {
  const config = await getConfig(root, null, null);
  await validateConfiguration(config, quiet as never);
  return config;
}

describe('the desktop package', () => {
  it('flips the hardening fuses: no Node mode, NODE_OPTIONS, --inspect; only its checked asar', async () => {
    const config = await builderConfig();
    expect(config.asar ?? true).toBe(true);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('holds the main process, the preload and the renderer bundle, and nothing else', async () => {
    const { files } = await builderConfig();
    // The loader wraps the list as one filter set.
    expect(files).toEqual([
      { filter: ['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json'] },
    ]);
  });
});

/** The packages a source file imports by bare name (`zod`, not `./x` or `node:fs`). */
function bareImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const names = [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^'.][^']*)'/gm)]
    .map((match) => match[1]!)
    .filter((name) => !name.startsWith('node:'));
  return names.map((name) =>
    name
      .split('/')
      .slice(0, name.startsWith('@') ? 2 : 1)
      .join('/'),
  );
}

describe('the runtime dependencies', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const mainSources = readdirSync(join(root, 'src-main'))
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && name !== 'preload.ts')
    .map((name) => join(root, 'src-main', name));

  it("are exactly what the main process imports (the renderer's libraries are bundled)", () => {
    const imported = new Set(mainSources.flatMap(bareImports));
    imported.delete('electron'); // Electron itself runs the app; it is not packed as a module
    expect(Object.keys(pkg.dependencies).sort()).toEqual([...imported].sort());
  });

  it('leave Electron, the CLI (sharp, tsx) and the build tools to devDependencies', () => {
    for (const name of ['electron', 'electron-builder', 'sharp', 'tsx', 'esbuild', 'konva']) {
      expect(pkg.devDependencies, name).toHaveProperty(name);
      expect(pkg.dependencies, name).not.toHaveProperty(name);
    }
  });
});
