/** A replica behind an engine worker, and one in this thread (tests, single-core hosts). */
import type { EngineClient } from '../worker/engine-client.ts';
import type { Layer } from '../layers/index.ts';
import type { Precision } from '../train/settings.ts';
import { replicaLayers, replicaLoad, replicaPredict, replicaStep } from './replica.ts';
import type { ReplicaClient } from './trainer.ts';

export function engineReplica(engine: EngineClient): ReplicaClient {
  return {
    load: (layers, precision) => engine.call('replicaLoad', { layers, precision }),
    step: (args) =>
      engine.call('replicaStep', args, { transfer: [args.pixels.buffer as ArrayBuffer] }),
    predict: (pixels, batch, flip) =>
      engine.call(
        'replicaPredict',
        { pixels, batch, flip },
        { transfer: [pixels.buffer as ArrayBuffer] },
      ),
    layers: async () => (await engine.call('replicaLayers', {})).layers,
  };
}

/** The replica of this thread: there is one per thread, so use one such client at a time. */
export function localReplica(): ReplicaClient {
  return {
    load: async (layers: Layer[], precision?: Precision) => replicaLoad({ layers, precision }),
    step: async (args) => replicaStep(args),
    predict: async (pixels, batch, flip) => replicaPredict({ pixels, batch, flip }),
    layers: async () => replicaLayers().layers,
  };
}
