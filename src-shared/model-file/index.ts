/** The Weightcraft model file, version 4: see docs/model-format.md. */
export { ModelFileError } from './errors.ts';
export { FORBIDDEN_KEYS, MAX_DEPTH, MAX_FILE_BYTES, MAX_UNITS } from './limits.ts';
export { parseModelFile } from './parse.ts';
export { serializeModel } from './serialize.ts';
export { validateModel } from './validate.ts';
export { CURRENT_VERSION, FORMAT } from './version.ts';
