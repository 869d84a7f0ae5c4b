/**
 * Pan and zoom as plain math: a viewport maps world coordinates (where layers live) to
 * screen pixels, screen = world × scale + offset.
 */
export interface Viewport {
  readonly scale: number;
  readonly x: number;
  readonly y: number;
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export const MIN_SCALE = 0.05;
export const MAX_SCALE = 4;

export const clampScale = (scale: number) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));

export function toWorld(
  view: Viewport,
  screen: { x: number; y: number },
): { x: number; y: number } {
  return { x: (screen.x - view.x) / view.scale, y: (screen.y - view.y) / view.scale };
}

/** Zooms by `factor` keeping the world point under `anchor` (a screen point) where it is. */
export function zoomAt(view: Viewport, anchor: { x: number; y: number }, factor: number): Viewport {
  const scale = clampScale(view.scale * factor);
  const world = toWorld(view, anchor);
  return { scale, x: anchor.x - world.x * scale, y: anchor.y - world.y * scale };
}

export function panBy(view: Viewport, dx: number, dy: number): Viewport {
  return { ...view, x: view.x + dx, y: view.y + dy };
}

/** Screen pixels a fit leaves free around what it shows. */
export const FIT_MARGIN = 40;

/** The viewport that shows `bounds` whole and centred in a screen of `size`, with a margin. */
export function fitBounds(
  bounds: Rect,
  size: { width: number; height: number },
  margin = FIT_MARGIN,
): Viewport {
  if (bounds.width <= 0 || bounds.height <= 0)
    return { scale: 1, x: size.width / 2, y: size.height / 2 };
  const scale = clampScale(
    Math.min(
      1.5,
      (size.width - 2 * margin) / bounds.width,
      (size.height - 2 * margin) / bounds.height,
    ),
  );
  return {
    scale,
    x: size.width / 2 - (bounds.x + bounds.width / 2) * scale,
    y: size.height / 2 - (bounds.y + bounds.height / 2) * scale,
  };
}

export function unionRects(rects: readonly Rect[]): Rect {
  if (rects.length === 0) return { x: 0, y: 0, width: 0, height: 0 };
  const left = Math.min(...rects.map((r) => r.x));
  const top = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.width));
  const bottom = Math.max(...rects.map((r) => r.y + r.height));
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/**
 * The viewport that brings `rect` into view by the least pan, keeping the zoom; a rectangle
 * larger than the screen (less the margin) is fitted instead, zooming out.
 */
export function revealRect(
  view: Viewport,
  rect: Rect,
  size: { width: number; height: number },
  margin = 24,
): Viewport {
  if (
    rect.width * view.scale > size.width - 2 * margin ||
    rect.height * view.scale > size.height - 2 * margin
  ) {
    return fitBounds(rect, size, margin);
  }
  const left = rect.x * view.scale + view.x;
  const top = rect.y * view.scale + view.y;
  const right = left + rect.width * view.scale;
  const bottom = top + rect.height * view.scale;
  const shift = (low: number, high: number, extent: number) =>
    low < margin ? margin - low : high > extent - margin ? extent - margin - high : 0;
  return panBy(view, shift(left, right, size.width), shift(top, bottom, size.height));
}

/** The part of the world a viewport shows on a screen of `size`. */
export function visibleWorld(view: Viewport, size: { width: number; height: number }): Rect {
  const { x, y } = toWorld(view, { x: 0, y: 0 });
  return { x, y, width: size.width / view.scale, height: size.height / view.scale };
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * How far to move `group` (cards being duplicated) so its copy overlaps none of `cards`: straight
 * down, below the group and below any card in the way, `gap` apart. Down, because a chain
 * grows to the right.
 */
export function freeSpotBelow(
  group: Rect,
  cards: readonly Rect[],
  gap = 40,
): { x: number; y: number } {
  let dy = group.height + gap;
  for (;;) {
    const moved = { ...group, y: group.y + dy };
    const inWay = cards.filter((card) => intersects(moved, card));
    if (inWay.length === 0) return { x: 0, y: dy };
    dy = Math.max(...inWay.map((card) => card.y + card.height)) + gap - group.y;
  }
}

/**
 * What to bring into view after adding a card: the card and every card that was in view
 * (`visible`), so a layer added at the chain's end does not push the Input off screen.
 */
export function keepInView(visible: Rect, cards: readonly Rect[], added: Rect): Rect {
  return unionRects([...cards.filter((card) => intersects(card, visible)), added]);
}
