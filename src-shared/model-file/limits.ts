/** What a model file may hold. Each limit is far above any real model and far below a crash. */

/** 64 MiB of UTF-8: about 3 million float64 parameters written out in full. */
export const MAX_FILE_BYTES = 64 * 2 ** 20;

/** Arrays and objects inside each other; a model needs 5 (file → layers → layer → weights → row). */
export const MAX_DEPTH = 64;

/** Units (neurons) in one layer: keeps a one-line `"units": 1e15` from allocating the machine away. */
export const MAX_UNITS = 2 ** 20;

/** Keys that reach into the prototype chain when code copies them onto an object. */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** Height, width, kernel, window and stride sizes in pixels: far above any picture we train on. */
export const MAX_IMAGE_SIDE = 4096;
