/**
 * The geometry of a layer card on the canvas, relative to its top-left corner: neurons in a
 * column, ports on the sides. Large layers switch to a compact card with heatmaps instead of
 * one circle per neuron, so a 784-128-10 network stays smooth.
 */
export const CARD_WIDTH = 150;
export const HEADER_HEIGHT = 64;
export const NEURON_RADIUS = 17;
export const NEURON_PITCH = 44;
export const PORT_RADIUS = 7;
/** Vertical distance between the input ports of a merge card (Add, Concatenate). */
export const PORT_PITCH = 24;
/** Above this many units a layer is drawn compact. */
export const COMPACT_UNITS = 16;
/** Above this many weights, wires are one bundle instead of a line per weight. */
export const MAX_WEIGHT_LINES = 512;
const HEATMAP_SIZE = 120;
const PADDING = 14;

export interface CardGeometry {
  width: number;
  height: number;
  compact: boolean;
  /** Neuron centres (empty when compact). */
  neurons: { x: number; y: number }[];
  /** Where the activations heatmap goes when compact. */
  heatmap: { x: number; y: number; width: number; height: number } | null;
  inPort: { x: number; y: number };
  outPort: { x: number; y: number };
}

export function isCompact(units: number): boolean {
  return units > COMPACT_UNITS;
}

export function cardGeometry(units: number, extraHeight = 0): CardGeometry {
  const compact = isCompact(units);
  const bodyHeight = compact ? HEATMAP_SIZE + PADDING : Math.max(1, units) * NEURON_PITCH;
  const height = HEADER_HEIGHT + bodyHeight + extraHeight + PADDING;
  const neurons = compact
    ? []
    : Array.from({ length: units }, (_, i) => ({
        x: CARD_WIDTH / 2,
        y: HEADER_HEIGHT + NEURON_PITCH / 2 + i * NEURON_PITCH,
      }));
  const heatmap = compact
    ? {
        x: (CARD_WIDTH - HEATMAP_SIZE) / 2,
        y: HEADER_HEIGHT,
        width: HEATMAP_SIZE,
        height: HEATMAP_SIZE,
      }
    : null;
  const middle = HEADER_HEIGHT + bodyHeight / 2;
  return {
    width: CARD_WIDTH,
    height,
    compact,
    neurons,
    heatmap,
    inPort: { x: 0, y: middle },
    outPort: { x: CARD_WIDTH, y: middle },
  };
}

/** A grid as square as possible for n cells: 784 → 28 × 28. */
export function gridFor(n: number): { columns: number; rows: number } {
  const columns = Math.max(1, Math.ceil(Math.sqrt(n)));
  return { columns, rows: Math.max(1, Math.ceil(n / columns)) };
}

/** A card whose body is one image `bodyHeight` high (a picture, feature maps): drawn compact. */
export function imageCardGeometry(bodyHeight: number): CardGeometry {
  const middle = HEADER_HEIGHT + bodyHeight / 2;
  return {
    width: CARD_WIDTH,
    height: HEADER_HEIGHT + bodyHeight + PADDING,
    compact: true,
    neurons: [],
    heatmap: {
      x: (CARD_WIDTH - HEATMAP_SIZE) / 2,
      y: HEADER_HEIGHT,
      width: HEATMAP_SIZE,
      height: bodyHeight,
    },
    inPort: { x: 0, y: middle },
    outPort: { x: CARD_WIDTH, y: middle },
  };
}

/**
 * Input port `k` of `count` on the card's left edge, spread evenly about its middle: a merge
 * card has one per wire in and one free for the next wire.
 */
export function inPortAt(
  geometry: CardGeometry,
  k: number,
  count: number,
): { x: number; y: number } {
  return { x: geometry.inPort.x, y: geometry.inPort.y + (k - (count - 1) / 2) * PORT_PITCH };
}
