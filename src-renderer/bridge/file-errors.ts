/**
 * File System Access errors (DOMExceptions named for the failure) as one-line messages that
 * name the file, the way the desktop shell words its own.
 */

/** True for the picker's "the user closed the dialog": a cancel, not a failure. */
export function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** What a Save that ended in a cancelled dialog throws, since `Bridge.save` can't return null. */
export function cancelled(name: string): Error {
  const error = new Error(`saving ${name} was cancelled`);
  error.name = 'AbortError';
  return error;
}

/** `error` from reading or writing `name`, reworded; `name` null when no file was chosen yet. */
export function fileError(
  error: unknown,
  options: { name: string | null; action: 'read' | 'write' },
): Error {
  const { name, action } = options;
  const reason = error instanceof Error ? error.message : String(error);
  const message = name === null ? null : knownMessage(error, name, action);
  // Callers say what failed ("Could not save: …"), so the fallback names only the file.
  return new Error(oneLine(message ?? (name === null ? reason : `${name}: ${reason}`)), {
    cause: error,
  });
}

function knownMessage(error: unknown, name: string, action: 'read' | 'write'): string | null {
  switch (error instanceof Error ? error.name : '') {
    case 'NotFoundError':
    case 'TypeMismatchError': // the path now holds a folder
      return `${name} was moved or deleted`;
    case 'NotAllowedError':
    case 'SecurityError':
      return `permission to ${action} ${name} was denied`;
    case 'QuotaExceededError':
      return `there is not enough disk space to save ${name}`;
    case 'NoModificationAllowedError':
      return `${name} is locked by another program`;
    case 'NotReadableError': // changed or lost its permission after it was chosen
      return `${name} could not be read; open it again`;
    default:
      return null;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
