/** One colour per class, for points, regions and the confusion matrix (colour-blind safe, Okabe–Ito). */
export const CLASS_COLORS: readonly (readonly [number, number, number])[] = [
  [0, 114, 178],
  [230, 159, 0],
  [0, 158, 115],
  [204, 121, 167],
  [86, 180, 233],
  [213, 94, 0],
  [240, 228, 66],
  [0, 0, 0],
];

export function classColor(index: number, alpha = 1): string {
  const [r, g, b] = CLASS_COLORS[index % CLASS_COLORS.length]!;
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
