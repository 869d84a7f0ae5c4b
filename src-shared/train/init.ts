/**
 * nnfs's initialisation: `Layer_Dense` with 0.01·randn weights (the notebook uses 0.1), zero
 * biases, layer after layer from one generator. One implementation: net/init.ts.
 */
import { initNetwork as initDense, type InitOptions } from '../net/init.ts';
import type { Network } from '../net/network.ts';

export type { InitOptions };

export function initNetwork(options: InitOptions): Network {
  return initDense({ ...options, scale: options.scale ?? 0.01 });
}
