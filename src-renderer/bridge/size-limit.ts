/** The model-file size limit, checked on a File's size before a byte of it is read. */
import { MAX_FILE_BYTES } from '../../src-shared/model-file/index.ts';

/** The refusal for a file of `bytes`, worded as parseModelFile words it; null within the limit. */
export function sizeLimitMessage(bytes: number): string | null {
  if (bytes <= MAX_FILE_BYTES) return null;
  // Rounded up, so a file just over the limit never reads as "64.0 MiB".
  const mib = Math.ceil((bytes / 2 ** 20) * 10) / 10;
  return `the file is ${mib.toFixed(1)} MiB, over the ${MAX_FILE_BYTES / 2 ** 20} MiB limit for model files`;
}

export function checkFileSize(bytes: number): void {
  const message = sizeLimitMessage(bytes);
  if (message !== null) throw new Error(message);
}
