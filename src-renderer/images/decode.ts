/**
 * One picture file → exactly height × width × channels bytes (HWC, row-major, 0..255), with the
 * browser's own decoder. Works on the main thread and in a Web Worker alike: it uses only
 * `createImageBitmap` and `OffscreenCanvas`, never the DOM.
 *
 * The browser decodes the file at its natural size, EXIF orientation applied, colours as stored
 * (no ICC conversion) and alpha not premultiplied; the one resampling the CLI uses too
 * (src-shared/vision/resize.ts) fits it to the shape, so the app and `weightcraft` give a model
 * the same bytes up to the two JPEG decoders' own differences.
 */
import { fitPicture } from '../../src-shared/vision/resize.ts';

export interface PictureSize {
  height: number;
  width: number;
  channels: 1 | 3;
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
  const { height, width } = shape;
  if (![height, width].every((n) => Number.isInteger(n) && n >= 1 && n <= 4096)) {
    throw new Error(`a picture is 1 to 4096 pixels a side, asked for ${width}×${height}`);
  }
  let whole: ImageBitmap;
  try {
    whole = await createImageBitmap(file, {
      imageOrientation: 'from-image',
      colorSpaceConversion: 'none',
      premultiplyAlpha: 'none',
    });
  } catch {
    throw new Error(`${pictureName(file)} is not a picture the browser can read`);
  }
  let rgba: ImageData;
  try {
    const canvas = new OffscreenCanvas(whole.width, whole.height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('this browser cannot read pixels (no 2D OffscreenCanvas)');
    context.drawImage(whole, 0, 0);
    rgba = context.getImageData(0, 0, whole.width, whole.height);
  } finally {
    whole.close();
  }
  const source = { width: rgba.width, height: rgba.height, channels: 4 as const, data: rgba.data };
  return fitPicture(source, shape);
}
