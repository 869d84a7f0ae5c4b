/** What the engine can do: one handler per operation in EngineOps. */
import { forward } from '../net/forward.ts';
import type { Handlers } from './engine-host.ts';
import { replicaOps } from './replica-ops.ts';
import { ResidentNets } from './resident-nets.ts';
import { train } from './train-handler.ts';

/** The live forward pass's networks, kept by this worker between calls. */
const resident = new ResidentNets();

export const engineHandlers: Handlers = {
  forward: ({ network, inputs }) => ({ outputs: forward(network, inputs) }),
  liveForward: (args) => resident.forward(args),
  train,
  ...replicaOps,
};
