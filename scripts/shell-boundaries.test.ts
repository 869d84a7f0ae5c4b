/** The lint rule that keeps the shells apart, run on a few imports as ESLint sees them. */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: `${import.meta.dirname}/..` });

/** The restricted-import messages for one line of code in the file `filePath`. */
async function refusals(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport { x };\n`, { filePath });
  return result!.messages
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

describe('the shell boundaries', () => {
  it('refuse imports between the CLI, the main process and the renderer', async () => {
    expect(await refusals('src-cli/x.ts', "import { x } from '../src-main/security.ts';")).toEqual([
      expect.stringContaining('src-cli may not import from src-main'),
    ]);
    expect(
      await refusals('src-main/x.ts', "import { x } from '../src-cli/usage.ts';"),
    ).toHaveLength(1);
    expect(
      await refusals('src-renderer/state/x.ts', "import { x } from '../../src-node/files.ts';"),
    ).toHaveLength(1);
  });

  it('let each shell import the core, and the desktop and CLI the shared Node I/O', async () => {
    expect(await refusals('src-cli/x.ts', "import { x } from '../src-node/files.ts';")).toEqual([]);
    expect(await refusals('src-main/x.ts', "import { x } from '../src-node/files.ts';")).toEqual(
      [],
    );
    expect(
      await refusals('src-renderer/x.ts', "import { x } from '../src-shared/bridge.ts';"),
    ).toEqual([]);
  });
});
