/**
 * Pictures as the network's input: a photo dropped on the window or chosen with "Choose
 * picture…" is decoded off the UI thread to the Image input's shape and becomes the batch; the
 * live forward pass then runs as for any input edit. Showing a photo is not an edit: it enters
 * no undo step and leaves the document saved (an image model's file keeps no inputs), so a
 * class can go through photos and lessons without "Save changes?".
 */
import { primaryInput, setPicture } from '../../src-shared/document/index.ts';
import type { ImageInputLayer } from '../../src-shared/layers/index.ts';
import type { Tensor } from '../../src-shared/tensor/tensor.ts';
import { decodeOffThread } from '../images/picture-decoder.ts';
import { pictureName } from '../images/decode.ts';
import type { DroppedKind } from '../pictures/dropped-file.ts';
import type { EditorStore } from './editor.svelte.ts';

export class PictureInput {
  /** A decode in progress. */
  busy = $state(false);
  /** Which file each batch of pictures came from, so the name follows the batch shown. */
  readonly #names = new WeakMap<Tensor, string>();
  /** Bumped when a name is added, so `name` is read again. */
  #named = $state(0);

  constructor(
    private readonly store: EditorStore,
    /** Shows a message (null clears it). */
    private readonly report: (message: string | null) => void,
  ) {}

  /** The Image input's layer when the current network takes pictures. */
  get layer(): ImageInputLayer | null {
    const input = primaryInput(this.store.doc);
    return input?.kind === 'image-input' && input.layer.type === 'image-input' ? input.layer : null;
  }

  /** The file the current picture came from, if it came from one. */
  get name(): string | null {
    void this.#named;
    return this.#names.get(this.store.doc.inputs) ?? null;
  }

  /** Makes `file` the input; `kind` is what its name says it is (a dropped file). */
  async use(file: Blob, kind: DroppedKind = 'picture'): Promise<void> {
    const name = pictureName(file);
    const layer = this.layer;
    if (!layer) {
      this.report(
        kind === 'picture'
          ? 'This network takes rows of numbers, not pictures: choose Lesson → Cats vs dogs for one that does.'
          : `${name} is neither a model file (.wcmodel, .json) nor a picture.`,
      );
      return;
    }
    const shape = [layer.height, layer.width, layer.channels];
    this.busy = true;
    try {
      this.show(await decodeOffThread(file, layer), shape, name);
    } catch (error) {
      this.report((error as Error).message);
    } finally {
      this.busy = false;
    }
  }

  /**
   * Puts decoded pixels (height, width, channels) on the network under `name`: a photo of an
   * evaluated folder, clicked in the Evaluate tab. Says why when the network takes another size.
   */
  show(pixels: ArrayLike<number>, shape: readonly number[], name: string): void {
    const shown = this.store.show((d) => setPicture(d, { pixels, shape }));
    if (!shown) {
      this.report(`${name}: ${this.store.problem ?? 'not shown'}`);
      return;
    }
    this.#names.set(shown.inputs, name);
    this.#named++;
    this.report(null);
  }
}
