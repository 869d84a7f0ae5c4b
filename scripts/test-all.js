// `npm test`: lint and type checks, unit tests (Vitest), end-to-end tests (Playwright),
// then one line with the totals of all runners.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { electronBinary } from './electron-binary.js';

const results = [];
mkdirSync('test-results', { recursive: true });

function sh(command, env = {}) {
  console.log(`\n$ ${command}`);
  return (
    spawnSync(command, { stdio: 'inherit', shell: true, env: { ...process.env, ...env } })
      .status === 0
  );
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

// Each check counts as one test, so a lint failure shows in the totals.
const checks = [
  'eslint .',
  'prettier --check .',
  'tsc --noEmit -p tsconfig.json',
  'tsc --noEmit -p src-shared/tsconfig.json',
  'svelte-check --tsconfig tsconfig.json --fail-on-warnings --output human',
  'node scripts/build-wasm.js --check',
];
const lint = checks.map((c) => sh(c.startsWith('node ') ? c : `npx ${c}`));
results.push({
  runner: 'checks',
  passed: lint.filter(Boolean).length,
  failed: lint.filter((ok) => !ok).length,
});

const vitestOk = sh(
  'npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json',
);
const vitest = readJson('test-results/vitest.json');
results.push({
  runner: 'vitest',
  passed: vitest?.numPassedTests ?? 0,
  failed: vitest ? vitest.numFailedTests + (vitestOk || vitest.numFailedTests ? 0 : 1) : 1,
});

// The desktop suite (e2e/desktop) drives the real app where Electron's binary is installed;
// elsewhere it does not run, and the totals say so rather than count it.
const desktop = electronBinary() !== null;
const built =
  sh('npx vite build --config vite.web.config.ts --logLevel warn') &&
  (!desktop || sh('npx electron-vite build --logLevel warn'));
const e2eOk =
  built &&
  sh('npx playwright test --reporter=list,json', {
    PLAYWRIGHT_JSON_OUTPUT_NAME: 'test-results/playwright.json',
  });
const e2e =
  built && existsSync('test-results/playwright.json')
    ? readJson('test-results/playwright.json')
    : null;
results.push({
  runner: 'playwright',
  passed: e2e ? e2e.stats.expected + e2e.stats.flaky : 0,
  failed: e2e ? e2e.stats.unexpected + (e2eOk || e2e.stats.unexpected ? 0 : 1) : 1,
});

console.log('');
for (const r of results) console.log(`${r.runner}: ${r.passed} passed, ${r.failed} failed`);
if (!desktop) {
  console.log(
    "playwright desktop (e2e/desktop): did not run: Electron's binary is not installed here (npm start downloads it)",
  );
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
