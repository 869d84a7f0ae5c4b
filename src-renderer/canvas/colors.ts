/** Diverging colours: blue for positive, orange for negative, stronger for larger magnitudes. */
export const POSITIVE = [37, 99, 235] as const;
export const NEGATIVE = [234, 88, 12] as const;

export function valueColor(value: number, scale = 1): string {
  const t = Math.tanh(Math.abs(value) / scale);
  const [r, g, b] = value >= 0 ? POSITIVE : NEGATIVE;
  const mix = (c: number) => Math.round(255 + (c - 255) * t);
  return `rgb(${mix(r)}, ${mix(g)}, ${mix(b)})`;
}

/** Dark text on light fills, white on strong ones. */
export function textColorFor(value: number, scale = 1): string {
  return Math.tanh(Math.abs(value) / scale) > 0.55 ? '#ffffff' : '#1f2937';
}

export function lineColor(weight: number): string {
  const [r, g, b] = weight >= 0 ? POSITIVE : NEGATIVE;
  return `rgba(${r}, ${g}, ${b}, 0.8)`;
}
