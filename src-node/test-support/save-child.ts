/**
 * A child process for the file tests, bundled to one plain .mjs by `bundleSaveChild` so it runs
 * without tsx and as another user.
 *   loop <path> <first> <count> <bytes>: prints "ready", then saves versions first, first+1, …
 *     (count of them), each a complete JSON document (see `versionText`), printing "saved <n>"
 *     after each save has returned.
 *   once <path> <bytes>: one save; prints {"ok": true} or {"ok": false, "message": "..."}.
 *   read <path>: readTextFile; prints the same.
 */
import { readTextFile, saveAtomically } from '../files.ts';
import { versionText } from './versions.ts';

const [mode, path, a, b, c] = process.argv.slice(2);

async function main(): Promise<void> {
  if (mode === 'loop') {
    const first = Number(a);
    const count = Number(b);
    const bytes = Number(c);
    process.stdout.write('ready\n');
    for (let n = first; n < first + count; n++) {
      await saveAtomically(path!, versionText(n, bytes));
      process.stdout.write(`saved ${n}\n`);
    }
  } else if (mode === 'once') {
    try {
      await saveAtomically(path!, versionText(1, Number(a)));
      process.stdout.write(JSON.stringify({ ok: true }) + '\n');
    } catch (error) {
      process.stdout.write(JSON.stringify({ ok: false, message: (error as Error).message }) + '\n');
    }
  } else if (mode === 'read') {
    await readTextFile(path!).then(
      () => process.stdout.write(JSON.stringify({ ok: true }) + '\n'),
      (error: Error) =>
        process.stdout.write(JSON.stringify({ ok: false, message: error.message }) + '\n'),
    );
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
}

await main();
