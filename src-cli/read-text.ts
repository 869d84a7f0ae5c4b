/** Reads a text file, with the path in front of any message: `X.csv: no such file`. */
import { readFile } from 'node:fs/promises';

export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a folder, not a file'
          : code === 'EACCES'
            ? 'permission denied'
            : (error as Error).message;
    throw new Error(`${path}: ${reason}`, { cause: error });
  }
}
