/**
 * The cats-vs-dogs photos that tests read (never copied into the repository): the project's
 * shared data beside it, ../shared/data/petimages, or the folder named by WEIGHTCRAFT_PETIMAGES.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const PHOTOS_VARIABLE = 'WEIGHTCRAFT_PETIMAGES';

const projectRoot = resolve(import.meta.dirname, '..');

/** The photo folder (with Cat/ and Dog/ inside); throws a message saying where it looked. */
export function petImages(): string {
  const named = process.env[PHOTOS_VARIABLE];
  const folder = named ? resolve(named) : resolve(projectRoot, '..', 'shared', 'data', 'petimages');
  if (!existsSync(join(folder, 'Cat')) || !existsSync(join(folder, 'Dog'))) {
    const from = named
      ? `${PHOTOS_VARIABLE}=${named}`
      : `../shared/data/petimages beside ${projectRoot}`;
    throw new Error(
      `The test photos are missing: no Cat/ and Dog/ folders in ${folder} (from ${from}). ` +
        `Put the cats-vs-dogs photos there, or set ${PHOTOS_VARIABLE} to their folder.`,
    );
  }
  return folder;
}

/** One photo's path: `photo('Cat', '1.jpg')`. */
export const photo = (className: 'Cat' | 'Dog', file: string): string =>
  join(petImages(), className, file);
