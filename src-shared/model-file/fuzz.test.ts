import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DocumentError } from '../document/checks.ts';
import { runnableNetwork } from '../document/model-io.ts';
import type { Model } from '../nn/model.ts';
import { forward } from '../net/forward.ts';
import { type Network } from '../net/network.ts';
import { RandomState } from '../rng/random-state.ts';
import { zeros, type Tensor } from '../tensor/tensor.ts';
import { ModelFileError, parseModelFile, serializeModel } from './index.ts';
import { parseJson } from './parse-json.ts';

/** A version 2 Dense model with a training record (read through migration) and a version 3 CNN. */
const BASES = ['notebook-v2-trained.json', 'notebook-v4-trained.json', 'cnn-v3.json'].map(
  (name) => ({
    name,
    text: readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8'),
  }),
);
const random = new RandomState(20261126);
const int = (n: number) => Math.floor(random.randomSample() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Place = { parent: Json[] | { [key: string]: Json }; key: string | number };

/** Every value's place in the document, found without recursion. */
function places(document: Json): Place[] {
  const found: Place[] = [];
  const todo: Json[] = [document];
  for (let node = todo.pop(); node !== undefined; node = todo.pop()) {
    if (typeof node !== 'object' || node === null) continue;
    for (const [key, child] of Object.entries(node)) {
      found.push({ parent: node, key: Array.isArray(node) ? Number(key) : key });
      todo.push(child);
    }
  }
  return found;
}

const HOLE = '\u0000hole';
const REPLACEMENTS = [
  'null',
  'true',
  'false',
  '"NaN"',
  '"Infinity"',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '-1e999',
  '1e308',
  '-0',
  '2.5',
  '0',
  '-1',
  '4294967296',
  '""',
  '"dense"',
  '"input"',
  '"softmax"',
  '"conv2d"',
  '"flatten"',
  '"image-input"',
  '3',
  '{}',
  '[]',
  '[[]]',
  '[1, 2, 3]',
  '[[1, 2], [3]]',
  '{"type": "relu"}',
  '{"__proto__": {}}',
  '['.repeat(100) + ']'.repeat(100),
  '['.repeat(100_000),
  `"${'x'.repeat(1000)}"`,
];
const CHARS = [...'[]{}",:0123456789.eE+- \n\tNaIfinity\\/\u0000é😀'];

/** About a thousand broken (and some still valid) variants of one valid file. */
function variants(base: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < 250; i++) out.push(base.slice(0, Math.floor((i * base.length) / 250)));
  for (let i = 0; i < 250; i++) {
    let text = base;
    for (let flips = 1 + int(3); flips > 0; flips--) {
      const at = int(text.length);
      const char = int(2) ? pick(CHARS) : String.fromCharCode(int(0x10000));
      text = text.slice(0, at) + char + text.slice(at + 1);
    }
    out.push(text);
  }
  for (let i = 0; i < 300; i++) {
    const document = JSON.parse(base) as Json;
    const { parent, key } = pick(places(document));
    (parent as Record<string, Json>)[key] = HOLE;
    out.push(JSON.stringify(document, null, 2).replace(JSON.stringify(HOLE), pick(REPLACEMENTS)));
  }
  for (let i = 0; i < 200; i++) {
    const document = JSON.parse(base) as Json;
    const objects = places(document).filter((p) => typeof p.key === 'string');
    const { parent, key } = pick(objects) as { parent: Record<string, Json>; key: string };
    const value = parent[key]!;
    delete parent[key];
    const renamed = pick([
      null,
      `${key}s`,
      key.slice(0, -1),
      key.toUpperCase(),
      '__proto__',
      'constructor',
      'prototype',
      'neuron_weights',
      'units',
      'type',
    ]);
    if (renamed !== null) {
      Object.defineProperty(parent, renamed, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    out.push(JSON.stringify(document, null, int(2) ? 2 : undefined));
  }
  for (let i = 0; i < 50; i++) {
    const document = JSON.parse(base) as Json;
    const lists = places(document).filter((p) => Array.isArray(p.parent) && p.parent.length > 1);
    const list = pick(lists).parent as Json[];
    const [a, b] = [int(list.length), int(list.length)];
    [list[a], list[b]] = [list[b]!, list[a]!];
    out.push(JSON.stringify(document, null, 2));
  }
  return out;
}

/** A batch of one black picture for an image network, else the model's examples. */
function inputsOf(model: Model, network: Network): Tensor[] {
  const first = network.layers[0]!;
  if (first.type !== 'image-input') return model.examples.map((example) => example.inputs);
  return [zeros([1, first.height, first.width, first.channels])];
}

/**
 * The network the model runs, or null when it cannot run (a wire that does not fit): a file
 * holds work in progress, and running it must then say why in one line.
 */
function runnable(model: Model): Network | null {
  try {
    return runnableNetwork(model);
  } catch (error) {
    if (!(error instanceof DocumentError)) throw error;
    expect(error.message).not.toMatch(/[\n\r]/);
    return null;
  }
}

describe.each(BASES)('corrupted model files from $name', ({ text: base }) => {
  it('each parses to a working Model or throws a one-line ModelFileError, quickly', () => {
    const texts = variants(base);
    expect(texts.length).toBeGreaterThanOrEqual(1000);
    let accepted = 0;
    for (const text of texts) {
      let reference: unknown;
      let referenceFailed = false;
      try {
        reference = JSON.parse(text);
      } catch {
        referenceFailed = true;
      }
      try {
        const value = parseJson(text);
        expect(referenceFailed, `JSON.parse refuses what parseJson accepts: ${text}`).toBe(false);
        expect(value).toEqual(reference);
      } catch (error) {
        if (!(error instanceof ModelFileError)) throw error;
      }
      try {
        const model = parseModelFile(text);
        expect(parseModelFile(serializeModel(model))).toEqual(model);
        const network = runnable(model);
        if (network) for (const inputs of inputsOf(model, network)) forward(network, inputs);
        accepted++;
      } catch (error) {
        if (!(error instanceof ModelFileError)) {
          throw new Error(`${String(error)} for the text:\n${text.slice(0, 2000)}`, {
            cause: error,
          });
        }
        expect(error.message).not.toMatch(/[\n\r]/);
        expect(error.message.length).toBeGreaterThan(10);
        if (error.path) expect(error.message.startsWith(`${error.path}: `)).toBe(true);
      }
    }
    // Both outcomes occur: the variants are neither all fatal nor all harmless.
    expect(accepted).toBeGreaterThan(50);
    expect(accepted).toBeLessThan(texts.length - 500);
  });
});
