/**
 * One picture file → exactly height × width × channels bytes (HWC, row-major, 0..255), with the
 * browser's own decoder. Works on the main thread and in a Web Worker alike: it uses only
 * `createImageBitmap` and `OffscreenCanvas`, never the DOM.
 *
 * It matches the CLI's sharp pipeline (src-cli/images/decode.ts) where the browser lets it:
 * `cover` sizing (scale to cover the target, crop the centre), EXIF orientation applied,
 * transparency flattened onto white, grey as libvips makes it (src-shared/data/grey.ts).
 * Resampling filters differ, so pixels may differ from sharp's by a few levels.
 */
import { rgbToGrey } from '../../src-shared/data/grey.ts';

export interface PictureSize {
  height: number;
  width: number;
  channels: 1 | 3;
}

/** The source rectangle that, scaled to width × height, covers it without stretching. */
export function coverCrop(
  source: { width: number; height: number },
  target: { width: number; height: number },
): { sx: number; sy: number; sw: number; sh: number } {
  const scale = Math.max(target.width / source.width, target.height / source.height);
  const sw = Math.min(source.width, Math.round(target.width / scale));
  const sh = Math.min(source.height, Math.round(target.height / scale));
  return {
    sx: Math.floor((source.width - sw) / 2),
    sy: Math.floor((source.height - sh) / 2),
    sw: Math.max(1, sw),
    sh: Math.max(1, sh),
  };
}

/** RGBA pixels (canvas order, already flattened onto opaque white) → RGB or grey bytes. */
export function rgbaToChannels(rgba: Uint8ClampedArray, channels: 1 | 3): Uint8Array {
  if (channels === 1) return rgbToGrey(rgba, 4);
  const pixels = rgba.length / 4;
  const out = new Uint8Array(pixels * 3);
  for (let p = 0; p < pixels; p++) {
    out[p * 3] = rgba[p * 4]!;
    out[p * 3 + 1] = rgba[p * 4 + 1]!;
    out[p * 3 + 2] = rgba[p * 4 + 2]!;
  }
  return out;
}

/** What error messages call a Blob: a File's name, else "the picture". */
export function pictureName(file: Blob): string {
  const name = (file as Partial<File>).name;
  return typeof name === 'string' && name !== '' ? name : 'the picture';
}

/**
 * Decodes `file` to `shape`. Rejects with an Error naming the file when the browser cannot read
 * it as a picture ("notes.txt is not a picture the browser can read").
 */
export async function decodePicture(file: Blob, shape: PictureSize): Promise<Uint8Array> {
  const { height, width, channels } = shape;
  if (![height, width].every((n) => Number.isInteger(n) && n >= 1 && n <= 4096)) {
    throw new Error(`a picture is 1 to 4096 pixels a side, asked for ${width}×${height}`);
  }
  let whole: ImageBitmap;
  try {
    whole = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new Error(`${pictureName(file)} is not a picture the browser can read`);
  }
  let scaled: ImageBitmap;
  try {
    const { sx, sy, sw, sh } = coverCrop(whole, shape);
    scaled = await createImageBitmap(whole, sx, sy, sw, sh, {
      resizeWidth: width,
      resizeHeight: height,
      resizeQuality: 'high',
    });
  } finally {
    whole.close();
  }
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) {
    scaled.close();
    throw new Error('this browser cannot read pixels (no 2D OffscreenCanvas)');
  }
  // Transparent pixels become white, as the CLI's flatten does.
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  context.drawImage(scaled, 0, 0);
  scaled.close();
  return rgbaToChannels(context.getImageData(0, 0, width, height).data, channels);
}
