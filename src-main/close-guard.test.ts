import { describe, expect, it } from 'vitest';
import { CloseGuard, windowTitle, type CloseChoice } from './close-guard.ts';

/** A guard whose prompt answers `choice`, recording what it does; timers run by hand. */
function setup(choice: CloseChoice = 'save') {
  const log: string[] = [];
  const timers = new Map<number, () => void>();
  let next = 0;
  const guard = new CloseGuard(
    {
      ask: async (title) => {
        log.push(`ask ${title}`);
        return choice;
      },
      requestSave: () => log.push('requestSave'),
      close: () => log.push('close'),
      discarded: () => log.push('discarded'),
      cancelled: () => log.push('cancelled'),
      setTimer: (run) => {
        timers.set(++next, run);
        return next;
      },
      clearTimer: (timer) => timers.delete(timer as number),
    },
    1000,
  );
  const fireTimers = () => {
    for (const [id, run] of [...timers]) {
      timers.delete(id);
      run();
    }
  };
  return { guard, log, timers, fireTimers };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('closing with unsaved changes', () => {
  it('closes a saved document without asking', () => {
    const { guard, log } = setup();
    guard.onDocumentState({ title: 'net.wcmodel', dirty: false });
    expect(guard.onCloseRequested()).toBe(false);
    expect(log).toEqual([]);
  });

  it('asks once, however often close is pressed', async () => {
    const { guard, log } = setup('cancel');
    guard.onDocumentState({ title: 'net.wcmodel', dirty: true });
    expect(guard.onCloseRequested()).toBe(true);
    expect(guard.onCloseRequested()).toBe(true);
    await tick();
    expect(log).toEqual(['ask net.wcmodel', 'cancelled']);
    expect(guard.phase).toBe('idle');
  });

  it("Don't Save closes at once and drops the recovery", async () => {
    const { guard, log } = setup('discard');
    guard.onDocumentState({ title: 'net.wcmodel', dirty: true });
    guard.onCloseRequested();
    await tick();
    expect(log).toEqual(['ask net.wcmodel', 'discarded', 'close']);
    expect(guard.onCloseRequested()).toBe(false); // the close it asked for goes through
  });

  it('Save asks the page to save, then closes when it reports clean', async () => {
    const { guard, log } = setup('save');
    guard.onDocumentState({ title: 'net.wcmodel', dirty: true });
    guard.onCloseRequested();
    await tick();
    expect(log).toEqual(['ask net.wcmodel', 'requestSave']);
    guard.onSaveStarted();
    guard.onSaveFinished(true);
    expect(log).not.toContain('close');
    guard.onDocumentState({ title: 'net.wcmodel', dirty: false });
    expect(log.at(-1)).toBe('close');
    expect(guard.onCloseRequested()).toBe(false);
  });

  it('closes when the clean report came before the save reply', async () => {
    const { guard, log } = setup('save');
    guard.onDocumentState({ title: 'Untitled', dirty: true });
    guard.onCloseRequested();
    await tick();
    guard.onSaveStarted();
    guard.onDocumentState({ title: 'net.wcmodel', dirty: false });
    guard.onSaveFinished(true);
    expect(log.at(-1)).toBe('close');
  });

  it('stays open when the save fails or the Save As dialog is cancelled', async () => {
    const { guard, log } = setup('save');
    guard.onDocumentState({ title: 'Untitled', dirty: true });
    guard.onCloseRequested();
    await tick();
    guard.onSaveStarted();
    guard.onSaveFinished(false);
    expect(log).toEqual(['ask Untitled', 'requestSave', 'cancelled']);
    expect(guard.phase).toBe('idle');
    expect(guard.onCloseRequested()).toBe(true); // asks again next time
  });

  it('waits for a Save As dialog however long it stays open', async () => {
    const { guard, log, timers, fireTimers } = setup('save');
    guard.onDocumentState({ title: 'Untitled', dirty: true });
    guard.onCloseRequested();
    await tick();
    expect(timers.size).toBe(1);
    guard.onSaveStarted();
    expect(timers.size).toBe(0); // no timeout while the save runs
    fireTimers();
    expect(guard.phase).toBe('saving');
    guard.onSaveFinished(true);
    guard.onDocumentState({ title: 'net.wcmodel', dirty: false });
    expect(log.at(-1)).toBe('close');
  });

  it('gives up when the page never starts the save', async () => {
    const { guard, log, fireTimers } = setup('save');
    guard.onDocumentState({ title: 'net.wcmodel', dirty: true });
    guard.onCloseRequested();
    await tick();
    fireTimers();
    expect(log).toEqual(['ask net.wcmodel', 'requestSave', 'cancelled']);
    guard.onDocumentState({ title: 'net.wcmodel', dirty: false }); // too late: no close
    expect(log).not.toContain('close');
  });

  it('gives up when the page goes away mid-handshake', async () => {
    const { guard, log } = setup('save');
    guard.onDocumentState({ title: 'net.wcmodel', dirty: true });
    guard.onCloseRequested();
    await tick();
    guard.onPageGone();
    expect(log.at(-1)).toBe('cancelled');
    expect(guard.onCloseRequested()).toBe(false); // its document is gone: nothing to ask about
  });

  it('ignores save reports that are not part of a close', () => {
    const { guard, log } = setup();
    guard.onSaveStarted();
    guard.onSaveFinished(true);
    guard.onDocumentState({ title: 'a', dirty: false });
    expect(log).toEqual([]);
  });
});

describe('window title', () => {
  it('names the document, marking unsaved changes', () => {
    expect(windowTitle({ title: 'net.wcmodel', dirty: false }, 'linux')).toBe(
      'net.wcmodel — Weightcraft',
    );
    expect(windowTitle({ title: 'net.wcmodel', dirty: true }, 'win32')).toBe(
      '• net.wcmodel — Weightcraft',
    );
    // macOS marks the close button instead (setDocumentEdited).
    expect(windowTitle({ title: 'net.wcmodel', dirty: true }, 'darwin')).toBe(
      'net.wcmodel — Weightcraft',
    );
    expect(windowTitle({ title: ' \n', dirty: false }, 'linux')).toBe('Untitled — Weightcraft');
    expect(windowTitle({ title: 'Weightcraft', dirty: false }, 'linux')).toBe('Weightcraft');
  });
});
