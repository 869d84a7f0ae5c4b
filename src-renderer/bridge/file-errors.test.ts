import { describe, expect, it } from 'vitest';
import { cancelled, fileError, isAbort } from './file-errors.ts';

const domError = (name: string, message = 'The operation failed.') =>
  new DOMException(message, name);

describe('file errors', () => {
  it('names the file and what went wrong in one line', () => {
    const write = { name: 'network.wcmodel', action: 'write' } as const;
    const read = { name: 'network.wcmodel', action: 'read' } as const;
    expect(fileError(domError('NotAllowedError'), write).message).toBe(
      'permission to write network.wcmodel was denied',
    );
    expect(fileError(domError('NotAllowedError'), read).message).toBe(
      'permission to read network.wcmodel was denied',
    );
    expect(fileError(domError('NotFoundError'), read).message).toBe(
      'network.wcmodel was moved or deleted',
    );
    expect(fileError(domError('QuotaExceededError'), write).message).toBe(
      'there is not enough disk space to save network.wcmodel',
    );
  });

  it('keeps the reason for other errors, on one line, with the original as cause', () => {
    const original = domError('InvalidStateError', 'The file\n  changed.');
    const error = fileError(original, { name: 'network.wcmodel', action: 'write' });
    expect(error.message).toBe('network.wcmodel: The file changed.');
    expect(error.cause).toBe(original);
    expect(
      fileError(domError('SecurityError', 'Must be handling a user gesture.'), {
        name: null,
        action: 'read',
      }).message,
    ).toBe('Must be handling a user gesture.');
  });

  it('tells a cancelled dialog from a failure', () => {
    expect(isAbort(domError('AbortError', 'The user aborted a request.'))).toBe(true);
    expect(isAbort(domError('NotAllowedError'))).toBe(false);
    expect(isAbort('AbortError')).toBe(false);
    const error = cancelled('network.wcmodel');
    expect(isAbort(error)).toBe(true);
    expect(error.message).toBe('saving network.wcmodel was cancelled');
  });
});
