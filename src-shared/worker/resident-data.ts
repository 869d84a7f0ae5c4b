/**
 * The engine's side of data sets sent once: a caller keeps a data set here under its key
 * (`keepData`), and later `train` and `evaluateRows` calls name the key instead of sending the
 * rows again (40 MB for 6,400 rows of 784 features, which took longer to copy than 40 training
 * steps). Rows are checked and split once per (validation share, seed) and the split is reused
 * while the key holds the same data.
 */
import { rowSamples, type RowSamples } from './row-split.ts';
import type { TrainData } from './train-types.ts';

/** A data set the engine keeps, named in place of the data itself. */
export interface KeptDataRef {
  kind: 'kept';
  key: string;
}

/** The error a call gets when the engine keeps nothing under the key it names. */
export const DATA_NOT_KEPT = 'ResidentDataMissing';

interface Kept {
  data: TrainData;
  /** The last split asked for: a run and its continuation use the same one. */
  rows: { share: number; seed: number; samples: RowSamples } | null;
}

export class ResidentData {
  readonly #kept = new Map<string, Kept>();

  /** Keeps `data` under `key`, replacing what the key held (one data set per caller). */
  keep({ key, data }: { key: string; data: TrainData }): { samples: number } {
    this.#kept.delete(key);
    const entry: Kept = { data, rows: null };
    // Rows are checked now, so a call that names them does not pay for it.
    if (data.kind !== 'pictures') this.#rowsOf(entry, 0, 0);
    this.#kept.set(key, entry);
    return { samples: data.kind === 'pictures' ? data.set.labels.length : data.y.length };
  }

  /** The data a call names or carries. */
  data(source: TrainData | KeptDataRef): TrainData {
    return source.kind === 'kept' ? this.#entry(source.key).data : source;
  }

  /** Rows of features split for a run; kept ones are split once per share and seed. */
  rows(source: TrainData | KeptDataRef, share: number, seed: number): RowSamples {
    if (source.kind === 'kept') return this.#rowsOf(this.#entry(source.key), share, seed);
    return this.#rowsOf({ data: source, rows: null }, share, seed);
  }

  #rowsOf(entry: Kept, share: number, seed: number): RowSamples {
    const data = entry.data;
    if (data.kind === 'pictures') throw new Error('a folder of pictures has no rows to split');
    const rows = entry.rows;
    if (rows && rows.share === share && (rows.seed === seed || !rows.samples.validation))
      return rows.samples;
    const samples = rowSamples(data, share, seed);
    entry.rows = { share, seed, samples };
    return samples;
  }

  #entry(key: string): Kept {
    const entry = this.#kept.get(key);
    if (entry) return entry;
    const error = new Error(
      `the engine keeps no data set "${key}" (it restarted, or the data set was never sent): send it again with keepData`,
    );
    error.name = DATA_NOT_KEPT;
    throw error;
  }
}
