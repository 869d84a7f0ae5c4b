/**
 * Decoding pictures in Web Workers: a few workers with several pictures in flight each, so the
 * browser's decoder stays busy while results travel back. Terminating the workers cancels
 * everything at once. The worker is decode.worker.ts, which the picture drops use too.
 */
import type { PictureSize } from './decode.ts';
import type { DecodeReply, DecodeRequest } from './decode-messages.ts';

export type PictureShape = PictureSize;

/** Decodes `files` (any order of completion), calling `onPicture` for each; stops when aborted. */
export async function decodeAll(
  files: readonly Blob[],
  options: {
    shape: PictureShape;
    onPicture: (index: number, result: Uint8Array | string) => void;
    signal?: AbortSignal;
    workers?: number;
    inFlight?: number;
  },
): Promise<void> {
  const count = Math.max(1, Math.min(options.workers ?? defaultWorkers(), files.length));
  const inFlight = options.inFlight ?? 4;
  const workers = Array.from(
    { length: count },
    () => new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module' }),
  );
  let next = 0;
  let settled = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      if (files.length === 0) return resolve();
      const abort = () => reject(new DOMException('Loading was cancelled', 'AbortError'));
      if (options.signal?.aborted) return abort();
      options.signal?.addEventListener('abort', abort, { once: true });
      const send = (worker: Worker) => {
        if (next >= files.length) return;
        const id = next++;
        const request: DecodeRequest = { id, file: files[id]!, shape: { ...options.shape } };
        worker.postMessage(request);
      };
      for (const worker of workers) {
        worker.addEventListener('message', ({ data }: MessageEvent<DecodeReply>) => {
          options.onPicture(data.id, 'pixels' in data ? data.pixels : data.error);
          if (++settled === files.length) resolve();
          else send(worker);
        });
        worker.addEventListener('error', (event) =>
          reject(new Error(`the picture decoder failed: ${event.message}`)),
        );
        for (let k = 0; k < inFlight; k++) send(worker);
      }
    });
  } finally {
    for (const worker of workers) worker.terminate();
  }
}

/** One worker per core, at most 4: decoding is the work, and the UI needs a core now and then. */
const defaultWorkers = () => Math.min(4, Math.max(1, navigator.hardwareConcurrency || 2));
