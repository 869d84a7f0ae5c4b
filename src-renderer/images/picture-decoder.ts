/**
 * `decodeOffThread`: decodePicture in the decoding worker, so a large photo never stalls the
 * canvas. Where no worker can start (or it has no OffscreenCanvas), it decodes here instead.
 */
import { decodePicture, type PictureSize } from './decode.ts';
import type { DecodeReply, DecodeRequest } from './decode-messages.ts';

type Pending = { resolve: (pixels: Uint8Array) => void; reject: (error: Error) => void };

let worker: Worker | null | undefined;
const pending = new Map<number, Pending>();
let nextId = 1;

function startWorker(): Worker | null {
  if (typeof OffscreenCanvas === 'undefined') return null;
  try {
    const started = new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module' });
    started.addEventListener('message', ({ data }: MessageEvent<DecodeReply>) => {
      const waiting = pending.get(data.id);
      pending.delete(data.id);
      if (!waiting) return;
      if ('error' in data) waiting.reject(new Error(data.error));
      else waiting.resolve(data.pixels);
    });
    return started;
  } catch {
    return null;
  }
}

/** The picture as height × width × channels bytes (HWC), decoded in the worker when possible. */
export function decodeOffThread(file: Blob, shape: PictureSize): Promise<Uint8Array> {
  worker ??= startWorker();
  if (!worker) return decodePicture(file, shape);
  const id = nextId++;
  const request: DecodeRequest = { id, file, shape: { ...shape } };
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker!.postMessage(request);
  });
}
