/**
 * Large hostile files for `npm run fuzz`, each just under 64 MiB, read by the reader named
 * through the one file reader, as the CLI reads them: the worst cases found by hand.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';

/** A byte under the 64 MiB limit of model and input files. */
const SIZE = 64 * 2 ** 20 - 1;

export type Reader = 'model' | 'csv' | 'input' | 'picture';

export interface Hostile {
  readonly name: string;
  readonly reader: Reader;
  /** The file's bytes or text. */
  make(): string | Uint8Array;
}

/** `open` + `item,` repeated to fill the size + `close`. */
const fill = (open: string, item: string, last: string, close: string) =>
  open +
  item.repeat(Math.floor((SIZE - open.length - last.length - close.length) / item.length)) +
  last +
  close;

/** A Dense layer of 1024 × 2048 random weights written in full (~44 MB): the largest honest case. */
function bigModel(): string {
  const row = () => `[${Array.from({ length: 2048 }, () => Math.random() - 0.5).join(',')}]`;
  const weights = Array.from({ length: 1024 }, row).join(',\n');
  return `{"format":"weightcraft-model","version":1,"layers":[{"type":"input","units":1024},{"type":"dense","weights":[${weights}],"biases":[${Array(2048).fill(0).join(',')}]}]}`;
}

export const HOSTILE: readonly Hostile[] = [
  { name: 'model: nested [0] lists', reader: 'model', make: () => fill('[', '[0],', '[0]', ']') },
  { name: 'model: a list of zeros', reader: 'model', make: () => fill('[', '0,', '0', ']') },
  { name: 'model: empty objects', reader: 'model', make: () => fill('[', '{},', '{}', ']') },
  { name: 'model: short strings', reader: 'model', make: () => fill('[', '"ab",', '"ab"', ']') },
  {
    name: 'model: one object of many keys',
    reader: 'model',
    make: () => {
      const parts: string[] = [];
      let length = 2;
      for (let i = 0; length < SIZE - 40; i++) {
        const part = `"k${i}":0,`;
        parts.push(part);
        length += part.length;
      }
      return `{${parts.join('')}"z":0}`;
    },
  },
  { name: 'model: 64 Mi opening brackets', reader: 'model', make: () => '['.repeat(SIZE) },
  {
    name: 'model: one long string',
    reader: 'model',
    make: () => fill('{"format":"', 'x', '', '"}'),
  },
  { name: 'model: NUL bytes (like /dev/zero)', reader: 'model', make: () => new Uint8Array(SIZE) },
  { name: 'model: random bytes', reader: 'model', make: () => randomBytes(SIZE) },
  { name: 'model: 2 million weights in full', reader: 'model', make: bigModel },
  { name: 'input: nested [0] rows', reader: 'input', make: () => fill('[', '[0],', '[0]', ']') },
  { name: 'csv: one-cell rows', reader: 'csv', make: () => '0\n'.repeat(Math.floor(SIZE / 2)) },
  {
    name: 'csv: rows of 1024 cells',
    reader: 'csv',
    make: () => `${'0,'.repeat(1023)}0\n`.repeat(Math.floor(SIZE / 2048)),
  },
  { name: 'csv: one quoted field', reader: 'csv', make: () => fill('a,b\n"', 'x', '', '",1\n') },
  {
    name: 'picture: noise behind a JPEG header',
    reader: 'picture',
    make: () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(SIZE - 4)]),
  },
  {
    name: 'picture: noise behind a PNG header',
    reader: 'picture',
    make: () => Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), randomBytes(SIZE - 8)]),
  },
];

export function writeHostile(hostile: Hostile, path: string): void {
  writeFileSync(path, hostile.make());
}
