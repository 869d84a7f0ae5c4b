/** The window arithmetic MaxPool2D and AvgPool2D share (no padding, as Keras's 'valid'). */
import { poolOutputSize } from '../kernels/types.ts';
import { ShapeError } from '../tensor/ops.ts';
import type { Shape } from '../tensor/tensor.ts';
import { MAX_IMAGE_SIDE } from '../model-file/limits.ts';
import type { FileForm } from './file-form.ts';
import type { Settings, SettingSpec } from './kind.ts';
import { expectPicture, wholeSetting } from './shapes.ts';

export interface PoolLayer {
  /** Window size and step; 2 and 2 halve the picture. */
  readonly size: number;
  readonly stride: number;
}

export const POOL_SETTINGS: readonly SettingSpec[] = [
  { key: 'size', label: 'Pool size', min: 1, max: 16, integer: true },
  { key: 'stride', label: 'Stride', min: 1, max: 16, integer: true },
];

export const poolSettingsOf = (l: PoolLayer): Settings => ({ size: l.size, stride: l.stride });

/** `"size": 2, "stride": 2` in the model file. */
export function poolFileForm<T extends string>(
  type: T,
): FileForm<PoolLayer & { readonly type: T }> {
  return {
    keys: ['size', 'stride'],
    write: (layer) => ({ size: layer.size, stride: layer.stride }),
    read: (from) => ({
      type,
      size: from.size('size', MAX_IMAGE_SIDE, 'pixels'),
      stride: from.size('stride', MAX_IMAGE_SIDE, 'pixels per step'),
    }),
  };
}

export function poolOutputShape(
  label: string,
  layer: PoolLayer,
  inputs: readonly Shape[],
): number[] {
  const [h, w, c] = expectPicture(label, inputs);
  wholeSetting(label, 'the pool size', layer.size, 1);
  wholeSetting(label, 'the stride', layer.stride, 1);
  const outH = poolOutputSize(h, layer.size, layer.stride);
  const outW = poolOutputSize(w, layer.size, layer.stride);
  if (outH < 1 || outW < 1) {
    throw new ShapeError(
      `${label}: a ${layer.size}×${layer.size} window does not fit ${h}×${w} — use a pool size of at most ${Math.min(h, w)}`,
    );
  }
  return [outH, outW, c];
}
