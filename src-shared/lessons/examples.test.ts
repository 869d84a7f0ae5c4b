import { describe, expect, it } from 'vitest';
import { generateDataset, parseDatasetSpec } from '../data/generated.ts';
import { layerUnits } from '../net/network.ts';
import { featureSamples } from '../train/samples.ts';
import { FEATURE_DEFAULTS } from '../train/settings.ts';
import { createTrainer } from '../train/trainer.ts';
import { splitData } from '../worker/row-split.ts';
import { exampleLessons } from './examples.ts';
import { lessonById } from './index.ts';

describe('example lessons', () => {
  it('bring data that fits their network: as many features as inputs, classes as outputs', () => {
    for (const lesson of exampleLessons) {
      expect(lesson.training, lesson.id).toBeDefined();
      const data = generateDataset(parseDatasetSpec(lesson.training!.dataset));
      const units = layerUnits(lesson.network);
      expect(data.x.shape[1], lesson.id).toBe(units[0]);
      expect(data.classes, lesson.id).toBe(units.at(-1));
    }
  });

  it('784-128-10 learns its drawn digits in its own settings, held-out ones too', async () => {
    const lesson = lessonById('image-784-128-10');
    const settings = { ...FEATURE_DEFAULTS, ...lesson.training!.settings, epochs: 8 };
    const data = generateDataset(parseDatasetSpec(lesson.training!.dataset));
    expect(data.names).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const { train, validation } = splitData(data, settings.validationSplit, settings.seed);
    const trainer = await createTrainer({
      network: lesson.network,
      data: featureSamples(train.x, train.y),
      validation: featureSamples(validation!.x, validation!.y, 'validation'),
      settings,
    });
    let held = 0;
    while (!trainer.done) {
      const r = await trainer.step();
      if ('stopped' in r) throw new Error(r.message);
      if (r.epochEnd?.validation) held = r.epochEnd.validation.accuracy;
      expect(r.hints ?? []).toEqual([]);
    }
    expect(held).toBeGreaterThan(0.8);
  });
});
