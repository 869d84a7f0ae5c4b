/**
 * File names as the CLI prints them. A name may hold a newline or a terminal's escape codes, so
 * printed raw it could forge output lines ("FAKE: Cat 99.9%") or recolour the terminal: every
 * control character, and the invisible ones that reorder text, is shown as an escape instead.
 */

/** C0 and C1 controls, DEL, line and paragraph separators, and bidirectional overrides. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `name` with each unsafe character as \n, \r, \t, \xNN or \uNNNN. */
export function printable(name: string): string {
  return name.replace(UNSAFE, (char) => {
    const code = char.charCodeAt(0);
    return (
      NAMED[char] ??
      (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`)
    );
  });
}

/** Files a data set left out, every one with its reason, one line each. */
export function skippedLines(skipped: readonly { file: string; reason: string }[]): string {
  if (skipped.length === 0) return '';
  const files = `${skipped.length} file${skipped.length === 1 ? '' : 's'}`;
  return (
    `skipped ${files}:\n` +
    skipped.map((s) => `  ${printable(s.file)}: ${printable(s.reason)}\n`).join('')
  );
}
