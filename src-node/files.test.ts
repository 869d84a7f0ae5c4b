import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  lstatSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  errnoReason,
  isTempFile,
  readTextFile,
  removeStaleTemps,
  saveAtomically,
  saveErrorMessage,
  tempPathFor,
} from './files.ts';
import { bundleSaveChild } from './test-support/bundle.ts';

let root: string;
let childScript: string;
const posix = process.platform !== 'win32';
const isRoot = posix && process.getuid?.() === 0;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'weightcraft-files-'));
  chmodSync(root, 0o755); // the child running as another user must reach it
  childScript = await bundleSaveChild(mkdtempSync(join(tmpdir(), 'weightcraft-child-')));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

let counter = 0;
function freshFolder(): string {
  const folder = join(root, `case-${++counter}`);
  mkdirSync(folder);
  return folder;
}

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: something, open '/x/.y.tmp'`), { code });
}

interface ChildOptions {
  uid?: number;
  gid?: number;
  /** Shell commands run first, e.g. a ulimit. */
  shellPrefix?: string;
}

/** Runs the test child (`once`, `read`) as `uid` when given; returns its result line. */
function runChild(args: string[], options: ChildOptions = {}) {
  const quoted = args.map((arg) => `"${arg}"`).join(' ');
  const command = `${options.shellPrefix ?? ''}exec "${process.execPath}" "${childScript}" ${quoted}`;
  const result = spawnSync('/bin/sh', ['-c', command], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '', HOME: tmpdir() },
    ...(options.uid !== undefined && { uid: options.uid, gid: options.gid }),
  });
  const line = result.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as { ok: boolean; message?: string };
  } catch {
    throw new Error(`the child printed ${JSON.stringify(result.stdout)}, ${result.stderr}`);
  }
}

/** One save of `bytes` in a child process. */
const saveInChild = (path: string, bytes: number, options: ChildOptions = {}) =>
  runChild(['once', path, String(bytes)], options);

describe('errnoReason: one wording for the app and the CLI', () => {
  it('says what went wrong in a few words, reading or writing', () => {
    expect(errnoReason(errno('ENOENT'))).toBe('no such file');
    expect(errnoReason(errno('ENOENT'), true)).toBe('no such folder');
    expect(errnoReason(errno('EISDIR'))).toBe('is a folder');
    expect(errnoReason(errno('EACCES'))).toBe('permission denied');
    expect(errnoReason(errno('EROFS'), true)).toBe('the disk is read-only');
    expect(errnoReason(errno('ENOSPC'), true)).toBe('the disk is full');
    expect(errnoReason(new Error('EIO: i/o error, read\n    at …'))).toBe('EIO: i/o error, read');
  });
});

describe('readTextFile', () => {
  it('reads UTF-8 text', async () => {
    const path = join(freshFolder(), 'network.wcmodel');
    writeFileSync(path, '{"format": "weightcraft", "name": "réseau ✓"}');
    expect(await readTextFile(path)).toBe('{"format": "weightcraft", "name": "réseau ✓"}');
  });

  it('names the file in its errors', async () => {
    const folder = freshFolder();
    await expect(readTextFile(join(folder, 'network.wcmodel'))).rejects.toThrow(
      /^network\.wcmodel: no such file$/,
    );
    mkdirSync(join(folder, 'models.wcmodel'));
    await expect(readTextFile(join(folder, 'models.wcmodel'))).rejects.toThrow(
      /^models\.wcmodel: is a folder$/,
    );
    writeFileSync(join(folder, 'plain'), 'x');
    await expect(readTextFile(join(folder, 'plain', 'inside.wcmodel'))).rejects.toThrow(
      /^inside\.wcmodel: no such file$/,
    );
  });

  it('checks the size with stat before reading', async () => {
    const path = join(freshFolder(), 'huge.wcmodel');
    writeFileSync(path, '');
    truncateSync(path, Math.round(70.2 * 2 ** 20)); // sparse: no 70 MiB written
    await expect(readTextFile(path)).rejects.toThrow(
      /^huge\.wcmodel: the file is 70\.2 MiB, over the 64 MiB limit for model files$/,
    );
  });

  it('refuses bytes that are not UTF-8, naming the first bad byte', async () => {
    const folder = freshFolder();
    writeFileSync(join(folder, 'binary.wcmodel'), Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x7d]));
    await expect(readTextFile(join(folder, 'binary.wcmodel'))).rejects.toThrow(
      /^binary\.wcmodel: not a text file \(invalid UTF-8 at byte 2\)$/,
    );
  });

  it('refuses a FIFO by what it is, without waiting for a writer', { timeout: 5000 }, async () => {
    const folder = freshFolder();
    const fifo = join(folder, 'pipe.wcmodel');
    execFileSync('mkfifo', [fifo]);
    await expect(readTextFile(fifo)).rejects.toThrow(
      /^pipe\.wcmodel: is a named pipe \(FIFO\), not a file$/,
    );
    // A link to it is the FIFO too.
    symlinkSync(fifo, join(folder, 'link.wcmodel'));
    await expect(readTextFile(join(folder, 'link.wcmodel'))).rejects.toThrow(/FIFO/);
  });

  it('refuses devices, which stat as 0 bytes and never end', { timeout: 5000 }, async () => {
    await expect(readTextFile('/dev/zero')).rejects.toThrow(/^zero: is a device, not a file$/);
    await expect(readTextFile('/dev/zero', { name: '/dev/zero' })).rejects.toThrow(
      /^\/dev\/zero: is a device/,
    );
  });

  it('counts the bytes it reads, not the size stat gives', async () => {
    // /proc files are regular files that stat as 0 bytes and hold more.
    const path = '/proc/self/status';
    expect(statSync(path).size).toBe(0);
    await expect(readTextFile(path, { maxBytes: 100, what: 'data files' })).rejects.toThrow(
      /^status: the file is over the 100 bytes limit for data files$/,
    );
    expect(await readTextFile(path)).toMatch(/^Name:/);
  });

  it('says permission denied for a file it may not read', async () => {
    if (!posix) return;
    const folder = freshFolder();
    const path = join(folder, 'secret.wcmodel');
    writeFileSync(path, '{}');
    chmodSync(path, 0o000);
    // root reads anything: then the read runs in a child process as the user nobody.
    const result = isRoot
      ? runChild(['read', path], { uid: 65534, gid: 65534 })
      : await readTextFile(path).then(
          () => ({ ok: true }),
          (error: Error) => ({ ok: false, message: error.message }),
        );
    expect(result).toEqual({ ok: false, message: 'secret.wcmodel: permission denied' });
  });
});

describe('saveAtomically', () => {
  it('writes a new file and leaves no temporary file', async () => {
    const folder = freshFolder();
    const path = join(folder, 'network.wcmodel');
    await saveAtomically(path, 'version 1');
    expect(readFileSync(path, 'utf8')).toBe('version 1');
    expect(readdirSync(folder)).toEqual(['network.wcmodel']);
  });

  it('keeps the previous version as <name>.bak', async () => {
    const folder = freshFolder();
    const path = join(folder, 'network.wcmodel');
    await saveAtomically(path, 'version 1');
    await saveAtomically(path, 'version 2');
    await saveAtomically(path, 'version 3');
    expect(readFileSync(path, 'utf8')).toBe('version 3');
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe('version 2');
    expect(readdirSync(folder).sort()).toEqual(['network.wcmodel', 'network.wcmodel.bak']);
  });

  it('can skip the backup', async () => {
    const folder = freshFolder();
    const path = join(folder, 'outputs.csv');
    await saveAtomically(path, 'a', { backup: false });
    await saveAtomically(path, 'b', { backup: false });
    expect(readdirSync(folder)).toEqual(['outputs.csv']);
  });

  it('keeps the permissions of the file it replaces', async () => {
    if (!posix) return;
    const path = join(freshFolder(), 'private.wcmodel');
    writeFileSync(path, 'old');
    chmodSync(path, 0o600);
    await saveAtomically(path, 'new');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('saves through a symbolic link into the file it points to', async () => {
    if (!posix) return;
    const folder = freshFolder();
    mkdirSync(join(folder, 'real'));
    const real = join(folder, 'real', 'network.wcmodel');
    writeFileSync(real, 'old');
    symlinkSync(real, join(folder, 'link.wcmodel'));
    await saveAtomically(join(folder, 'link.wcmodel'), 'new');
    expect(readFileSync(real, 'utf8')).toBe('new');
    expect(readFileSync(`${real}.bak`, 'utf8')).toBe('old');
  });

  it('refuses to save through a symbolic link to nothing, naming the link and its target', async () => {
    if (!posix) return;
    const folder = freshFolder();
    symlinkSync('gone/network.wcmodel', join(folder, 'link.wcmodel'));
    await expect(saveAtomically(join(folder, 'link.wcmodel'), 'new')).rejects.toThrow(
      'link.wcmodel: a symbolic link to gone/network.wcmodel, which does not exist; remove the link or save under another name',
    );
    // The link is still a link, and nothing was written beside it.
    expect(lstatSync(join(folder, 'link.wcmodel')).isSymbolicLink()).toBe(true);
    expect(readdirSync(folder)).toEqual(['link.wcmodel']);
  });

  it('runs saves to one file in order', async () => {
    const path = join(freshFolder(), 'network.wcmodel');
    await Promise.all(Array.from({ length: 20 }, (_, i) => saveAtomically(path, `v${i}`)));
    expect(readFileSync(path, 'utf8')).toBe('v19');
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe('v18');
  });

  it('removes temporary files left by a killed writer, and only those', async () => {
    const folder = freshFolder();
    const path = join(folder, 'network.wcmodel');
    const deadPid = 2 ** 22 + 17; // above Linux's pid_max: no such process
    writeFileSync(join(folder, `.network.wcmodel.wc-${deadPid}-00ff.tmp`), 'torn');
    writeFileSync(join(folder, `.network.wcmodel.bak.wc-${deadPid}-00aa.tmp`), 'torn');
    writeFileSync(join(folder, `.other.wcmodel.wc-${deadPid}-00bb.tmp`), 'not ours');
    writeFileSync(join(folder, `.network.wcmodel.wc-${process.ppid}-00cc.tmp`), 'a live writer');
    await saveAtomically(path, 'saved');
    expect(readdirSync(folder).sort()).toEqual([
      `.network.wcmodel.wc-${process.ppid}-00cc.tmp`,
      `.other.wcmodel.wc-${deadPid}-00bb.tmp`,
      'network.wcmodel',
    ]);
    expect(await removeStaleTemps(path)).toBe(0);
  });

  it('names its temporary files so they are recognised', () => {
    const temp = tempPathFor('/models/network.wcmodel');
    expect(temp).toMatch(/^\/models\/\.network\.wcmodel\.wc-\d+-[0-9a-f]+\.tmp$/);
    expect(isTempFile(temp.split('/').pop()!)).toBe(true);
    expect(isTempFile('network.wcmodel')).toBe(false);
  });

  it('refuses to replace a folder, and saves nothing into a path under a file', async () => {
    const folder = freshFolder();
    mkdirSync(join(folder, 'models.wcmodel'));
    await expect(saveAtomically(join(folder, 'models.wcmodel'), 'x')).rejects.toThrow(
      /^models\.wcmodel: is a folder$/,
    );
    writeFileSync(join(folder, 'plain'), 'x');
    await expect(saveAtomically(join(folder, 'plain', 'network.wcmodel'), 'x')).rejects.toThrow(
      `${join(folder, 'plain')} is not a folder`,
    );
    await expect(saveAtomically(join(folder, 'gone', 'network.wcmodel'), 'x')).rejects.toThrow(
      `the folder ${join(folder, 'gone')} does not exist`,
    );
  });

  it('says permission denied when the folder is not writable, leaving the old file as it was', async () => {
    if (!posix) return;
    const folder = freshFolder();
    const path = join(folder, 'network.wcmodel');
    writeFileSync(path, 'the old version');
    chmodSync(folder, 0o555);
    try {
      // chmod does not stop root: then the save runs in a child process as the user nobody,
      // for whom the folder is really read-only.
      const result = isRoot
        ? saveInChild(path, 1000, { uid: 65534, gid: 65534 })
        : await saveAtomically(path, 'new').then(
            () => ({ ok: true }),
            (error: Error) => ({ ok: false, message: error.message }),
          );
      expect(result).toEqual({
        ok: false,
        message: `permission denied: you cannot write to ${folder}`,
      });
    } finally {
      chmodSync(folder, 0o755);
    }
    expect(readFileSync(path, 'utf8')).toBe('the old version');
    expect(readdirSync(folder)).toEqual(['network.wcmodel']);
  });

  it('refuses to replace a read-only file', async () => {
    if (!posix) return;
    const folder = freshFolder();
    const path = join(folder, 'network.wcmodel');
    writeFileSync(path, 'kept');
    chmodSync(path, 0o444);
    chmodSync(folder, 0o777);
    const result = isRoot
      ? saveInChild(path, 1000, { uid: 65534, gid: 65534 })
      : await saveAtomically(path, 'new').then(
          () => ({ ok: true }),
          (error: Error) => ({ ok: false, message: error.message }),
        );
    expect(result).toEqual({
      ok: false,
      message: 'permission denied: network.wcmodel is read-only',
    });
    expect(readFileSync(path, 'utf8')).toBe('kept');
  });

  it('fails midway through the write without touching the old file, and removes its temporary file', async () => {
    if (!posix) return;
    const folder = freshFolder();
    const path = join(folder, 'network.wcmodel');
    writeFileSync(path, 'the old version'); // small enough to back up under the limit
    // `ulimit -f 8`: no file may grow past 8 KiB, so the 64 KiB write fails after it began.
    const result = saveInChild(path, 64 * 1024, { shellPrefix: 'ulimit -f 8 && ' });
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/too large/i); // EFBIG, passed on with its own message
    expect(readFileSync(path, 'utf8')).toBe('the old version');
    expect(readdirSync(folder).sort()).toEqual(['network.wcmodel', 'network.wcmodel.bak']);
  });

  it('maps write errors to one-line messages', () => {
    const path = '/home/ada/models/network.wcmodel';
    expect(saveErrorMessage(errno('EACCES'), path)).toBe(
      'permission denied: you cannot write to /home/ada/models',
    );
    expect(saveErrorMessage(errno('EPERM'), path)).toBe(
      'permission denied: you cannot write to /home/ada/models',
    );
    expect(saveErrorMessage(errno('EROFS'), path)).toBe('the disk is read-only');
    expect(saveErrorMessage(errno('ENOSPC'), path)).toBe('the disk is full');
    expect(saveErrorMessage(errno('EDQUOT'), path)).toBe(
      'the disk is full (your quota is used up)',
    );
    expect(saveErrorMessage(new Error('EIO: i/o error\n    at stack'), path)).toBe(
      'EIO: i/o error',
    );
  });

  it("maps a real ENOSPC to 'the disk is full'", () => {
    // /dev/full fails every write with ENOSPC. A save cannot write beside it (its folder is
    // /dev), so this checks the mapping of the error object a full disk really gives.
    if (!existsSync('/dev/full')) return;
    let error: unknown;
    try {
      writeFileSync('/dev/full', 'x');
    } catch (caught) {
      error = caught;
    }
    expect(saveErrorMessage(error, '/home/ada/network.wcmodel')).toBe('the disk is full');
  });
});
