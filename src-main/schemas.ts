/**
 * What the main process accepts from the page, checked with zod: the page is treated as
 * untrusted input, so every value that crosses IPC (and the recovery file on disk) is checked
 * for type, shape and size before anything touches the disk.
 */
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import type { MenuAction } from '../src-shared/bridge.ts';
import { MAX_FILE_BYTES } from '../src-shared/model-file/index.ts';
import { formatSize } from '../src-shared/text/file-text.ts';

// No code generation with new Function: the schemas work the same under any CSP or sandbox.
z.config({ jitless: true });

/** Longest path accepted: Windows' extended-length limit; no real file needs more. */
export const MAX_PATH_LENGTH = 32_767;
/** Exports are derived files (outputs as CSV): larger than a model may be, but bounded. */
export const MAX_EXPORT_BYTES = 4 * MAX_FILE_BYTES;

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** Text up to `max` bytes of UTF-8. */
function boundedText(max: number, what: string) {
  return z.string().check((ctx) => {
    const bytes = utf8Bytes(ctx.value);
    if (bytes > max) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: `the ${what} is ${formatSize(bytes)}, over the ${formatSize(max)} limit`,
      });
    }
  });
}

export const modelText = boundedText(MAX_FILE_BYTES, 'model');
export const exportText = boundedText(MAX_EXPORT_BYTES, 'export');

export const absolutePath = z
  .string()
  .min(1)
  .max(MAX_PATH_LENGTH)
  .refine((path) => !path.includes('\0'), 'the path contains a NUL character')
  .refine((path) => isAbsolute(path), 'expected an absolute path');

export const fileRef = z.object({
  id: absolutePath,
  name: z.string().max(1024),
});

/** A file name the page suggests for a dialog: a name, not a path. */
export const fileName = z
  .string()
  .min(1)
  .max(255)
  .refine((name) => !/[\\/\0]/.test(name), 'expected a file name, not a path');

export const mimeType = z
  .string()
  .max(255)
  .regex(/^[\w.+-]+\/[\w.+-]+(\s*;[^\n]*)?$/, 'expected a MIME type like text/csv');

export const documentState = z.object({
  title: z.string().max(1024),
  dirty: z.boolean(),
});

export const recovery = z.object({
  text: modelText,
  file: fileRef.nullable(),
  saved: z.iso.datetime({ offset: true }),
});

export const listenerKind = z.enum(['menu', 'openRequest']);

export const MENU_ACTIONS = [
  'new',
  'open',
  'save',
  'saveAs',
  'export',
  'close',
  'undo',
  'redo',
  'delete',
  'duplicate',
  'selectAll',
  'fit',
  'zoomIn',
  'zoomOut',
  'arrange',
  'help',
] as const satisfies readonly MenuAction[];

// Compile-time check that MENU_ACTIONS lists every MenuAction.
export type MissingMenuAction = Exclude<MenuAction, (typeof MENU_ACTIONS)[number]>;
const everyAction: [MissingMenuAction] extends [never] ? true : false = true;
void everyAction;

/** One line naming the argument and the fault: `argument 2 (text): expected string, …`. */
export function describeIssues(error: z.ZodError, names: readonly string[]): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid arguments';
  const [index, ...rest] = issue.path;
  const argument =
    typeof index === 'number'
      ? `argument ${index + 1}${names[index] ? ` (${names[index]})` : ''}`
      : 'arguments';
  const where = rest.length > 0 ? `${argument}, ${rest.map(String).join('.')}` : argument;
  return `${where}: ${issue.message}`;
}
