/**
 * Ctrl-C (SIGINT) and SIGTERM end a command with exit code 130. A command that can stop
 * cleanly between steps (`train`) asks to be told instead (`onInterrupt`): it finishes its
 * step, writes what it has and throws Interrupted. Otherwise, and at a second signal, the
 * process ends at once; the temporary file of a save in progress is removed first (the file it
 * replaces stays whole).
 */
import { removeTempFilesNow } from '../src-node/files.ts';

/** Exit code of an interrupted run (128 + SIGINT's 2), as shells report Ctrl-C. */
export const INTERRUPTED = 130;

/** A command stopped by a signal after cleaning up; its message says what was kept. */
export class Interrupted extends Error {
  override name = 'Interrupted';
}

let listener: (() => void) | null = null;

/** Calls `stop` at the next signal instead of ending the process; returns the undo. */
export function onInterrupt(stop: () => void): () => void {
  listener = stop;
  return () => {
    if (listener === stop) listener = null;
  };
}

/** Installs the handlers, once per process. */
export function handleSignals(): void {
  const onSignal = () => {
    const stop = listener;
    listener = null;
    if (stop) return stop();
    removeTempFilesNow();
    process.stderr.write('\nweightcraft: interrupted\n');
    process.exit(INTERRUPTED);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
