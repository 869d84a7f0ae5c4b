/**
 * The picture networks the Lesson menu offers: the shipped, trained cats-vs-dogs model and two
 * untrained templates. The shipped model is a ~2 MB file, so it is imported lazily: Vite puts it
 * in a chunk of its own that loads only when chosen (the start-up bundle stays small), and a
 * module import works from file:// in the desktop app, where fetch() cannot read files.
 */
import { documentFromModel, type EditorDocument } from '../../src-shared/document/index.ts';
import { parseModelFile } from '../../src-shared/model-file/index.ts';
import { chainModel, type Model } from '../../src-shared/nn/model.ts';

export interface PictureModel {
  /** Prefixed, so the Lesson menu can tell these from the notebook's lessons. */
  id: string;
  title: string;
  caption: string;
}

export const CATS_VS_DOGS = 'pictures:cats-vs-dogs';

export const pictureModels: readonly PictureModel[] = [
  {
    id: CATS_VS_DOGS,
    title: 'Cats vs dogs (trained, 64×64)',
    caption:
      'A small CNN trained on photos of cats and dogs. Drop a photo on the window, or Choose picture…, and click a layer to see its feature maps.',
  },
  {
    id: 'pictures:dense-only',
    title: 'Dense only — the notebook’s way',
    caption:
      'Untrained. Every pixel is an input feature: 32×32×3 = 3,072 inputs → 128 → 2. It ignores which pixels are neighbours.',
  },
  {
    id: 'pictures:small-cnn',
    title: 'Small CNN',
    caption:
      'Untrained. 3×3 convolutions slide over the picture, so the same filter finds an edge anywhere: 64×64×3 → 16 → 32 → 64 → 128 channels → 2 classes.',
  },
];

export const isPictureModelId = (id: string) => id.startsWith('pictures:');

/** The chosen picture network as a fresh document, captioned and marked with its lesson id. */
export async function loadPictureModel(id: string): Promise<EditorDocument> {
  const entry = pictureModels.find((m) => m.id === id);
  if (!entry) throw new Error(`no picture network "${id}"`);
  const model = id === CATS_VS_DOGS ? await shippedModel() : await templateModel(id);
  return documentFromModel({
    ...model,
    metadata: { ...model.metadata, name: entry.title, description: entry.caption, lesson: id },
  });
}

// A glob rather than a plain import: a checkout without the trained model still builds, and
// choosing it then says so.
const shipped = import.meta.glob<string>('../../resources/models/cats-vs-dogs.json', {
  query: '?raw',
  import: 'default',
});

async function shippedModel(): Promise<Model> {
  const load = Object.values(shipped)[0];
  if (!load) throw new Error('this build has no trained cats-vs-dogs model (resources/models/)');
  return parseModelFile(await load());
}

/** The templates' code (He initialisation, the vision layers) loads only when one is chosen. */
async function templateModel(id: string): Promise<Model> {
  const { denseOnly, smallCnn } = await import('../../src-shared/vision/init.ts');
  const common = { channels: 3, classes: 2, seed: 0 } as const;
  const layers =
    id === 'pictures:dense-only'
      ? denseOnly({ ...common, size: 32, hidden: 128 })
      : smallCnn({ ...common, size: 64, widths: [16, 32, 64, 128] });
  return chainModel({ network: { layers } });
}
