/** The `weightcraft` command: one clear line on stderr and a non-zero exit for every error. */
import { parseArgs } from 'node:util';
import { forwardCommand } from './commands/forward.ts';
import { newCommand } from './commands/new.ts';
import { validateCommand } from './commands/validate.ts';
import { USAGE, UsageError, type CommandIo } from './usage.ts';

export async function main(argv: string[], io: CommandIo): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'new': {
      const { values } = parse(rest, {
        seed: { type: 'string', default: '0' },
        layers: { type: 'string' },
        activations: { type: 'string' },
        output: { type: 'string', short: 'o' },
      });
      return newCommand(values as Parameters<typeof newCommand>[0], io);
    }
    case 'forward': {
      const { values, positionals } = parse(rest, {
        input: { type: 'string', short: 'i' },
        numpy: { type: 'boolean', default: false },
      });
      return forwardCommand(positionals[0], values as { input?: string; numpy: boolean }, io);
    }
    case 'validate': {
      const { positionals } = parse(rest, {});
      return validateCommand(positionals[0], io);
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

/** Runs main and turns every error into one line on stderr and an exit code. */
export async function run(argv: string[]): Promise<number> {
  try {
    await main(argv, { stdout: (text) => process.stdout.write(text) });
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`weightcraft: ${message.replaceAll('\n', ' ')}\n`);
    if (error instanceof UsageError) {
      process.stderr.write(`Run "weightcraft help" for usage.\n`);
      return 2;
    }
    return 1;
  }
}
