/**
 * The engine's replica operations: this worker's copy of the network, for data-parallel
 * training and evaluation (see train/replica.ts), and the client that calls them.
 */
import { fastKernels } from '../kernels/index.ts';
import { Net } from '../net/net.ts';
import type { Network } from '../net/network.ts';
import { Replica, type ReplicaClient } from '../train/replica.ts';
import type { Precision } from '../train/settings.ts';
import type { EngineClient } from './engine-client.ts';
import type { OpArgs, OpResult } from './protocol.ts';

let replica: Replica | null = null;

function loaded(): Replica {
  if (!replica) throw new Error('the training worker has no network: load one first');
  return replica;
}

export const replicaOps = {
  replicaLoad({ network, precision }: { network: Network; precision: Precision }) {
    // The pass size carries over: a validation after the trainer's reload holds no more than
    // the training steps before it. The kernel instance does too (its memory, sized for a
    // training step, would otherwise wait for garbage collection at every reload).
    const net = new Net(network, { precision, kernels: fastKernels(), replaces: replica?.net });
    replica = new Replica(net, replica?.rows);
    return { parameters: replica.net.parameterCount };
  },
  replicaStep(args: OpArgs<'replicaStep'>): OpResult<'replicaStep'> {
    const result = loaded().step(args);
    // Copies: the result's buffers are transferred, and the net's own must stay.
    return { ...result, grads: result.grads.map((g) => g.slice()) };
  },
  replicaPredict: (args: OpArgs<'replicaPredict'>) => loaded().predict(args),
  replicaNetwork: () => loaded().net.toNetwork(),
};

/** A replica behind an engine worker. */
export function engineReplica(engine: EngineClient): ReplicaClient {
  return {
    load: (network, precision) => engine.call('replicaLoad', { network, precision }),
    step: (args) =>
      engine.call('replicaStep', args, { transfer: [args.inputs.buffer as ArrayBuffer] }),
    predict: (args) =>
      engine.call('replicaPredict', args, { transfer: [args.inputs.buffer as ArrayBuffer] }),
    network: () => engine.call('replicaNetwork', {}),
  };
}
