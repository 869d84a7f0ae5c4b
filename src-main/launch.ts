/**
 * Files the app is asked to open from outside: its command line (also a second instance's,
 * which the first receives), and macOS's open-file event, which may come before any window.
 */
import { resolve } from 'node:path';

export interface ArgvOptions {
  /** `process.defaultApp`: true when run as `electron .`, where argv[1] is the app itself. */
  defaultApp: boolean;
  /** The folder relative paths are resolved against (a second instance's own). */
  cwd: string;
}

/**
 * The first file named on a command line, as an absolute path, or null. Switches are skipped
 * (Chromium adds its own, such as --allow-file-access-from-files, and macOS its -psn_ id).
 */
export function fileFromArgv(argv: readonly string[], options: ArgvOptions): string | null {
  const args = argv.slice(options.defaultApp ? 2 : 1);
  const file = args.find((arg) => arg.length > 0 && !arg.startsWith('-'));
  return file === undefined ? null : resolve(options.cwd, file);
}

/**
 * Messages waiting for the page (files to open, menu actions): kept until the page listens,
 * then handed over in order. A page that reloads stops listening until it asks again.
 */
export class Outbox<T> {
  #pending: T[] = [];
  #deliver: ((message: T) => void) | null = null;

  push(message: T): void {
    if (this.#deliver) this.#deliver(message);
    else this.#pending.push(message);
  }

  /** The page listens: everything pending goes now, later messages as they come. */
  listen(deliver: (message: T) => void): void {
    this.#deliver = deliver;
    const pending = this.#pending;
    this.#pending = [];
    for (const message of pending) deliver(message);
  }

  stopListening(): void {
    this.#deliver = null;
  }

  get pending(): readonly T[] {
    return this.#pending;
  }
}
