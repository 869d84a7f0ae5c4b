/**
 * Presentation mode, for a teacher in front of a class: full screen where the platform allows
 * it, large type and high contrast (the `presenting` class on the root element switches the CSS
 * variables in app.css), side panels that fold away, the lesson's caption as a subtitle. It is
 * view state: never in the document, never an undo step. A reload keeps it (session storage:
 * this tab only, not the next start), windowed, since full screen needs a key press or a click.
 */

/**
 * The smallest canvas text while presenting, in screen pixels, in place of the editor's
 * MIN_SCREEN_TEXT_PX (canvas/level-of-detail.ts): details that cannot grow to it are dropped.
 */
export const PRESENT_MIN_TEXT_PX = 16;

/** The Fullscreen API as far as presentation mode needs it, so tests can stand in for it. */
export interface FullscreenScreen {
  /** Asks for full screen; rejects when refused (no user gesture, a policy, an old browser). */
  request(): Promise<void>;
  exit(): Promise<void>;
  readonly active: boolean;
}

/** The page's root element going full screen (the same call in the desktop's renderer). */
export function documentScreen(doc: Document): FullscreenScreen {
  return {
    request: () =>
      doc.documentElement.requestFullscreen
        ? doc.documentElement.requestFullscreen()
        : Promise.reject(new Error('this browser has no Fullscreen API')),
    exit: () => doc.exitFullscreen(),
    get active() {
      return doc.fullscreenElement != null;
    },
  };
}

/** Where the mode is remembered across reloads: `sessionStorage`, or a stand-in in tests. */
export type ViewStorage = Pick<Storage, 'getItem' | 'setItem'>;

const STORAGE_KEY = 'weightcraft.presentation';

interface Remembered {
  active: boolean;
  paletteHidden: boolean;
  panelHidden: boolean;
}

export class Presentation {
  active = $state(false);
  /** Folded away while presenting; kept for the next presentation in this session. */
  paletteHidden = $state(false);
  panelHidden = $state(false);
  readonly #screen: FullscreenScreen;
  readonly #storage: ViewStorage | null;
  /** Full screen was entered for this presentation, so leaving full screen ends it too. */
  #ownsScreen = false;

  constructor(screen: FullscreenScreen, storage: ViewStorage | null = null) {
    this.#screen = screen;
    this.#storage = storage;
    const remembered = readRemembered(storage);
    this.active = remembered.active;
    this.paletteHidden = remembered.paletteHidden;
    this.panelHidden = remembered.panelHidden;
  }

  /**
   * Must run inside the key press or click that asked for it: browsers demand a gesture. While
   * presenting windowed (after a reload, or a refusal) it asks for full screen again.
   */
  enter(): void {
    if (!this.active) {
      this.active = true;
      this.#remember();
    }
    if (this.#screen.active) return; // full screen already (F11, or ours): leave that as it is
    let asked: Promise<void>;
    try {
      asked = this.#screen.request();
    } catch (error) {
      asked = Promise.reject(error);
    }
    asked.then(
      () => {
        if (this.active) this.#ownsScreen = true;
        else void this.#screen.exit().catch(() => {}); // left before the screen answered
      },
      () => {}, // refused: present in the window, which is still large type and high contrast
    );
  }

  leave(): void {
    if (!this.active) return;
    this.active = false;
    this.#remember();
    const owned = this.#ownsScreen;
    this.#ownsScreen = false;
    if (owned && this.#screen.active) void this.#screen.exit().catch(() => {});
  }

  /** Call on `fullscreenchange`: the browser's own Esc left full screen, so leave with it. */
  screenChanged(): void {
    if (this.#ownsScreen && !this.#screen.active) this.leave();
  }

  togglePalette(): void {
    this.paletteHidden = !this.paletteHidden;
    this.#remember();
  }

  togglePanel(): void {
    this.panelHidden = !this.panelHidden;
    this.#remember();
  }

  #remember(): void {
    const { active, paletteHidden, panelHidden } = this;
    try {
      this.#storage?.setItem(STORAGE_KEY, JSON.stringify({ active, paletteHidden, panelHidden }));
    } catch {
      // Storage full or refused (a private window): the mode just won't outlive a reload.
    }
  }
}

/** What the last reload left; anything unreadable is the plain editor. */
function readRemembered(storage: ViewStorage | null): Remembered {
  const plain = { active: false, paletteHidden: false, panelHidden: false };
  try {
    const saved: unknown = JSON.parse(storage?.getItem(STORAGE_KEY) ?? 'null');
    if (typeof saved !== 'object' || saved === null) return plain;
    const flag = (key: keyof Remembered) => (saved as Record<string, unknown>)[key] === true;
    return {
      active: flag('active'),
      paletteHidden: flag('paletteHidden'),
      panelHidden: flag('panelHidden'),
    };
  } catch {
    return plain;
  }
}
