/**
 * Canvas text under the level-of-detail rule (`level-of-detail.ts`): every Text the scene draws
 * is made here, remembers its designed size and the largest its room allows, and is resized or
 * hidden for the zoom by `applyLegibility`. A handful of Text nodes per card, so the pass over
 * them on each zoom step is cheap.
 */
import Konva from 'konva';
import { fontToFit, legibleFontSize, type TextSize } from './level-of-detail.ts';

const SIZE_ATTR = 'legibleSize';

export interface Room {
  /**
   * The width the text must fit in, by its widest line ('line', for text that never wraps) or
   * its widest word ('word', for text that wraps); none: `max` alone bounds it.
   */
  width?: { width: number; by: 'line' | 'word' };
  /** The largest font size the room allows, in world units; the designed size by default. */
  max?: number;
}

export function legibleText(config: Konva.TextConfig & { fontSize: number }, room: Room = {}) {
  const text = new Konva.Text(config);
  let maxFontSize = room.max ?? config.fontSize;
  if (room.width) {
    const parts = room.width.by === 'word' ? text.text().split(/\s+/) : text.text().split('\n');
    const widest = Math.max(0, ...parts.map((part) => text.measureSize(part).width));
    maxFontSize = Math.min(maxFontSize, fontToFit(config.fontSize, widest, room.width.width));
  }
  const size: TextSize = { fontSize: config.fontSize, maxFontSize };
  text.setAttr(SIZE_ATTR, size);
  return text;
}

/** Sizes every legible text under `root` for the world drawn at `scale`, hiding those too small. */
export function applyLegibility(root: Konva.Container, scale: number, minScreen: number): void {
  for (const text of root.find<Konva.Text>('Text')) {
    const size = text.getAttr(SIZE_ATTR) as TextSize | undefined;
    if (!size) throw new Error(`canvas text "${text.text()}" was not made by legibleText`);
    const fontSize = legibleFontSize(size, scale, minScreen);
    text.visible(fontSize !== null);
    if (fontSize !== null) text.fontSize(fontSize);
  }
}
