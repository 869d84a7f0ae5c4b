import { describe, expect, it } from 'vitest';
import type { TrainingRecord } from '../../src-shared/nn/model.ts';
import type { EditorDocument } from '../../src-shared/document/index.ts';
import type { Layer } from '../../src-shared/layers/index.ts';
import { withTrainedLayers } from './trained-layers.ts';

const f32 = (shape: number[], values: number[]) => ({
  shape,
  dtype: 'float32' as const,
  data: Float32Array.from(values),
});

const doc = {
  nodes: {
    n1: { id: 'n1', kind: 'image-input', position: { x: 0, y: 0 }, layer: { type: 'image-input' } },
    n2: {
      id: 'n2',
      kind: 'batchnorm',
      position: { x: 1, y: 0 },
      layer: { type: 'batchnorm', gamma: f32([1], [1]) },
    },
    n3: { id: 'n3', kind: 'relu', position: { x: 2, y: 0 } },
    n4: {
      id: 'n4',
      kind: 'dense',
      position: { x: 3, y: 0 },
      units: 2,
      weights: f32([1, 2], [0, 0]),
      biases: f32([2], [0, 0]),
    },
  },
  edges: {},
  metadata: { name: 'Pets' },
} as unknown as EditorDocument;

const trained = [
  { type: 'image-input' },
  { type: 'batchnorm', gamma: f32([1], [2]) },
  { type: 'relu' },
  { type: 'dense', weights: f32([1, 2], [3, 4]), biases: f32([2], [5, 6]) },
] as unknown as Layer[];

const record = { classNames: ['Cat', 'Dog'] } as unknown as TrainingRecord;

describe('withTrainedLayers', () => {
  it('replaces image layers and Dense weights, and the training record as a whole', () => {
    const stale = { ...doc, training: { classNames: ['old'] } as unknown as TrainingRecord };
    const next = withTrainedLayers(stale, {
      ids: ['n1', 'n2', 'n3', 'n4'],
      layers: trained,
      training: record,
    });
    expect(next.nodes['n2']).toMatchObject({ layer: trained[1] });
    expect(next.nodes['n4']).toMatchObject({
      weights: trained[3]!.type === 'dense' && trained[3]!.weights,
    });
    expect(next.nodes['n3']).toBe(doc.nodes['n3']);
    expect(next.training).toBe(record);
    expect(next.metadata).toEqual({ name: 'Pets' });
    expect(doc.nodes['n4']).toMatchObject({ weights: { data: Float32Array.from([0, 0]) } });
  });

  it('keeps a Dense node in its own precision: float32 training of a float64 lesson', () => {
    const lesson = {
      ...doc,
      nodes: {
        n4: {
          ...doc.nodes['n4']!,
          weights: { shape: [1, 2], dtype: 'float64', data: Float64Array.from([0, 0]) },
          biases: { shape: [2], dtype: 'float64', data: Float64Array.from([0, 0]) },
        },
      },
    } as unknown as EditorDocument;
    const next = withTrainedLayers(lesson, {
      ids: ['n4'],
      layers: [trained[3]!],
      training: record,
    });
    expect(next.nodes['n4']).toMatchObject({
      weights: { dtype: 'float64', data: Float64Array.from([3, 4]) },
      biases: { dtype: 'float64', data: Float64Array.from([5, 6]) },
    });
  });

  it('refuses when the chain no longer matches the trained network', () => {
    expect(() =>
      withTrainedLayers(doc, { ids: ['n1', 'n3', 'n2', 'n4'], layers: trained, training: record }),
    ).toThrow('the network changed while it trained: layer 2 is no longer batchnorm');
  });
});
