/** The text of a model file → Model: size check, JSON, migration, validation. */
import type { Model } from '../nn/model.ts';
import { found, ModelFileError } from './errors.ts';
import { MAX_FILE_BYTES } from './limits.ts';
import { migrate } from './migrate.ts';
import { tooLargeMessage } from '../text/file-text.ts';
import { parseJson } from './parse-json.ts';
import { validateModel } from './validate.ts';

/** Throws ModelFileError, with a one-line message, for anything but a valid model file. */
export function parseModelFile(text: string): Model {
  if (typeof text !== 'string') {
    throw new ModelFileError('', `expected the text of a model file, found ${found(text)}`);
  }
  // UTF-8 takes at most 3 bytes per UTF-16 code unit, so short texts need no count.
  const bytes = text.length * 3 > MAX_FILE_BYTES ? utf8Length(text) : 0;
  if (bytes > MAX_FILE_BYTES) {
    throw new ModelFileError(
      '',
      tooLargeMessage({ bytes, limit: MAX_FILE_BYTES, what: 'model files' }),
    );
  }
  return validateModel(migrate(parseJson(text)));
}

/** Bytes the text takes as UTF-8, counted without encoding it. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A surrogate pair is one 4-byte character: 2 bytes for each half.
    bytes += code < 0x80 ? 1 : code < 0x800 || (code >= 0xd800 && code < 0xe000) ? 2 : 3;
  }
  return bytes;
}
