/** What a file dropped on the window is, judged by its name and type before reading it. */

export type DroppedKind = 'model' | 'picture' | 'other';

const PICTURE_EXTENSIONS = /\.(jpe?g|png|gif|webp|bmp|avif)$/i;
const MODEL_EXTENSIONS = /\.(wcmodel|json)$/i;

export function droppedKind(file: { name: string; type: string }): DroppedKind {
  if (MODEL_EXTENSIONS.test(file.name)) return 'model';
  if (file.type.startsWith('image/') || PICTURE_EXTENSIONS.test(file.name)) return 'picture';
  return 'other';
}
