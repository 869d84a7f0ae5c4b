import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  truncate,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** Paths whose next open fails with the error code given, as a busy file system does. */
const failNextRead = vi.hoisted(() => new Map<string, string>());
vi.mock('node:fs', async (original) => {
  const actual = await original<typeof import('node:fs')>();
  const open = (async (path: string, ...rest: never[]) => {
    const code = failNextRead.get(String(path));
    if (code === undefined) return actual.promises.open(path, ...rest);
    failNextRead.delete(String(path));
    throw Object.assign(new Error(`${code}: cannot open ${String(path)}`), { code });
  }) as typeof actual.promises.open;
  return { ...actual, promises: { ...actual.promises, open } };
});

const { defaultCacheDir, ImageFolderError, loadImageFolder } = await import('./load-folder.ts');

let dir: string;
let cacheDir: string;
const shape = { height: 4, width: 4, channels: 3 } as const;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'weightcraft-folder-'));
  cacheDir = join(dir, 'cache');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A solid picture of `size` pixels, as PNG or JPEG by the file's extension. */
async function picture(path: string, rgb: [number, number, number], size = [8, 8]) {
  await mkdir(join(path, '..'), { recursive: true });
  const image = sharp({
    create: {
      width: size[0]!,
      height: size[1]!,
      channels: 3,
      background: { r: rgb[0], g: rgb[1], b: rgb[2] },
    },
  });
  await (path.endsWith('.png') ? image.png() : image.jpeg({ quality: 100 })).toFile(path);
}

/** Two classes: red cats of mixed sizes and formats, blue dogs, and some litter. */
async function makePets(root: string) {
  await picture(join(root, 'Cat', '1.png'), [255, 0, 0], [10, 6]);
  await picture(join(root, 'Cat', '2.jpg'), [250, 0, 0], [5, 9]);
  await picture(join(root, 'Cat', 'kittens', '3.png'), [255, 0, 0], [4, 4]);
  await picture(join(root, 'Dog', 'a.jpg'), [0, 0, 255], [16, 16]);
  await picture(join(root, 'Dog', 'b.png'), [0, 0, 250], [7, 3]);
}

const load = (root: string, options: Partial<Parameters<typeof loadImageFolder>[1]> = {}) =>
  loadImageFolder(root, { ...shape, cacheDir, ...options });

describe('loadImageFolder', () => {
  it('loads class subfolders into one set, resized, labelled by sorted class name', async () => {
    const root = join(dir, 'pets');
    await makePets(root);
    const progress: [number, number][] = [];
    const { set, skipped, decoded } = await load(root, {
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(set.classNames).toEqual(['Cat', 'Dog']);
    expect(set.files).toEqual([
      'Cat/1.png',
      'Cat/2.jpg',
      'Cat/kittens/3.png',
      'Dog/a.jpg',
      'Dog/b.png',
    ]);
    expect(Array.from(set.labels)).toEqual([0, 0, 0, 1, 1]);
    expect(set.pixels).toHaveLength(5 * 4 * 4 * 3);
    expect(skipped).toEqual([]);
    expect(decoded).toBe(5);
    expect(progress.at(-1)).toEqual([5, 5]);
    // The first pixel of each picture: red for cats, blue for dogs.
    const first = (i: number) => Array.from(set.pixels.subarray(i * 48, i * 48 + 3));
    expect(first(0)[0]).toBeGreaterThan(200);
    expect(first(4)[2]).toBeGreaterThan(200);
    expect(first(4)[0]).toBeLessThan(30);
  });

  it('skips and names files that are not pictures or are damaged; ignores hidden files', async () => {
    const root = join(dir, 'pets');
    await makePets(root);
    await writeFile(join(root, 'Cat', 'notes.jpg'), 'a text file with a picture name');
    await writeFile(join(root, 'Cat', 'empty.png'), '');
    const whole = await sharp({
      create: {
        width: 32,
        height: 32,
        channels: 3,
        background: '#000000',
        noise: { type: 'gaussian', mean: 128, sigma: 30 },
      },
    })
      .jpeg()
      .toBuffer();
    await writeFile(join(root, 'Dog', 'cut.jpg'), whole.subarray(0, whole.length >> 1));
    await writeFile(join(root, 'Dog', '.DS_Store'), 'mac litter');
    await mkdir(join(root, '.git'));
    await writeFile(join(root, 'README.txt'), 'about these pictures');
    const { set, skipped } = await load(root);
    expect(set.files).toHaveLength(5);
    expect(skipped.map((s) => s.file)).toEqual([
      'README.txt',
      'Cat/empty.png',
      'Cat/notes.jpg',
      'Dog/cut.jpg',
    ]);
    expect(skipped[0]!.reason).toBe('not in a class folder');
    expect(skipped[1]!.reason).toBe('empty file');
    expect(skipped[2]!.reason).toBe('not a picture (unsupported image format)');
    expect(skipped[3]!.reason).toMatch(/^damaged: the file ends too early/);
  });

  it('lists every entry it cannot use with its reason, and walks a loop of links once', async () => {
    const root = join(dir, 'pets');
    await makePets(root);
    const cat = join(root, 'Cat');
    // A JPEG whose name is Latin-1, not UTF-8: "caf\xe9.jpg".
    await writeFile(
      Buffer.concat([Buffer.from(cat + '/caf'), Buffer.from([0xe9]), Buffer.from('.jpg')]),
      await readFile(join(root, 'Dog', 'a.jpg')),
    );
    symlinkSync(join(cat, 'gone.jpg'), join(cat, 'dangling.jpg'));
    execFileSync('mkfifo', [join(cat, 'pipe.jpg')]);
    symlinkSync(join(cat, 'ping.jpg'), join(cat, 'pong.jpg'));
    symlinkSync(join(cat, 'pong.jpg'), join(cat, 'ping.jpg'));
    symlinkSync(root, join(cat, 'kittens', 'home')); // a loop back to the data set
    symlinkSync(join(root, 'Dog'), join(cat, 'dogs')); // the Dog folder a second time
    failNextRead.set(join(root, 'Dog', 'b.png'), 'EACCES');
    const { set, skipped } = await load(root);
    expect(set.files).toEqual(['Cat/1.png', 'Cat/2.jpg', 'Cat/kittens/3.png', 'Dog/a.jpg']);
    expect(skipped).toEqual([
      { file: 'Cat/caf\\xe9.jpg', reason: 'the name is not valid UTF-8 (rename the file)' },
      { file: 'Cat/dangling.jpg', reason: 'a symbolic link to nothing (dangling)' },
      { file: 'Cat/dogs', reason: 'the same folder as Dog, already read' },
      {
        file: 'Cat/kittens/home',
        reason: 'a loop: a link back to the data set folder, which holds it',
      },
      { file: 'Cat/ping.jpg', reason: 'a loop of symbolic links' },
      { file: 'Cat/pipe.jpg', reason: 'is a named pipe (FIFO), not a file' },
      { file: 'Cat/pong.jpg', reason: 'a loop of symbolic links' },
      { file: 'Dog/b.png', reason: 'permission denied' },
    ]);
  }, 10_000);

  it('names what is wrong with the folder', async () => {
    const root = join(dir, 'pets');
    await expect(load(root)).rejects.toThrow(`${root}: no such folder`);
    await writeFile(join(dir, 'file'), 'x');
    await expect(load(join(dir, 'file'))).rejects.toThrow(`${join(dir, 'file')}: not a folder`);
    await mkdir(root);
    await expect(load(root)).rejects.toThrow(`${root}: the folder has no class subfolders`);
    await picture(join(root, 'Cat', '1.png'), [255, 0, 0]);
    await expect(load(root)).rejects.toThrow(
      `${root}: only one class (Cat): a classifier needs at least two`,
    );
    await mkdir(join(root, 'Dog'));
    const error = await load(root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageFolderError);
    expect((error as Error).message).toBe(`${root}: class folder Dog is empty`);
    await writeFile(join(root, 'Dog', 'x.jpg'), 'not a picture');
    await expect(load(root)).rejects.toThrow(
      `${root}: no picture in class folder Dog could be read (Dog/x.jpg: not a picture (unsupported image format))`,
    );
  });

  it('takes the second load from the cache, and gives the same set', async () => {
    const root = join(dir, 'pets');
    await makePets(root);
    await writeFile(join(root, 'Dog', 'notes.txt'), 'skipped');
    const first = await load(root);
    expect(first.cache).toMatchObject({ hit: false, error: null });
    expect(await readdir(cacheDir)).toEqual([expect.stringMatching(/^[0-9a-f]{32}\.wcimages$/)]);
    const second = await load(root);
    expect(second.decoded).toBe(0);
    expect(second.cache.hit).toBe(true);
    expect(second.set).toEqual(first.set);
    expect(second.skipped).toEqual(first.skipped);
    // Another picture shape is another cache file.
    expect((await load(root, { height: 2 })).decoded).toBe(6);
    expect(await readdir(cacheDir)).toHaveLength(2);
  });

  it('decodes again only what changed, was added or removed', async () => {
    const root = join(dir, 'pets');
    await makePets(root);
    await load(root);
    await picture(join(root, 'Dog', 'a.jpg'), [0, 255, 0], [16, 16]);
    // The same size could be written in the same millisecond: move the time on to be sure.
    const later = new Date(Date.now() + 5_000);
    await utimes(join(root, 'Dog', 'a.jpg'), later, later);
    await picture(join(root, 'Dog', 'c.png'), [0, 0, 255]);
    await rm(join(root, 'Cat', '2.jpg'));
    const changed = await load(root);
    expect(changed.decoded).toBe(2);
    expect(changed.cache.hit).toBe(false);
    expect(changed.set.files).toEqual([
      'Cat/1.png',
      'Cat/kittens/3.png',
      'Dog/a.jpg',
      'Dog/b.png',
      'Dog/c.png',
    ]);
    // Dog/a.jpg is green now, and was read again.
    const a = changed.set.pixels.subarray(2 * 48, 2 * 48 + 3);
    expect(a[1]).toBeGreaterThan(200);
    expect(a[2]).toBeLessThan(30);
    expect((await load(root)).cache.hit).toBe(true);
  });

  it('rebuilds a damaged or truncated cache instead of trusting it', async () => {
    const root = join(dir, 'pets');
    await makePets(root);
    const first = await load(root);
    const file = first.cache.file!;
    const bytes = await readFile(file);
    // One flipped bit in the last picture's pixels.
    const at = bytes.length - 40;
    bytes[at] = bytes[at]! ^ 1;
    await writeFile(file, bytes);
    const damaged = await load(root);
    expect(damaged.decoded).toBe(5);
    expect(damaged.set).toEqual(first.set);
    await truncate(file, (await stat(file)).size - 100);
    expect((await load(root)).decoded).toBe(5);
    await writeFile(file, 'garbage');
    expect((await load(root)).decoded).toBe(5);
    expect((await load(root)).decoded).toBe(0);
  });

  it('tries a file that could not be read again next time, but remembers one that is no picture', async () => {
    const root = join(dir, 'pets');
    await makePets(root);
    await writeFile(join(root, 'Cat', 'notes.jpg'), 'a text file with a picture name');
    failNextRead.set(join(root, 'Dog', 'a.jpg'), 'EMFILE');
    const first = await load(root);
    expect(first.skipped).toEqual([
      { file: 'Cat/notes.jpg', reason: 'not a picture (unsupported image format)' },
      { file: 'Dog/a.jpg', reason: 'too many files are open' },
    ]);
    expect(first.set.files).not.toContain('Dog/a.jpg');
    // Nothing changed on disk, yet Dog/a.jpg is read again (and only it); notes.jpg is not.
    const second = await load(root);
    expect(second.cache.hit).toBe(false);
    expect(second.decoded).toBe(1);
    expect(second.set.files).toContain('Dog/a.jpg');
    expect(second.skipped.map((s) => s.file)).toEqual(['Cat/notes.jpg']);
    const third = await load(root);
    expect(third.cache.hit).toBe(true);
    expect(third.set).toEqual(second.set);
    expect(third.skipped).toEqual(second.skipped);
  });

  it('decodes again when libvips is another version', async () => {
    const root = join(dir, 'pets');
    await makePets(root);
    const first = await load(root);
    const versions = sharp.versions as { vips: string };
    const installed = versions.vips;
    try {
      versions.vips = '0.0.1';
      const upgraded = await load(root);
      expect(upgraded.cache.hit).toBe(false);
      expect(upgraded.decoded).toBe(5);
    } finally {
      versions.vips = installed;
    }
    // Each decoder has a cache of its own, so the first is still there.
    expect(await readdir(cacheDir)).toHaveLength(2);
    expect((await load(root)).cache).toEqual({ ...first.cache, hit: true });
  });

  it('loads without a cache, and reports a cache it cannot write without failing', async () => {
    const root = join(dir, 'pets');
    await makePets(root);
    const none = await load(root, { cacheDir: false });
    expect(none.cache).toEqual({ file: null, hit: false, error: null });
    expect((await load(root, { cacheDir: false })).decoded).toBe(5);
    // A file where the cache folder should be.
    await writeFile(join(dir, 'blocked'), 'x');
    const blocked = await load(root, { cacheDir: join(dir, 'blocked') });
    expect(blocked.set.files).toHaveLength(5);
    expect(blocked.cache.error).toMatch(/^could not write the picture cache/);
  });

  it('reads the 1-channel shape and fill mode into their own cache', async () => {
    const root = join(dir, 'pets');
    await makePets(root);
    const grey = await load(root, { channels: 1, resize: 'fill' });
    expect(grey.set.channels).toBe(1);
    expect(grey.set.pixels).toHaveLength(5 * 16);
    expect((await load(root, { channels: 1, resize: 'fill' })).cache.hit).toBe(true);
    expect((await load(root, { channels: 1 })).cache.hit).toBe(false);
  });
});

describe('defaultCacheDir', () => {
  it('prefers WEIGHTCRAFT_CACHE, then XDG_CACHE_HOME, then ~/.cache', () => {
    expect(defaultCacheDir({ WEIGHTCRAFT_CACHE: '/c', XDG_CACHE_HOME: '/x' })).toBe('/c');
    expect(defaultCacheDir({ WEIGHTCRAFT_CACHE: 'off' })).toBe(false);
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x' })).toBe(join('/x', 'weightcraft'));
    expect(defaultCacheDir({})).toMatch(/\.cache[/\\]weightcraft$/);
  });
});
