import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runnableGraph } from '../src-shared/document/model-io.ts';
import { parseModelFile } from '../src-shared/model-file/index.ts';
import { overflowWarning } from './overflow-probe.ts';

const cnnText = readFileSync(
  new URL('../src-shared/model-file/fixtures/cnn-v4.json', import.meta.url),
  'utf8',
);

/** The fixture CNN (4×4 grey pictures, float32), its first conv's weights all set to `w`. */
function cnn(w: number) {
  const document = JSON.parse(cnnText);
  const scale = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(scale) : typeof value === 'number' ? w : value;
  document.layers[1].weights = scale(document.layers[1].weights);
  return runnableGraph(parseModelFile(JSON.stringify(document)));
}

describe('overflowWarning', () => {
  it('says nothing for weights that ordinary pictures keep finite', () => {
    expect(overflowWarning(cnn(1), 'cnn.json')).toBeNull();
  });

  it('names the first layer a picture overflows in float32', () => {
    // 3e38 fits a float32; nine of them (a 3×3 kernel) on a white picture do not.
    expect(overflowWarning(cnn(3e38), 'cnn.json')).toBe(
      'cnn.json: layers[1] (conv2d, node "n2") is the first to give a non-finite value: inf at [0, 0, 0, 0] of its output for an ordinary picture (probe sample 0): its weights are so large that forward, predict and evaluate will fail',
    );
  });
});
