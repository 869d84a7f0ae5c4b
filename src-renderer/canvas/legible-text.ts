/**
 * Canvas text under the level-of-detail rule (`level-of-detail.ts`): every Text the scene draws
 * is made here, remembers its designed size and the largest its room allows, and is resized or
 * hidden for the zoom by `applyLegibility`. A handful of Text nodes per card, so the pass over
 * them on each zoom step is cheap.
 */
import Konva from 'konva';
import { fontToFit, legibleFontSize, type TextSize } from './level-of-detail.ts';
import { breakLongWords } from './word-break.ts';

const SIZE_ATTR = 'legibleSize';
/** The text with its long words broken (`word-break.ts`), shown when the text itself is dropped. */
const BROKEN_ATTR = 'legibleBroken';

interface Variant {
  text: string;
  size: TextSize;
}

export interface Room {
  /**
   * The width the text must fit in, by its widest line ('line', for text that never wraps) or
   * its widest word ('word', for text that wraps); none: `max` alone bounds it.
   */
  width?: { width: number; by: 'line' | 'word' };
  /** The largest font size the room allows, in world units; the designed size by default. */
  max?: number;
  /**
   * Room for two lines of `max` / 2 (with `width` by 'word'): zoomed out past the point where
   * the text's widest word fits, that word breaks onto two lines rather than the text being
   * dropped ("GlobalAvgPool" → "Global" / "AvgPool").
   */
  breakWords?: boolean;
}

export function legibleText(config: Konva.TextConfig & { fontSize: number }, room: Room = {}) {
  const text = new Konva.Text(config);
  const measure = (line: string) => text.measureSize(line).width;
  const maxFor = (content: string, max: number) => {
    if (!room.width) return max;
    const parts = room.width.by === 'word' ? content.split(/\s+/) : content.split('\n');
    const widest = Math.max(0, ...parts.map(measure));
    return Math.min(max, fontToFit(config.fontSize, widest, room.width.width));
  };
  const max = room.max ?? config.fontSize;
  const size: TextSize = { fontSize: config.fontSize, maxFontSize: maxFor(text.text(), max) };
  text.setAttr(SIZE_ATTR, { text: text.text(), size } satisfies Variant);
  if (room.breakWords) {
    const broken = breakLongWords(text.text(), measure);
    if (broken !== text.text()) {
      const brokenSize = { fontSize: config.fontSize, maxFontSize: maxFor(broken, max / 2) };
      text.setAttr(BROKEN_ATTR, { text: broken, size: brokenSize } satisfies Variant);
    }
  }
  return text;
}

/**
 * Sizes every legible text under `root` for the world drawn at `scale`: as made, or with its
 * long words broken when only that is legible, or hidden when neither is.
 */
export function applyLegibility(root: Konva.Container, scale: number, minScreen: number): void {
  for (const text of root.find<Konva.Text>('Text')) {
    const whole = text.getAttr(SIZE_ATTR) as Variant | undefined;
    if (!whole) throw new Error(`canvas text "${text.text()}" was not made by legibleText`);
    const broken = text.getAttr(BROKEN_ATTR) as Variant | undefined;
    let shown: { text: string; fontSize: number } | null = null;
    for (const variant of broken ? [whole, broken] : [whole]) {
      const fontSize = legibleFontSize(variant.size, scale, minScreen);
      if (fontSize !== null) {
        shown = { text: variant.text, fontSize };
        break;
      }
    }
    text.visible(shown !== null);
    if (shown) text.setAttrs(shown);
  }
}
