/**
 * Small folders of class subfolders for the tests, made in the test's own output folder from the
 * shared cats-vs-dogs photos (never copied into the repository).
 */
import { readdirSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { petImages, photo } from '../scripts/test-photos.ts';

export type PetClass = 'Cat' | 'Dog';

/** A folder of class subfolders at `root`, each with the given photos of that class. */
export async function petFolder(
  root: string,
  photos: Partial<Record<PetClass, readonly string[]>>,
): Promise<string> {
  for (const [className, names] of Object.entries(photos)) {
    await mkdir(join(root, className), { recursive: true });
    for (const name of names) {
      await copyFile(photo(className as PetClass, name), join(root, className, name));
    }
  }
  return root;
}

/** The `count` lowest-numbered photos of a class (a few numbers are missing from the set). */
export function firstPhotos(className: PetClass, count: number): string[] {
  return readdirSync(join(petImages(), className))
    .filter((name) => /^\d+\.jpg$/.test(name))
    .sort((a, b) => parseInt(a) - parseInt(b))
    .slice(0, count);
}
