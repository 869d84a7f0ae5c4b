import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

/** Which folders each shell may not import from. */
const FORBIDDEN_IMPORTS = {
  'src-main': ['src-cli', 'src-renderer'],
  'src-cli': ['src-main', 'src-renderer'],
  'src-renderer': ['src-main', 'src-cli', 'src-node'],
  'src-node': ['src-main', 'src-cli', 'src-renderer'],
};

function shellBoundaries() {
  return Object.entries(FORBIDDEN_IMPORTS).map(([shell, others]) => ({
    files: [`${shell}/**/*.ts`, `${shell}/**/*.svelte`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: others.map((other) => ({
            regex: `(^|/)${other}(/|$)`,
            message: `${shell} may not import from ${other}: the shells share only src-shared (the core) and src-node (Node file I/O).`,
          })),
        },
      ],
    },
  }));
}

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      'release/',
      'test-results/',
      'artifacts/',
      'src-wasm/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // State holds immutable values replaced whole ($state.raw), so plain Set and Date are right.
      'svelte/prefer-svelte-reactivity': 'off',
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(only|skip)$/]',
          message: 'No focused or skipped tests.',
        },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, svelteConfig, extraFileExtensions: ['.svelte'] },
    },
  },
  // The three shells stay apart: each may import the core (src-shared) and the Node I/O that the
  // desktop and the CLI share (src-node, not the renderer's), never another shell.
  ...shellBoundaries(),
  {
    // Every web e2e test runs with the fixture that fails it on console errors and CSP violations.
    files: ['e2e/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@playwright/test',
              importNames: ['test'],
              message:
                "Import test from './fixtures.ts': it fails a test on any console error or CSP violation.",
            },
          ],
        },
      ],
    },
  },
  {
    // The core runs in the worker, in Node and in tests: keep it free of platform APIs.
    files: ['src-shared/**/*.ts'],
    ignores: ['src-shared/**/*.test.ts'],
    languageOptions: { globals: { ...globals.es2023 } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: ['node:*', 'fs', 'path', 'electron', 'svelte', 'svelte/*', 'konva', 'konva/*'],
        },
      ],
    },
  },
);
