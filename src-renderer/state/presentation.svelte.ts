/**
 * Presentation mode, for a teacher in front of a class: full screen where the platform allows
 * it, large type and high contrast (the `presenting` class on the root element switches the CSS
 * variables in app.css), side panels that fold away, the lesson's caption as a subtitle. It is
 * view state: never in the document, never an undo step.
 */

/**
 * The smallest canvas text while presenting, in screen pixels (the editor's own minimum is
 * smaller). Hook: when canvas/ exports its minimum on-screen text size, use this in its place
 * while `Presentation.active`.
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

export class Presentation {
  active = $state(false);
  /** Folded away while presenting; kept for the next presentation in this session. */
  paletteHidden = $state(false);
  panelHidden = $state(false);
  readonly #screen: FullscreenScreen;
  /** Full screen was entered for this presentation, so leaving full screen ends it too. */
  #ownsScreen = false;

  constructor(screen: FullscreenScreen) {
    this.#screen = screen;
  }

  /** Must run inside the key press or click that asked for it: browsers demand a gesture. */
  enter(): void {
    if (this.active) return;
    this.active = true;
    if (this.#screen.active) return; // already full screen (F11): leave that as it is
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
  }

  togglePanel(): void {
    this.panelHidden = !this.panelHidden;
  }
}
