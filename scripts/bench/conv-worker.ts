/** One of the bench's conv workers: runs conv2dForward on its share of the batch when told. */
import { parentPort } from 'node:worker_threads';
import type { ConvGeometry } from '../../src-shared/kernels/types.ts';
import { convBuffers, loadKernels } from './weightcraft-kernels.ts';

export type ConvWorkerRequest = { type: 'setup'; geometry: ConvGeometry } | { type: 'run' };
export type ConvWorkerReply = { type: 'ready'; kernels: string } | { type: 'done' };

const port = parentPort!;
const { kernels } = await loadKernels();
let layer: { g: ConvGeometry; buffers: ReturnType<typeof convBuffers> } | null = null;

port.on('message', (request: ConvWorkerRequest) => {
  switch (request.type) {
    case 'setup':
      layer = { g: request.geometry, buffers: convBuffers(request.geometry) };
      break;
    case 'run': {
      if (!layer) throw new Error('run before setup');
      const { x, w, bias, y } = layer.buffers;
      kernels.conv2dForward(layer.g, x, w, bias, y);
      break;
    }
    default:
      throw new Error(`unknown request ${JSON.stringify(request)}`);
  }
  port.postMessage({ type: 'done' } satisfies ConvWorkerReply);
});
port.postMessage({ type: 'ready', kernels: kernels.name } satisfies ConvWorkerReply);
