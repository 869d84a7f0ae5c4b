/** What the engine can do: one handler per operation in EngineOps. */
import { forward } from '../net/forward.ts';
import type { Handlers } from './engine-host.ts';
import { replicaOps } from './replica-ops.ts';
import { train } from './train-handler.ts';

export const engineHandlers: Handlers = {
  forward: ({ network, inputs }) => ({ outputs: forward(network, inputs) }),
  train,
  ...replicaOps,
};
