/**
 * Test support (tests and `npm run fuzz` only): fast-check generators of model file texts made
 * from valid files, and the property every text must keep. The callers read the base files.
 */
import fc from 'fast-check';
import { DocumentError } from '../document/checks.ts';
import { runnableNetwork } from '../document/model-io.ts';
import type { Model } from '../nn/model.ts';
import { forward } from '../net/forward.ts';
import type { Network } from '../net/network.ts';
import { zeros, type Tensor } from '../tensor/tensor.ts';
import { must, mustBeOneLine, type Outcome } from '../test-support/fuzz.ts';
import { ModelFileError } from './errors.ts';
import { parseModelFile } from './parse.ts';
import { parseJson } from './parse-json.ts';
import { serializeModel } from './serialize.ts';

/** A version 2 Dense model with a training record (read through migration), version 3 and 4 CNNs. */
export const MODEL_FIXTURES = [
  'notebook-v2-trained.json',
  'notebook-v4-trained.json',
  'cnn-v3.json',
  'cnn-v4.json',
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Parent = Json[] | { [key: string]: Json };
type Place = { parent: Parent; key: string | number };

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

/** JSON text (valid or not) to put in place of a value: wrong types, huge, non-finite, deep, long. */
const replacement = fc.oneof(
  fc.constantFrom(
    ...['null', 'true', '""', '{}', '[]', '[[]]', '[1, 2, 3]', '[[1, 2], [3]]', '0', '-0', '-1'],
    ...['2.5', '3', '4096', '4097', '4294967296', '1e308', '-1e308', '3.5e38', '5e-324'],
    ...['NaN', 'Infinity', '-Infinity', '1e999', '"NaN"', '"Infinity"', '01', '1.', '.5', '+1'],
    ...['"dense"', '"input"', '"softmax"', '"conv2d"', '"flatten"', '"image-input"', '"relu"'],
    ...['{"type": "relu"}', '{"__proto__": {}}', '{"constructor": 1}', '"\\ud800"', '"\\u0000"'],
  ),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc.double().map(String),
  fc.integer({ min: 1, max: 400 }).map((n) => (n % 2 ? '-' : '') + '9'.repeat(n)),
  fc.integer({ min: 60, max: 100_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 60, max: 100_000 }).map((n) => '{"a":'.repeat(n)),
  fc.integer({ min: 1, max: 200_000 }).map((n) => `"${'x'.repeat(n)}"`),
  fc.string({ unit: 'binary', maxLength: 30 }).map((text) => JSON.stringify(text)),
);

/** Keys a field may be renamed to: typos, other fields, prototype keys; null drops the field. */
const newKey = fc.constantFrom(
  ...[null, 'weight', 'Weights', 'neuron_weights', 'units', 'type', 'id', 'version'],
  ...['__proto__', 'constructor', 'prototype', '', 'x'.repeat(100)],
);

const structural = fc.oneof(
  fc.record({ kind: fc.constant('replace'), place: fc.nat(), text: replacement }),
  fc.record({ kind: fc.constant('rename'), place: fc.nat(), key: newKey }),
  fc.record({ kind: fc.constant('swap'), place: fc.nat(), a: fc.nat(), b: fc.nat() }),
);
type Structural = typeof structural extends fc.Arbitrary<infer T> ? T : never;

/** Changes to the text itself: cut short, or characters replaced anywhere (any UTF-16 unit). */
const textual = fc.oneof(
  fc.record({ kind: fc.constant('cut'), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({
    kind: fc.constant('flip'),
    edits: fc.array(
      fc.record({
        at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        char: fc.oneof(
          fc.constantFrom(...'[]{}",:0123456789.eE+- \n\tNaIfinity\\/\u0000é😀'),
          fc.string({ unit: 'binary', minLength: 1, maxLength: 2 }),
        ),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  }),
);

const HOLE = '\u0000hole';

/** Applies the structural changes to a copy of the document, then writes it as text. */
function mutate(base: string, changes: readonly Structural[], indent: boolean): string {
  const document = JSON.parse(base) as Json;
  const holes: string[] = [];
  for (const change of changes) {
    const all = places(document);
    const { parent, key } = all[change.place % all.length]!;
    const record = parent as Record<string, Json>;
    if (change.kind === 'replace') {
      record[key] = `${HOLE}${holes.length}`;
      holes.push(change.text);
    } else if (change.kind === 'swap' && Array.isArray(parent) && parent.length > 1) {
      const [a, b] = [change.a % parent.length, change.b % parent.length];
      [parent[a], parent[b]] = [parent[b]!, parent[a]!];
    } else if (change.kind === 'rename' && typeof key === 'string') {
      const value = record[key]!;
      delete record[key];
      // defineProperty, so a key named __proto__ becomes a key and not the prototype.
      if (change.key !== null) {
        Object.defineProperty(record, change.key, { value, enumerable: true, writable: true });
      }
    }
  }
  let text = JSON.stringify(document, null, indent ? 2 : undefined);
  holes.forEach((hole, i) => (text = text.replace(JSON.stringify(`${HOLE}${i}`), hole)));
  return text;
}

/** Texts made from `base`: structural changes, then maybe changes to the text. */
export function modelText(base: string): fc.Arbitrary<string> {
  return fc
    .record({
      changes: fc.array(structural, { maxLength: 3 }),
      text: fc.option(textual, { freq: 3 }),
      indent: fc.boolean(),
    })
    .map(({ changes, text, indent }) => {
      let out = mutate(base, changes, indent);
      if (text?.kind === 'cut') return out.slice(0, Math.floor(text.at * out.length));
      for (const { at, char } of text?.edits ?? []) {
        const i = Math.floor(at * out.length);
        out = out.slice(0, i) + char + out.slice(i + 1);
      }
      return out;
    });
}

/** A batch of one black picture for an image network, else the model's examples. */
function inputsOf(model: Model, network: Network): Tensor[] {
  const first = network.layers[0]!;
  if (first.type !== 'image-input') return model.examples.map((example) => example.inputs);
  return [zeros([1, first.height, first.width, first.channels])];
}

/** A refusal as the user sees it: one line, starting with the JSON path when there is one. */
function checkRefusal(error: unknown): void {
  if (!(error instanceof ModelFileError)) throw error;
  mustBeOneLine(error.message);
  if (error.path) must(error.message.startsWith(`${error.path}: `), 'the message names its path');
}

/**
 * The property: `parseJson` agrees with JSON.parse wherever it accepts; the model file either
 * opens, saves and reopens to the same text, and runs (or says in one line why it cannot),
 * or is refused with a one-line ModelFileError. Throws when any of that fails.
 */
export function checkModelText(text: string): Outcome {
  let reference: unknown;
  let referenceFailed = false;
  try {
    reference = JSON.parse(text);
  } catch {
    referenceFailed = true;
  }
  try {
    const value = parseJson(text);
    must(!referenceFailed, 'parseJson accepts what JSON.parse refuses');
    must(JSON.stringify(value) === JSON.stringify(reference), 'parseJson and JSON.parse differ');
  } catch (error) {
    checkRefusal(error);
  }
  let model: Model;
  try {
    model = parseModelFile(text);
  } catch (error) {
    checkRefusal(error);
    return 'refused';
  }
  const saved = serializeModel(model);
  must(serializeModel(parseModelFile(saved)) === saved, 'the saved model reopens differently');
  let network: Network | null = null;
  try {
    network = runnableNetwork(model);
  } catch (error) {
    // A file holds work in progress: a wire that does not fit is said in one line.
    if (!(error instanceof DocumentError)) throw error;
    mustBeOneLine(error.message);
  }
  if (network) for (const inputs of inputsOf(model, network)) forward(network, inputs);
  return 'accepted';
}
