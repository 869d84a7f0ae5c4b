import { describe, expect, it } from 'vitest';
import {
  derive,
  documentFromLesson,
  documentFromModel,
  setPicture,
} from '../../src-shared/document/index.ts';
import { lessonById } from '../../src-shared/lessons/index.ts';
import type { TrainingRecord } from '../../src-shared/nn/model.ts';
import { cnnModel } from '../../src-shared/nn/cnn-test-support.ts';
import { fromNested } from '../../src-shared/tensor/tensor.ts';
import { sceneNodes } from '../state/scene-model.ts';
import { shownPrediction } from './shown-prediction.ts';

/** A training record of a model scored with test-time flips or without. */
const scored = (testFlip: boolean) =>
  ({
    preprocessing: {
      kind: 'image',
      height: 4,
      width: 4,
      channels: 1,
      mean: [0.5],
      std: [0.25],
      testFlip,
    },
  }) as unknown as TrainingRecord;

/**
 * The tiny CNN showing a 4 × 4 grey photo, and the ids of its Input and its Softmax; trained and
 * scored with flips unless `training` says otherwise (null: untrained).
 */
function photoDocument(level: number, training: TrainingRecord | null = scored(true)) {
  const doc = setPicture(
    { ...documentFromModel(cnnModel()), training: training ?? undefined },
    { pixels: new Array(16).fill(level), shape: [4, 4, 1] },
  );
  const derived = derive(doc);
  const chain = derived.networks[0]!;
  return { doc, derived, inputId: chain.inputId, softmaxId: chain.nodeIds.at(-1)! };
}

describe('the answer shown for a photo', () => {
  it('averages the photo and its mirror image when the model is scored that way', () => {
    const { doc, derived, inputId, softmaxId } = photoDocument(100);
    const outputs = { [inputId]: doc.inputs, [softmaxId]: fromNested([[0.62, 0.38]]) };
    const shown = shownPrediction(
      doc,
      derived,
      { outputs, mirrored: fromNested([[0.79, 0.21]]) },
      0,
    )!;
    expect(shown.method).toBe('average of the photo and its mirror image');
    expect(Array.from(shown.probabilities!)).toEqual([(0.62 + 0.79) / 2, (0.38 + 0.21) / 2]);
    // The Softmax card shows that very figure, and says how it was obtained.
    const card = sceneNodes(doc, derived, outputs, 0, shown).find((n) => n.id === softmaxId)!;
    expect(card.values).toEqual([(0.62 + 0.79) / 2, (0.38 + 0.21) / 2]);
    expect(card.details).toEqual(['2 values', 'avg of photo & mirror']);
  });

  it('is the plain forward pass when the model was scored without flips', () => {
    const photo = photoDocument(100, scored(false));
    const doc = photo.doc;
    const outputs = { [photo.inputId]: doc.inputs, [photo.softmaxId]: fromNested([[0.62, 0.38]]) };
    const shown = shownPrediction(doc, photo.derived, { outputs, mirrored: null }, 0)!;
    expect(shown.method).toBe('forward pass');
    expect(Array.from(shown.probabilities!)).toEqual([0.62, 0.38]);
    const card = sceneNodes(doc, photo.derived, outputs, 0, shown).find(
      (n) => n.id === photo.softmaxId,
    )!;
    expect(card.details).toEqual(['2 values', 'forward pass']);
  });

  it('is the plain forward pass for an untrained model, which was never scored', () => {
    const photo = photoDocument(100, null);
    const outputs = {
      [photo.inputId]: photo.doc.inputs,
      [photo.softmaxId]: fromNested([[0.6, 0.4]]),
    };
    const shown = shownPrediction(photo.doc, photo.derived, { outputs, mirrored: null }, 0)!;
    expect(shown.method).toBe('forward pass');
    expect(Array.from(shown.probabilities!)).toEqual([0.6, 0.4]);
  });

  it("has no figure while the new photo is computed: never the last photo's", () => {
    const before = photoDocument(100);
    const after = photoDocument(200);
    // The outputs still belong to the photo before (its batch), the document shows the new one.
    const outputs = {
      [before.inputId]: before.doc.inputs,
      [before.softmaxId]: fromNested([[0.62, 0.38]]),
    };
    const mirrored = fromNested([[0.79, 0.21]]);
    const shown = shownPrediction(after.doc, after.derived, { outputs, mirrored }, 0)!;
    expect(shown.probabilities).toBeNull();
    const card = sceneNodes(after.doc, after.derived, outputs, 0, shown).find(
      (n) => n.id === after.softmaxId,
    )!;
    expect(card.values).toBeNull();
    // And when the mirror image's answer is missing, the average is not made from half of it.
    const alone = {
      [after.inputId]: after.doc.inputs,
      [after.softmaxId]: fromNested([[0.6, 0.4]]),
    };
    expect(
      shownPrediction(after.doc, after.derived, { outputs: alone, mirrored: null }, 0)!
        .probabilities,
    ).toBeNull();
  });

  it('is absent for networks of rows', () => {
    const doc = documentFromLesson(lessonById('batch'));
    expect(shownPrediction(doc, derive(doc), { outputs: {}, mirrored: null }, 0)).toBeNull();
  });
});
