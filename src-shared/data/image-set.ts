/**
 * Pictures in memory for classifiers: N pictures of height × width × channels bytes each, one
 * after the other (NHWC, 0..255), with a class label per picture. Loaded from a folder of class
 * subfolders (`Cat/12.jpg` is a picture of class "Cat") by the CLI, or built by any other shell.
 */
export interface ImageSet {
  readonly height: number;
  readonly width: number;
  readonly channels: 1 | 3;
  /** Sorted by code point, so label i means the same class on every machine. */
  readonly classNames: readonly string[];
  /** N × height × width × channels, row-major (NHWC), values 0..255. */
  readonly pixels: Uint8Array;
  /** Picture i is of class classNames[labels[i]]. */
  readonly labels: Int32Array;
  /** Picture i's path relative to the folder, with `/` separators: `Cat/12.jpg`. */
  readonly files: readonly string[];
}

/** A class subfolder and the files found in it (relative paths, as in `ImageSet.files`). */
export interface ClassListing {
  className: string;
  files: readonly string[];
}

export const pictureSize = (set: Pick<ImageSet, 'height' | 'width' | 'channels'>) =>
  set.height * set.width * set.channels;

/**
 * What keeps a folder listing from being a classification data set, one message per problem
 * (empty when it is fine), with the classes sorted so that label order is stable.
 */
export function checkClassFolders(listing: readonly ClassListing[]): {
  errors: string[];
  classNames: string[];
} {
  const classNames = listing.map((c) => c.className).sort(byCodePoint);
  if (listing.length === 0) {
    return {
      errors: [
        'the folder has no class subfolders (one folder of pictures per class, such as Cat/ and Dog/)',
      ],
      classNames,
    };
  }
  const errors: string[] = [];
  if (listing.length === 1) {
    errors.push(`only one class (${classNames[0]}): a classifier needs at least two`);
  }
  for (const name of classNames) {
    const entry = listing.find((c) => c.className === name);
    if (entry && entry.files.length === 0) errors.push(`class folder ${name} is empty`);
  }
  return { errors, classNames };
}

/** Plain code-unit order: unlike localeCompare, the same on every machine and locale. */
export const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A 32-bit hash of a string's UTF-8 bytes: FNV-1a, then MurmurHash3's finaliser (fmix32),
 * because FNV-1a alone leaves the top bits poorly mixed for names that differ in one digit.
 */
export function pathHash(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of utf8(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A string's UTF-8 bytes (the core has no TextEncoder); lone surrogates become U+FFFD. */
function* utf8(text: string): Generator<number> {
  for (const char of text) {
    let c = char.codePointAt(0)!;
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) yield c;
    else if (c < 0x800) yield* [0xc0 | (c >> 6), 0x80 | (c & 63)];
    else if (c < 0x10000) yield* [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)];
    else
      yield* [0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)];
  }
}

/**
 * A train/validation split by file name: a file is held out when pathHash(file) / 2³² is below
 * `validationFraction`. So a file always lands on the same side, whatever the order of the
 * files and whichever other files are there: adding pictures never moves the ones before.
 * Indices come back in ascending order.
 */
export function splitByHash(
  files: readonly string[],
  validationFraction: number,
): { train: Int32Array; validation: Int32Array } {
  if (!(validationFraction >= 0 && validationFraction < 1)) {
    throw new Error(
      `the validation share must be at least 0 and below 1, found ${validationFraction}`,
    );
  }
  const threshold = validationFraction * 2 ** 32;
  const train: number[] = [];
  const validation: number[] = [];
  files.forEach((file, i) => (pathHash(file) < threshold ? validation : train).push(i));
  return { train: Int32Array.from(train), validation: Int32Array.from(validation) };
}
