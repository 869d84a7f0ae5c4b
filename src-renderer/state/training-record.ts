/**
 * The app's side of the training record: the Weightcraft version (package.json's, bundled by
 * Vite) and the times, added to what a run knows, as `weightcraft train` does on the CLI.
 */
import packageJson from '../../package.json';
import type { TrainingRecord } from '../../src-shared/nn/model.ts';

export const APP_VERSION: string = packageJson.version;

/** A run's record; `started` is when the run began, the end is now. */
export function appTrainingRecord(
  run: Omit<TrainingRecord, 'weightcraft' | 'started' | 'ended'>,
  started: Date,
): TrainingRecord {
  return {
    weightcraft: APP_VERSION,
    started: started.toISOString(),
    ended: new Date().toISOString(),
    ...run,
  };
}
