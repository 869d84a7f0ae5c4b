import { describe, expect, it } from 'vitest';
import { fastKernels } from '../kernels/index.ts';
import { WasmKernels } from '../kernels/wasm.ts';
import { brightOrDark } from '../train/test-support.ts';
import { smallCnn } from '../vision/init.ts';
import { replicaOps } from './replica-ops.ts';

describe('replicaOps', () => {
  it('validates after a reload within the memory training grew the worker to', () => {
    const kernels = fastKernels();
    if (!(kernels instanceof WasmKernels)) throw new Error('this test needs the wasm kernels');
    const network = {
      layers: smallCnn({ size: 8, channels: 3, classes: 2, seed: 0, widths: [16] }),
    };
    const set = brightOrDark(48, 3);
    const size = 8 * 8 * 3;
    replicaOps.replicaLoad({ network, precision: 'float32' });
    const trained = replicaOps.replicaStep({
      inputs: set.pixels.slice(0, 4 * size),
      labels: set.labels.slice(0, 4),
      count: 4,
      params: [], // the loaded values as they are
      loss: 'categorical-crossentropy',
      labelSmoothing: 0,
      shift: 1,
      flip: true,
      seed: [0, 0, 0],
      precision: 0,
    });
    expect(trained.total).toBe(4);
    const memory = kernels.memoryBytes;
    // The trainer reloads its workers with the synced network before each validation.
    replicaOps.replicaLoad({ network: replicaOps.replicaNetwork(), precision: 'float32' });
    const outputs = replicaOps.replicaPredict({
      inputs: set.pixels.slice(),
      count: 48,
      flip: true,
    });
    expect(outputs.length).toBe(96);
    expect(kernels.memoryBytes).toBe(memory);
  });
});
