/** Diverging colours: blue for positive, orange for negative, stronger for larger magnitudes. */
export const POSITIVE = [37, 99, 235] as const;
export const NEGATIVE = [234, 88, 12] as const;
export const ERROR = '#dc2626';
export const SELECTED = '#1d4ed8';

/** The colour of a value relative to `scale` (the largest magnitude around it). */
export function valueRgb(value: number, scale = 1): [number, number, number] {
  const t = Math.tanh((1.5 * Math.abs(value)) / (scale || 1));
  const [r, g, b] = value >= 0 ? POSITIVE : NEGATIVE;
  const mix = (c: number) => Math.round(255 + (c - 255) * t);
  return [mix(r), mix(g), mix(b)];
}

export function valueColor(value: number, scale = 1): string {
  const [r, g, b] = valueRgb(value, scale);
  return `rgb(${r}, ${g}, ${b})`;
}

/** Dark text on light fills, white on strong ones. */
export function textColorFor(value: number, scale = 1): string {
  return Math.tanh((1.5 * Math.abs(value)) / (scale || 1)) > 0.6 ? '#ffffff' : '#1f2937';
}

export function lineColor(weight: number): string {
  const [r, g, b] = weight >= 0 ? POSITIVE : NEGATIVE;
  return `rgba(${r}, ${g}, ${b}, 0.75)`;
}
