/** Decodes pictures off the UI thread; several at a time, since decoding waits on the browser. */
import { decodePicture } from './decode.ts';
import type { DecodeReply, DecodeRequest } from './decode-messages.ts';

const scope = self as unknown as {
  postMessage(message: DecodeReply, transfer: ArrayBuffer[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<DecodeRequest>) => void): void;
};

scope.addEventListener('message', ({ data: { id, file, shape } }) => {
  decodePicture(file, shape).then(
    (pixels) => scope.postMessage({ id, pixels }, [pixels.buffer as ArrayBuffer]),
    (error: unknown) =>
      scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) }, []),
  );
});
