/**
 * The `weightcraft` command: one clear line on stderr and a non-zero exit for every error. Each
 * command's module is loaded when it runs, so `validate` does not wait for sharp (libvips) to load.
 */
import { parseArgs } from 'node:util';
import type { EvaluateOptions } from './commands/evaluate.ts';
import type { ForwardOptions } from './commands/forward.ts';
import type { NewOptions } from './commands/new.ts';
import type { PredictOptions } from './commands/predict.ts';
import type { TrainOptions } from './commands/train.ts';
import { removeTempFilesNow } from '../src-node/files.ts';
import { handleSignals, Interrupted, INTERRUPTED } from './interrupt.ts';
import { printable } from './printable.ts';
import { USAGE, UsageError, type CommandIo } from './usage.ts';

export async function main(argv: string[], io: CommandIo): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'new': {
      const { values } = parse(rest, {
        seed: { type: 'string', default: '0' },
        layers: { type: 'string' },
        template: { type: 'string' },
        size: { type: 'string' },
        channels: { type: 'string' },
        classes: { type: 'string' },
        widths: { type: 'string' },
        hidden: { type: 'string' },
        activations: { type: 'string' },
        output: { type: 'string', short: 'o' },
      });
      const { newCommand } = await import('./commands/new.ts');
      return newCommand(values as NewOptions, io);
    }
    case 'forward': {
      const { values, positionals } = parse(rest, {
        input: { type: 'string', short: 'i' },
        numpy: { type: 'boolean', default: false },
        'memory-limit': { type: 'string' },
      });
      const { forwardCommand } = await import('./commands/forward.ts');
      return forwardCommand(positionals[0], values as ForwardOptions, io);
    }
    case 'train': {
      const { values, positionals } = parse(rest, {
        data: { type: 'string', short: 'd' },
        epochs: { type: 'string' },
        batch: { type: 'string' },
        lr: { type: 'string' },
        optimizer: { type: 'string' },
        schedule: { type: 'string' },
        decay: { type: 'string' },
        momentum: { type: 'string' },
        seed: { type: 'string' },
        validation: { type: 'string' },
        label: { type: 'string' },
        labels: { type: 'string' },
        normalize: { type: 'string' },
        smoothing: { type: 'string' },
        pad: { type: 'string' },
        'weight-decay': { type: 'string' },
        workers: { type: 'string' },
        loss: { type: 'string' },
        precision: { type: 'string' },
        output: { type: 'string', short: 'o' },
        'memory-limit': { type: 'string' },
      });
      const { trainCommand } = await import('./commands/train.ts');
      return trainCommand(onePositional(positionals, 'train'), values as TrainOptions, io);
    }
    case 'evaluate': {
      const { values, positionals } = parse(rest, {
        data: { type: 'string', short: 'd' },
        label: { type: 'string' },
        labels: { type: 'string' },
        seed: { type: 'string' },
        split: { type: 'string' },
        validation: { type: 'string' },
        'no-test-flip': { type: 'boolean' },
        json: { type: 'boolean', default: false },
        'memory-limit': { type: 'string' },
      });
      if ((values as { data?: string }).data !== undefined) {
        throw new UsageError(
          'evaluate takes the data as its second argument, not --data: weightcraft evaluate MODEL DATA',
        );
      }
      if (positionals.length > 2) {
        throw new UsageError(
          `evaluate takes a model and one data set, found ${positionals.length} arguments: ${positionals.join(' ')}`,
        );
      }
      const { evaluateCommand } = await import('./commands/evaluate.ts');
      return evaluateCommand(positionals[0], positionals[1], values as EvaluateOptions, io);
    }
    case 'predict': {
      const { values, positionals } = parse(rest, {
        'no-test-flip': { type: 'boolean' },
        json: { type: 'boolean', default: false },
        'memory-limit': { type: 'string' },
      });
      const { predictCommand } = await import('./commands/predict.ts');
      return predictCommand(positionals[0], positionals.slice(1), values as PredictOptions, io);
    }
    case 'validate': {
      const { values, positionals } = parse(rest, { 'memory-limit': { type: 'string' } });
      const { validateCommand } = await import('./commands/validate.ts');
      return validateCommand(positionals[0], values as { 'memory-limit'?: string }, io);
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.stdout(USAGE);
      return;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

type ParseOptions = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parse(args: string[], options: ParseOptions) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The model file, the one positional argument a command takes. */
function onePositional(positionals: string[], command: string): string | undefined {
  if (positionals.length > 1) {
    throw new UsageError(
      `${command} takes one model file, found ${positionals.length}: ${positionals.join(' ')}`,
    );
  }
  return positionals[0];
}

/** A message as one line: its own line breaks as spaces, file names' control characters escaped. */
const oneLine = (message: string) => printable(message.replaceAll('\n', ' '));

/**
 * A reader that went away (`evaluate … | head -1`) ends the command quietly instead of with
 * EPIPE's stack.
 */
function endQuietlyOnClosedPipe(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    removeTempFilesNow();
    process.exit(process.exitCode ?? 0);
  });
}

/** Runs main and turns every error into one line on stderr and an exit code. */
export async function run(argv: string[]): Promise<number> {
  handleSignals();
  endQuietlyOnClosedPipe();
  try {
    await main(argv, {
      stdout: (text) => process.stdout.write(text),
      interactive: process.stdout.isTTY === true,
      columns: process.stdout.columns,
      warn: (text) => process.stderr.write(`weightcraft: warning: ${oneLine(text)}\n`),
    });
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`weightcraft: ${oneLine(message)}\n`);
    if (error instanceof Interrupted) return INTERRUPTED;
    if (error instanceof UsageError) {
      process.stderr.write(`Run "weightcraft help" for usage.\n`);
      return 2;
    }
    return 1;
  }
}
