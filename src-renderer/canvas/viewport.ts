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

/** Where `rect` (world) lands on screen under `view`. */
export function toScreenRect(view: Viewport, rect: Rect): Rect {
  return {
    x: rect.x * view.scale + view.x,
    y: rect.y * view.scale + view.y,
    width: rect.width * view.scale,
    height: rect.height * view.scale,
  };
}

/**
 * The fit that leaves every card clear of `obstacle` (a panel drawn over the canvas, in screen
 * pixels), as large as it can: the plain fit if no card lands under the panel; else the plain
 * fit's zoom or a little less, the cards moved off centre within the margins (into the corner
 * the panel leaves free); at worst the fit into the screen left of the panel or above it. A
 * teacher projecting the canvas must see every card; the panel stays where it is.
 */
export function fitClearOf(
  cards: readonly Rect[],
  size: { width: number; height: number },
  obstacle: Rect | null,
  margin = FIT_MARGIN,
): Viewport {
  const bounds = unionRects(cards);
  const whole = fitBounds(bounds, size, margin);
  const clear = (view: Viewport) =>
    !obstacle || cards.every((card) => !intersects(toScreenRect(view, card), obstacle));
  if (!obstacle || clear(whole)) return whole;
  // The screen left of the panel, and above it; one too small to hold anything is no candidate.
  const areas = [
    { width: obstacle.x, height: size.height },
    { width: size.width, height: obstacle.y },
  ].filter((area) => area.width > 2 * margin && area.height > 2 * margin);
  const beside = areas.map((area) => fitBounds(bounds, area, margin)).filter(clear);
  const floor = Math.max(MIN_SCALE, ...beside.map((view) => view.scale));
  for (let scale = whole.scale; scale > floor; scale *= ZOOM_STEP) {
    const view = shiftedClear(bounds, size, margin, scale, clear);
    if (view) return view;
  }
  if (beside.length === 0) return whole;
  return beside.reduce((best, view) => (view.scale > best.scale ? view : best));
}

/** Each step down the zoom takes off 3%. */
const ZOOM_STEP = 0.97;
/** Positions tried along each axis, from one margin to the other. */
const POSITIONS = 9;

/** At `scale`, the position nearest the centre (within the margins) that `clear` accepts. */
function shiftedClear(
  bounds: Rect,
  size: { width: number; height: number },
  margin: number,
  scale: number,
  clear: (view: Viewport) => boolean,
): Viewport | null {
  // The range of pan that keeps the content inside the margins; a single point if it fills them.
  const range = (extent: number, start: number, length: number) => {
    const low = margin - start * scale;
    const high = extent - margin - (start + length) * scale;
    const centre = (low + high) / 2;
    const steps = Array.from({ length: POSITIONS }, (_, i) =>
      high > low ? low + ((high - low) * i) / (POSITIONS - 1) : centre,
    );
    return { centre, steps };
  };
  const xs = range(size.width, bounds.x, bounds.width);
  const ys = range(size.height, bounds.y, bounds.height);
  const views = xs.steps
    .flatMap((x) => ys.steps.map((y) => ({ scale, x, y })))
    .sort(
      (a, b) =>
        Math.hypot(a.x - xs.centre, a.y - ys.centre) - Math.hypot(b.x - xs.centre, b.y - ys.centre),
    );
  return views.find(clear) ?? null;
}
