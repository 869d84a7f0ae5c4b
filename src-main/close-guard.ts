/**
 * Closing a window with unsaved changes: the prompt (Save / Don't Save / Cancel) and the
 * handshake with the page when the user picks Save, as a small state machine with its effects
 * injected, so it runs in Node tests with fake timers.
 *
 * The handshake. The page owns the document, so "Save" is a request: the guard sends the
 * 'save' menu action and waits.
 * - The page starts a save (`saveStarted`, from the save/saveAs IPC handlers): the wait is
 *   paused while the save runs, however long a Save As dialog stays open.
 * - The save fails or is cancelled (`saveFinished(false)`): the window stays open.
 * - The page reports `dirty: false` (setDocumentState) after the save: the window closes.
 * - Nothing happens within the timeout (the page is hung, or could not save, say with a shape
 *   error): the window stays open; closing again asks again.
 */

export type CloseChoice = 'save' | 'discard' | 'cancel';

export interface CloseGuardEffects {
  /** Shows the prompt for the document called `title`. */
  ask(title: string): Promise<CloseChoice>;
  /** Sends the 'save' menu action to the page. */
  requestSave(): void;
  /** Closes the window for real (the guard lets this close through). */
  close(): void;
  /** The user chose Don't Save: the recovery file should go too. */
  discarded(): void;
  /** The close was called off (Cancel, or the save did not happen): a pending quit stops too. */
  cancelled(): void;
  setTimer(run: () => void, ms: number): unknown;
  clearTimer(timer: unknown): void;
}

type Phase = 'idle' | 'asking' | 'requested' | 'saving' | 'saved' | 'closing';

/** How long the page has to start a save, and to report clean after one. */
export const SAVE_HANDSHAKE_TIMEOUT_MS = 10_000;

export class CloseGuard {
  #phase: Phase = 'idle';
  #dirty = false;
  #title = 'Untitled';
  #timer: unknown = null;

  constructor(
    private readonly effects: CloseGuardEffects,
    private readonly timeoutMs = SAVE_HANDSHAKE_TIMEOUT_MS,
  ) {}

  get phase(): Phase {
    return this.#phase;
  }

  get dirty(): boolean {
    return this.#dirty;
  }

  /**
   * The window's 'close' event: returns true when the close must be prevented. A clean
   * document closes at once; a dirty one asks first (once, however often close is pressed).
   */
  onCloseRequested(): boolean {
    if (this.#phase === 'closing') return false;
    if (!this.#dirty) return false;
    if (this.#phase === 'idle') void this.#ask();
    return true;
  }

  /** The page's setDocumentState. */
  onDocumentState(state: { title: string; dirty: boolean }): void {
    this.#dirty = state.dirty;
    this.#title = state.title;
    if (!state.dirty && (this.#phase === 'requested' || this.#phase === 'saved')) {
      this.#closeNow();
    }
  }

  /** A save or Save As from this window began. */
  onSaveStarted(): void {
    if (this.#phase === 'requested' || this.#phase === 'saved') {
      this.#clearTimer();
      this.#phase = 'saving';
    }
  }

  /** The save ended: written (true), or failed or cancelled (false). */
  onSaveFinished(saved: boolean): void {
    if (this.#phase !== 'saving') return;
    if (!saved) return this.#giveUp();
    if (!this.#dirty) return this.#closeNow();
    this.#phase = 'saved';
    this.#startTimer();
  }

  /**
   * The page went away (crashed or reloaded): its answer will never come, and its document is
   * gone with it (what was unsaved lives on in the recovery file), so there is nothing to ask.
   */
  onPageGone(): void {
    this.#dirty = false;
    if (this.#phase === 'requested' || this.#phase === 'saving' || this.#phase === 'saved') {
      this.#giveUp();
    }
  }

  async #ask(): Promise<void> {
    this.#phase = 'asking';
    let choice: CloseChoice;
    try {
      choice = await this.effects.ask(this.#title);
    } catch {
      choice = 'cancel';
    }
    if (this.#phase !== 'asking') return;
    switch (choice) {
      case 'discard':
        this.effects.discarded();
        return this.#closeNow();
      case 'cancel':
        return this.#giveUp();
      case 'save':
        this.#phase = 'requested';
        this.#startTimer();
        this.effects.requestSave();
        return;
      default:
        throw new Error(`unknown choice ${choice satisfies never}`);
    }
  }

  #closeNow(): void {
    this.#clearTimer();
    this.#phase = 'closing';
    this.effects.close();
  }

  #giveUp(): void {
    this.#clearTimer();
    this.#phase = 'idle';
    this.effects.cancelled();
  }

  #startTimer(): void {
    this.#clearTimer();
    this.#timer = this.effects.setTimer(() => {
      this.#timer = null;
      this.#giveUp();
    }, this.timeoutMs);
  }

  #clearTimer(): void {
    if (this.#timer !== null) this.effects.clearTimer(this.#timer);
    this.#timer = null;
  }
}

/** "network.wcmodel — Weightcraft", with "• " in front when unsaved (macOS shows a dot itself). */
export function windowTitle(
  state: { title: string; dirty: boolean },
  platform: NodeJS.Platform,
  appName = 'Weightcraft',
): string {
  // eslint-disable-next-line no-control-regex
  const name = state.title.replace(/[\u0000-\u001f\u007f]/g, ' ').trim() || 'Untitled';
  const mark = state.dirty && platform !== 'darwin' ? '• ' : '';
  return name === appName ? `${mark}${appName}` : `${mark}${name} — ${appName}`;
}
