/** Test file contents that tell a whole version from a torn or mixed one. */
import { createHash } from 'node:crypto';

/** Version `n` as about `bytes` of JSON, with its payload's SHA-256 inside. */
export function versionText(n: number, bytes: number): string {
  const payload = `${n}:`.padEnd(Math.max(bytes - 120, 8), String.fromCharCode(97 + (n % 26)));
  const sha256 = createHash('sha256').update(payload).digest('hex');
  return JSON.stringify({ version: n, sha256, payload }) + '\n';
}

/** The version number in `text`, or null if it is not one whole version. */
export function checkVersion(text: string): number | null {
  try {
    const data = JSON.parse(text) as { version: number; sha256: string; payload: string };
    const sha256 = createHash('sha256').update(data.payload).digest('hex');
    return sha256 === data.sha256 && data.payload.startsWith(`${data.version}:`)
      ? data.version
      : null;
  } catch {
    return null;
  }
}
