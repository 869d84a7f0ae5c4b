/**
 * The compute budget on the command line: `--memory-limit SIZE`, by default a share of this
 * machine's memory, and the check each command makes before it computes (exit 1 with the
 * budget's message naming the layer, its shape and the bytes).
 */
import { totalmem } from 'node:os';
import {
  checkBudget,
  formatBytes,
  parseByteSize,
  type BudgetOptions,
  type MemoryLimit,
} from '../src-shared/net/budget.ts';
import type { Network } from '../src-shared/net/network.ts';
import { UsageError } from './usage.ts';

/** The share of the machine's memory one command may plan to hold, unless told otherwise. */
export const DEFAULT_MEMORY_SHARE = 0.5;

/** The limit `--memory-limit` gives (`2GB`, `512MiB`, `6G`), or the default share. */
export function memoryLimit(flag: string | undefined, total = totalmem()): MemoryLimit {
  if (flag === undefined) {
    return {
      bytes: Math.floor(total * DEFAULT_MEMORY_SHARE),
      source: `half of this machine's ${formatBytes(total)}; set another with --memory-limit`,
    };
  }
  const bytes = parseByteSize(flag);
  if (bytes === null) {
    throw new UsageError(
      `--memory-limit: expected a size such as 2GB, 512MiB or 6G, found "${flag}"`,
    );
  }
  return { bytes, source: '--memory-limit' };
}

/** Throws (exit 1) when the pass would hold more than the limit, before anything is made. */
export function requireBudget(
  modelPath: string,
  network: Network,
  options: BudgetOptions & { readonly limit: MemoryLimit },
): void {
  const refused = checkBudget(network, options);
  if (refused !== null) throw new Error(`${modelPath}: ${refused}`);
}
