import { describe, expect, it } from 'vitest';
import { KINDS } from '../../src-shared/layers/index.ts';
import { paletteGroups } from './palette-items.ts';

describe('paletteGroups', () => {
  it('offers every kind of the registry, grouped by role, in registry order', () => {
    const groups = paletteGroups();
    expect(groups.map((g) => g.title)).toEqual(['Inputs', 'Layers', 'Activations', 'Merge']);
    expect(groups.map((g) => g.items.map((i) => i.label))).toEqual([
      ['Input', 'Image input'],
      [
        'Dense',
        'Conv2D',
        'MaxPool2D',
        'AvgPool2D',
        'GlobalAvgPool',
        'Flatten',
        'BatchNorm',
        'Dropout',
      ],
      ['ReLU', 'LeakyReLU', 'Sigmoid', 'Tanh', 'Softmax', 'Linear'],
      ['Add', 'Concatenate'],
    ]);
    const offered = groups.flatMap((g) => g.items.map((i) => i.kind));
    expect(offered).toEqual(KINDS.map((k) => k.type));
  });

  it('takes labels and hints from the kinds, so a new kind needs no palette code', () => {
    const groups = paletteGroups([
      { type: 'relu', label: 'ReLU', hint: 'max(0, x)', role: 'activation' },
      { type: 'input', label: 'Input', hint: 'features', role: 'input' },
    ]);
    expect(groups).toEqual([
      {
        role: 'activation',
        title: 'Activations',
        items: [{ kind: 'relu', label: 'ReLU', hint: 'max(0, x)' }],
      },
      {
        role: 'input',
        title: 'Inputs',
        items: [{ kind: 'input', label: 'Input', hint: 'features' }],
      },
    ]);
  });
});
