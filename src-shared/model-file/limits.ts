/** What a model file may hold. Each limit is far above any real model and far below a crash. */

/** 64 MiB of UTF-8: about 3 million float64 parameters written out in full. */
export const MAX_FILE_BYTES = 64 * 2 ** 20;

/** Arrays and objects inside each other; a model needs 5 (file → layers → layer → weights → row). */
export const MAX_DEPTH = 64;

/**
 * What parsing may build, whatever the file's size (a 64 MiB file of `[0],` is 16 million lists,
 * gigabytes once read). Values count numbers, strings, booleans, nulls, lists and objects: 2.7
 * times the 3 million parameters of a 64 MiB file written in full.
 */
export const MAX_VALUES = 2 ** 23;
/** Lists and objects: a model's are its rows of weights (a Dense layer's n_inputs ≤ 2^20). */
export const MAX_CONTAINERS = 2 ** 21;
/** Keys of all objects together: a layer has under ten. */
export const MAX_KEYS = 2 ** 20;

/** Units (neurons) in one layer: keeps a one-line `"units": 1e15` from allocating the machine away. */
export const MAX_UNITS = 2 ** 20;

/** Keys that reach into the prototype chain when code copies them onto an object. */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** Height, width, kernel, window and stride sizes in pixels: far above any picture we train on. */
export const MAX_IMAGE_SIDE = 4096;
