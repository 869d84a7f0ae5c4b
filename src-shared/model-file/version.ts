/** The file's identity: the `format` key, and the version this Weightcraft writes and reads. */
export const FORMAT = 'weightcraft-model';
export const CURRENT_VERSION = 4;
