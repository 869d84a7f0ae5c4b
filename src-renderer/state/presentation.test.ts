import { describe, expect, it } from 'vitest';
import { Presentation, type FullscreenScreen } from './presentation.svelte.ts';

/** A screen that grants or refuses full screen, and counts the calls. */
class FakeScreen implements FullscreenScreen {
  active = false;
  requests = 0;
  exits = 0;
  constructor(private readonly answer: 'grant' | 'refuse' | 'throw' | 'hold') {}
  #grant: (() => void) | null = null;
  request(): Promise<void> {
    this.requests++;
    if (this.answer === 'throw') throw new TypeError('requestFullscreen is not a function');
    if (this.answer === 'refuse') return Promise.reject(new Error('Permissions check failed'));
    return new Promise((resolve) => {
      this.#grant = () => {
        this.active = true;
        resolve();
      };
      if (this.answer === 'grant') this.#grant();
    });
  }
  /** For 'hold': the browser answers only now. */
  grantNow(): void {
    this.#grant?.();
  }
  exit(): Promise<void> {
    this.exits++;
    this.active = false;
    return Promise.resolve();
  }
}

const settle = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe('presentation mode', () => {
  it('goes full screen on entering and leaves it on leaving', async () => {
    const screen = new FakeScreen('grant');
    const presentation = new Presentation(screen);
    presentation.enter();
    await settle();
    expect(presentation.active).toBe(true);
    expect(screen.active).toBe(true);
    presentation.leave();
    expect(presentation.active).toBe(false);
    expect(screen.exits).toBe(1);
    expect(screen.active).toBe(false);
  });

  it('stays in the mode, windowed, when full screen is refused or missing', async () => {
    for (const answer of ['refuse', 'throw'] as const) {
      const screen = new FakeScreen(answer);
      const presentation = new Presentation(screen);
      presentation.enter();
      await settle();
      expect(presentation.active, answer).toBe(true);
      presentation.leave();
      expect(presentation.active, answer).toBe(false);
      expect(screen.exits, answer).toBe(0);
    }
  });

  it('ends when the browser leaves full screen by itself (its own Esc)', async () => {
    const screen = new FakeScreen('grant');
    const presentation = new Presentation(screen);
    presentation.enter();
    await settle();
    screen.active = false; // the browser left; fullscreenchange follows
    presentation.screenChanged();
    expect(presentation.active).toBe(false);
    expect(screen.exits).toBe(0);
  });

  it('keeps a full screen it did not ask for (F11) when it ends', async () => {
    const screen = new FakeScreen('grant');
    screen.active = true;
    const presentation = new Presentation(screen);
    presentation.enter();
    await settle();
    expect(screen.requests).toBe(0);
    presentation.screenChanged();
    expect(presentation.active).toBe(true);
    presentation.leave();
    expect(screen.exits).toBe(0);
    expect(screen.active).toBe(true);
  });

  it('gives the screen back when it was left before full screen was granted', async () => {
    const screen = new FakeScreen('hold');
    const presentation = new Presentation(screen);
    presentation.enter();
    presentation.leave();
    screen.grantNow();
    await settle();
    expect(presentation.active).toBe(false);
    expect(screen.exits).toBe(1);
    expect(screen.active).toBe(false);
  });

  it('comes back after a reload, windowed, with its panels as they were', async () => {
    const storage = new Map<string, string>();
    const session = {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => void storage.set(key, value),
    };
    const before = new Presentation(new FakeScreen('grant'), session);
    before.enter();
    before.togglePanel();
    await settle();
    const screen = new FakeScreen('grant');
    const after = new Presentation(screen, session);
    expect([after.active, after.paletteHidden, after.panelHidden]).toEqual([true, false, true]);
    expect(screen.requests).toBe(0); // no gesture on a reload: full screen waits for the next
    after.enter(); // F5 again, presenting windowed: now full screen
    await settle();
    expect([after.active, screen.active]).toEqual([true, true]);
    after.enter(); // and again: nothing more to ask for
    expect(screen.requests).toBe(1);
    after.leave();
    expect(screen.exits).toBe(1);
    expect(new Presentation(new FakeScreen('grant'), session).active).toBe(false);
  });

  it('starts as the plain editor from nothing, or from something unreadable', () => {
    for (const saved of [null, '{', '"yes"', '{"active":"true"}']) {
      const session = { getItem: () => saved, setItem: () => {} };
      expect(new Presentation(new FakeScreen('grant'), session).active, String(saved)).toBe(false);
    }
    const full = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    };
    const presentation = new Presentation(new FakeScreen('grant'), full);
    presentation.enter();
    expect(presentation.active).toBe(true);
  });

  it('folds each side panel away and back', () => {
    const presentation = new Presentation(new FakeScreen('grant'));
    presentation.togglePalette();
    expect([presentation.paletteHidden, presentation.panelHidden]).toEqual([true, false]);
    presentation.togglePanel();
    presentation.togglePalette();
    expect([presentation.paletteHidden, presentation.panelHidden]).toEqual([false, true]);
  });
});
