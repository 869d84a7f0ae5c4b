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

/** The viewport that shows `bounds` whole and centred in a screen of `size`, with a margin. */
export function fitBounds(
  bounds: Rect,
  size: { width: number; height: number },
  margin = 40,
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
