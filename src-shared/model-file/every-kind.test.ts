/**
 * The file form of every kind in the registry, drawn at random: what a kind writes, the model
 * file reads back as it was. A kind whose file form left out a key, wrote one it does not read,
 * read a value its settings allow but its file refuses, or lost precision would fail here, so a
 * new kind is checked by adding it to KINDS, with no test of its own needed for the file.
 */
import { describe, expect, it } from 'vitest';
import {
  isImageLayerType,
  KINDS,
  LAYER_TYPES,
  layerKind,
  parameterCount,
  type Layer,
  type LayerType,
  type Settings,
  type SettingSpec,
} from '../layers/index.ts';
import type { Model } from '../nn/model.ts';
import { RandomState } from '../rng/random-state.ts';
import { ShapeError } from '../tensor/ops.ts';
import type { Shape, Tensor } from '../tensor/tensor.ts';
import { ModelFileError, parseModelFile, serializeModel } from './index.ts';

const TRIALS = 20;
/** Layers are redrawn until they hold at most this many numbers, so the test stays quick. */
const MAX_PARAMETERS = 20_000;

/** One sample's shape arriving at each role: rows of features or pictures, one or two wires. */
function arriving(type: LayerType, rng: RandomState): Shape[] {
  const kind = layerKind(type);
  if (kind.role === 'input') return [];
  // Dense and softmax take rows of features; every other kind takes pictures.
  const picture: Shape = [rng.randint(6, 12), rng.randint(6, 12), rng.randint(1, 4)];
  const shape = type === 'dense' || type === 'softmax' ? [rng.randint(1, 8)] : picture;
  return kind.role === 'merge' ? [shape, shape] : [shape];
}

/** A value in the setting's range, its ends often: that is where a file form and a range disagree. */
function draw(spec: SettingSpec, rng: RandomState): number {
  if (spec.choices) return spec.choices[rng.randint(spec.choices.length)]!;
  const edge = rng.randint(4);
  if (edge === 0) return spec.min;
  if (edge === 1) return spec.max;
  return spec.integer
    ? rng.randint(spec.min, Math.min(spec.max, spec.min + 6) + 1)
    : rng.uniform(spec.min, spec.max);
}

/** A layer of the kind from random settings, its numbers random, and the settings it came from. */
function randomLayer(type: LayerType, rng: RandomState): { layer: Layer; settings: Settings } {
  const kind = layerKind(type);
  for (let attempt = 0; attempt < 200; attempt++) {
    const settings = Object.fromEntries(kind.settings.map((spec) => [spec.key, draw(spec, rng)]));
    let layer: Layer;
    try {
      layer = kind.create(settings, arriving(type, rng));
    } catch (error) {
      // Settings that cannot take the shape arriving (a kernel wider than the picture): redraw.
      if (error instanceof ShapeError) continue;
      throw error;
    }
    if (parameterCount(layer) > MAX_PARAMETERS) continue;
    fillRandom(layer, rng);
    return { layer, settings };
  }
  throw new Error(`${type}: no layer of at most ${MAX_PARAMETERS} numbers in 200 draws`);
}

/**
 * Parameters get Gaussian values of either sign; other arrays (running statistics, per-channel
 * scales) positive ones, as the statistics they hold are.
 */
function fillRandom(layer: Layer, rng: RandomState): void {
  const parameters = new Set(
    layerKind(layer.type)
      .parameters(layer)
      .map((p) => p.tensor),
  );
  for (const value of Object.values(layer) as unknown[]) {
    if (isTensor(value)) {
      const signed = parameters.has(value);
      value.data.forEach((_, i) => {
        value.data[i] = signed ? rng.gaussian() : rng.uniform(0.1, 2);
      });
    } else if (Array.isArray(value)) {
      value.forEach((_, i) => {
        (value as number[])[i] = rng.uniform(0.1, 2);
      });
    }
  }
}

function isTensor(value: unknown): value is Tensor {
  return typeof value === 'object' && value !== null && 'data' in value && 'shape' in value;
}

function oneNode(layer: Model['nodes'][number]['layer']): Model {
  return {
    nodes: [{ id: 'n1', position: { x: 12, y: -3.5 }, layer }],
    wires: [],
    examples: [],
    metadata: {},
  };
}

/** The layer's own keys as the file holds them: all but type, id and position. */
function ownKeys(text: string): string[] {
  const [node] = (JSON.parse(text) as { layers: Record<string, unknown>[] }).layers;
  return Object.keys(node!).filter((key) => !['type', 'id', 'position'].includes(key));
}

describe('every kind in the registry', () => {
  it('is covered: every kind has a file form with keys of its own or none', () => {
    expect(KINDS.length).toBe(LAYER_TYPES.length);
    for (const kind of KINDS) expect(Array.isArray(kind.file.keys)).toBe(true);
  });

  it.each(LAYER_TYPES)('%s: reads back from the file as it was written', (type) => {
    const rng = new RandomState(LAYER_TYPES.indexOf(type) + 1);
    const kind = layerKind(type);
    for (let trial = 0; trial < TRIALS; trial++) {
      const { layer, settings } = randomLayer(type, rng);
      const text = serializeModel(oneNode(layer));
      expect(ownKeys(text)).toEqual(kind.file.keys);
      const back = parseModelFile(text);
      expect(back.nodes[0]!.layer).toStrictEqual(layer);
      expect(kind.settingsOf(back.nodes[0]!.layer as Layer)).toEqual(settings);
      // Written again, the same text: nothing was rounded on the way.
      expect(serializeModel(back)).toBe(text);
    }
  });

  it.each(LAYER_TYPES)('%s: refuses its layer without each of its keys, naming it', (type) => {
    const { layer } = randomLayer(type, new RandomState(7));
    const json = JSON.parse(serializeModel(oneNode(layer))) as { layers: object[] };
    for (const key of layerKind(type).file.keys) {
      const without = { ...(json.layers[0] as Record<string, unknown>) };
      delete without[key];
      const text = JSON.stringify({ ...json, layers: [without] });
      let read: Model;
      try {
        read = parseModelFile(text);
      } catch (error) {
        expect(error).toBeInstanceOf(ModelFileError);
        expect((error as ModelFileError).path).toBe(`layers[0].${key}`);
        expect((error as Error).message).toContain('found nothing (the key is missing)');
        continue;
      }
      // A key a layer may lack (a Dense layer's weights before it is wired) reads as null.
      expect((read.nodes[0]!.layer as unknown as Record<string, unknown>)[key]).toBeNull();
    }
  });

  it.each(LAYER_TYPES.filter(isImageLayerType))(
    '%s: a layer placed but not yet fitted saves as its settings alone and reads back',
    (type) => {
      const rng = new RandomState(100 + LAYER_TYPES.indexOf(type));
      const kind = layerKind(type);
      for (let trial = 0; trial < TRIALS; trial++) {
        const settings = Object.fromEntries(kind.settings.map((s) => [s.key, draw(s, rng)]));
        const text = serializeModel(oneNode({ type, settings }));
        expect(ownKeys(text)).toEqual(['settings']);
        expect(parseModelFile(text).nodes[0]!.layer).toEqual({ type, settings });
      }
    },
  );
});
