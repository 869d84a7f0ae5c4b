import { describe, expect, it } from 'vitest';
import { fontToFit, legibleFontSize, MIN_SCREEN_TEXT_PX } from './level-of-detail.ts';

describe('legibleFontSize', () => {
  const title = { fontSize: 14, maxFontSize: 35 };

  it('keeps the designed size while it is large enough on screen', () => {
    expect(legibleFontSize(title, 1)).toBe(14);
    expect(legibleFontSize(title, 2.5)).toBe(14);
  });

  it('grows a text zoomed out so that it stays the minimum size on screen', () => {
    const size = legibleFontSize(title, 0.5)!;
    expect(size).toBeCloseTo(MIN_SCREEN_TEXT_PX / 0.5, 12);
    expect(size * 0.5).toBeCloseTo(MIN_SCREEN_TEXT_PX, 12);
  });

  it('drops a text once its room cannot hold it at the minimum size', () => {
    expect(legibleFontSize(title, 11 / 35)).toBe(35);
    expect(legibleFontSize(title, 0.3)).toBeNull();
    // A value inside a neuron has no room to grow: it goes as soon as it would shrink.
    expect(legibleFontSize({ fontSize: 11, maxFontSize: 11 }, 0.99)).toBeNull();
    expect(legibleFontSize({ fontSize: 11, maxFontSize: 11 }, 1)).toBe(11);
  });

  it('shrinks a text to its room when it is zoomed in far enough to stay legible there', () => {
    const cramped = { fontSize: 12, maxFontSize: 9 };
    expect(legibleFontSize(cramped, 1.5)).toBe(9);
    expect(legibleFontSize(cramped, 1)).toBeNull();
  });

  it('takes a larger minimum (presentation mode)', () => {
    expect(legibleFontSize(title, 1, 20)).toBe(20);
    expect(legibleFontSize(title, 0.5, 20)).toBeNull();
  });

  it('never returns a size under the minimum on screen, at any zoom', () => {
    for (let scale = 0.05; scale <= 4; scale *= 1.07) {
      for (const text of [
        title,
        { fontSize: 10, maxFontSize: 13.4 },
        { fontSize: 12, maxFontSize: 8 },
      ]) {
        const size = legibleFontSize(text, scale);
        if (size !== null) expect(size * scale).toBeGreaterThanOrEqual(MIN_SCREEN_TEXT_PX - 1e-9);
      }
    }
  });

  it('refuses a scale that is not positive', () => {
    expect(() => legibleFontSize(title, 0)).toThrow(/scale must be positive, got 0/);
  });
});

describe('fontToFit', () => {
  it('scales the font by the room over the width measured', () => {
    expect(fontToFit(14, 100, 126)).toBeCloseTo(17.64, 12);
    expect(fontToFit(10, 40, 20)).toBe(5);
  });

  it('lets an empty text grow without bound', () => {
    expect(fontToFit(14, 0, 126)).toBe(Infinity);
  });
});
