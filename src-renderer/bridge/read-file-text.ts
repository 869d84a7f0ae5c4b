/**
 * A picked or dropped File as text, refused as the desktop refuses it (`name: reason`): over the
 * model-file limit before a byte is read, and bytes that are not UTF-8 with the first bad one's
 * offset. Browsers hand out regular files only, so there is no FIFO or device to refuse.
 */
import { MAX_FILE_BYTES } from '../../src-shared/model-file/index.ts';
import {
  invalidUtf8Offset,
  notUtf8Message,
  tooLargeMessage,
} from '../../src-shared/text/file-text.ts';
import { fileError } from './file-errors.ts';

/** What is read of a File: its name, its size, its bytes. */
export type NamedBlob = Pick<File, 'name' | 'size' | 'arrayBuffer'>;

export async function readFileText(file: NamedBlob): Promise<string> {
  const refuse = (reason: string) => new Error(`${file.name}: ${reason}`);
  const tooBig = (bytes: number) =>
    refuse(tooLargeMessage({ bytes, limit: MAX_FILE_BYTES, what: 'model files' }));
  if (file.size > MAX_FILE_BYTES) throw tooBig(file.size);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (error) {
    throw fileError(error, { name: file.name, action: 'read' });
  }
  // A File's size is fixed, but count what was read as the desktop does.
  if (bytes.length > MAX_FILE_BYTES) throw tooBig(bytes.length);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw refuse(notUtf8Message(invalidUtf8Offset(bytes)));
  }
}
