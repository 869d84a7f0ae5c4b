/** What the engine can do: one handler per operation in EngineOps. */
import { forward } from '../net/forward.ts';
import type { Handlers } from './engine-host.ts';
import { replicaOps } from './replica-ops.ts';
import { ResidentData } from './resident-data.ts';
import { ResidentNets } from './resident-nets.ts';
import { evaluateRows, train } from './train-handler.ts';

/** An engine's handlers, with its own kept networks and data sets (a fresh engine keeps none). */
export function makeEngineHandlers(): Handlers {
  const nets = new ResidentNets();
  const data = new ResidentData();
  return {
    forward: ({ network, inputs }) => ({ outputs: forward(network, inputs) }),
    liveForward: (args) => nets.forward(args),
    keepData: (args) => data.keep(args),
    train: (args, context) => train(args, context, data),
    evaluateRows: (args) => evaluateRows(args, data),
    ...replicaOps,
  };
}

/** The handlers of this worker's engine. */
export const engineHandlers: Handlers = makeEngineHandlers();
