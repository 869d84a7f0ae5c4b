/**
 * Level of detail for canvas text: a text is drawn at least MIN_SCREEN_TEXT_PX tall on screen or
 * not at all. Zoomed out, a text grows in world units (counter-scaled) as far as the room it has
 * on its card allows; past that it is dropped, and the card shows its colours and heatmaps alone.
 * Dropping detail, never legibility: nothing on the canvas is drawn too small to read.
 */

/**
 * The smallest text the canvas draws, in screen pixels, at any zoom: 11 px reads from the back
 * of a classroom on a projected 1280×720 screen. Presentation mode may ask for more.
 */
export const MIN_SCREEN_TEXT_PX = 11;

export interface TextSize {
  /** The size the text is designed at, in world units (drawn at this size when zoomed in). */
  fontSize: number;
  /** The largest size its room allows, in world units. */
  maxFontSize: number;
}

/**
 * The font size (world units) to draw a text at when the world is drawn at `scale` screen pixels
 * per unit: its designed size, grown so that it stays `minScreen` pixels tall on screen, never
 * past its room; null when even its room's largest size would be smaller than `minScreen` on
 * screen, so the text is dropped.
 */
export function legibleFontSize(
  text: TextSize,
  scale: number,
  minScreen = MIN_SCREEN_TEXT_PX,
): number | null {
  if (!(scale > 0)) throw new Error(`legibleFontSize: the scale must be positive, got ${scale}`);
  const size = Math.min(text.maxFontSize, Math.max(text.fontSize, minScreen / scale));
  // A hair of tolerance: minScreen / scale × scale may come back a few ulps under minScreen.
  return size * scale >= minScreen * (1 - 1e-9) ? size : null;
}

/**
 * The largest font size at which a text measured `width` wide at `fontSize` fits in `room`:
 * a line's width grows in proportion to its font size.
 */
export function fontToFit(fontSize: number, width: number, room: number): number {
  return width > 0 ? (fontSize * room) / width : Infinity;
}
