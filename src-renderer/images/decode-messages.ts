/** The messages between the UI and the picture-decoding worker (decode.worker.ts). */
import type { PictureSize } from './decode.ts';

export interface DecodeRequest {
  id: number;
  /** Blobs cross to workers by structured clone without copying their bytes. */
  file: Blob;
  shape: PictureSize;
}

export type DecodeReply = { id: number; pixels: Uint8Array } | { id: number; error: string };
