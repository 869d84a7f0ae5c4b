import { describe, expect, it } from 'vitest';
import {
  planBiasesPaste,
  planInputsPaste,
  planWeightsPaste,
  transposeRows,
  type PastePlan,
} from './paste-fit.ts';

// The notebook's weights: one row per neuron, (n_neurons, n_inputs).
const weights = [
  [0.2, 0.8, -0.5, 1],
  [0.5, -0.91, 0.26, -0.5],
  [-0.26, -0.27, 0.17, 0.87],
];
const weights2 = [
  [0.1, -0.14, 0.5],
  [-0.5, 0.12, -0.33],
  [-0.44, 0.73, -0.13],
];

const choiceIds = (plan: PastePlan) => (plan.kind === 'ask' ? plan.choices.map((c) => c.id) : []);

describe('planWeightsPaste', () => {
  it('transposes rows into columns', () => {
    expect(transposeRows([[1, 2, 3]])).toEqual([[1], [2], [3]]);
    expect(transposeRows(weights)[3]).toEqual([1, -0.5, 0.87]);
  });

  it("asks about the notebook's (3, 4) weights pasted into W (4, 3), offering both layouts", () => {
    const plan = planWeightsPaste(weights, { shape: [4, 3], layout: null });
    expect(plan.kind).toBe('ask');
    if (plan.kind !== 'ask') return;
    expect(plan.message).toBe(
      'The pasted matrix is (3, 4) and W is (4, 3) (inputs × neurons): it fits one row per neuron, as the notebook writes weights.',
    );
    const [neurons, asW] = plan.choices;
    expect(neurons).toMatchObject({ id: 'neurons', resizes: false, layout: 'neurons' });
    expect(neurons!.label).toBe(
      'One row per neuron (as the notebook writes it, transposed for you)',
    );
    expect(neurons!.rows).toEqual(transposeRows(weights));
    // As W it would need 4 neurons: only as the user's explicit choice, and said so.
    expect(asW).toMatchObject({ id: 'w', resizes: true, rows: weights });
    expect(asW!.label).toContain('resizing the layer to 4 neurons of 3 inputs: W (3, 4)');
  });

  it('asks about a square matrix (weights2) until the layout is known, then places it that way', () => {
    const asked = planWeightsPaste(weights2, { shape: [3, 3], layout: null });
    expect(asked.kind).toBe('ask');
    expect(asked.kind === 'ask' && asked.message).toBe(
      'The pasted matrix is (3, 3) and W is (3, 3) (inputs × neurons): it fits either way. Which layout is it?',
    );
    expect(choiceIds(asked)).toEqual(['neurons', 'w']);
    expect(asked.kind === 'ask' && asked.choices.every((c) => !c.resizes)).toBe(true);

    const neurons = planWeightsPaste(weights2, { shape: [3, 3], layout: 'neurons' });
    expect(neurons).toMatchObject({ kind: 'apply', choice: { id: 'neurons' } });
    expect(neurons.kind === 'apply' && neurons.choice.rows[0]).toEqual([0.1, -0.5, -0.44]);
    expect(neurons.kind === 'apply' && neurons.note).toBe(
      'The pasted matrix is (3, 3): pasted one row per neuron, transposed for you, as chosen before for this document.',
    );
    const asW = planWeightsPaste(weights2, { shape: [3, 3], layout: 'w' });
    expect(asW.kind === 'apply' && asW.choice.rows).toEqual(weights2);
  });

  it("places a matrix of W's own shape as W, and says so", () => {
    const rows = [[1, 2, 3]];
    const plan = planWeightsPaste(rows, { shape: [1, 3], layout: null });
    expect(plan).toMatchObject({ kind: 'apply', choice: { id: 'w', rows, resizes: false } });
    expect(plan.kind === 'apply' && plan.note).toBe(
      'The pasted matrix is (1, 3): pasted as W (inputs × neurons).',
    );
    // After "one row per neuron" was chosen, a matrix that fits only as W is asked about.
    expect(planWeightsPaste(rows, { shape: [1, 3], layout: 'neurons' }).kind).toBe('ask');
  });

  it('refuses a shape that fits neither way, naming both shapes; resizing is an explicit choice', () => {
    const plan = planWeightsPaste([[1, 2, 3, 4, 5]], { shape: [4, 3], layout: 'neurons' });
    expect(plan.kind).toBe('ask');
    if (plan.kind !== 'ask') return;
    expect(plan.message).toBe(
      'The pasted matrix is (1, 5), but W is (4, 3) (inputs × neurons), or (3, 4) one row per neuron: it fits neither way. Resize the layer only if you mean to.',
    );
    expect(plan.choices.every((c) => c.resizes)).toBe(true);
  });
});

describe('planBiasesPaste', () => {
  it('takes one row or one column of as many values as neurons', () => {
    expect(planBiasesPaste([[2, 3, 0.5]], { units: 3 })).toMatchObject({
      kind: 'apply',
      choice: { rows: [[2, 3, 0.5]], resizes: false },
      note: 'The pasted biases are (1, 3): pasted as b (3,).',
    });
    const column = planBiasesPaste([[2], [3], [0.5]], { units: 3 });
    expect(column.kind === 'apply' && column.choice.rows).toEqual([[2, 3, 0.5]]);
  });

  it('refuses another count, offering a resize; refuses a matrix outright', () => {
    const plan = planBiasesPaste([[1, 2, 3, 4]], { units: 3 });
    expect(plan.kind === 'ask' && plan.message).toBe(
      'The pasted biases are (1, 4), but b is (3,), one bias per neuron.',
    );
    expect(plan.kind === 'ask' && plan.choices[0]).toMatchObject({
      id: 'resize',
      label: 'Resize the layer to 4 neurons',
      resizes: true,
    });
    const matrix = planBiasesPaste(
      [
        [1, 2],
        [3, 4],
      ],
      { units: 2 },
    );
    expect(matrix).toEqual({
      kind: 'ask',
      message:
        'The pasted biases are (2, 2), but b is (2,), one bias per neuron: paste one row of 2 values.',
      choices: [],
    });
  });
});

describe('planInputsPaste', () => {
  it('places samples as rows when the features match', () => {
    expect(planInputsPaste([[1, 2, 3, 2.5]], { features: 4 })).toMatchObject({
      kind: 'apply',
      note: 'The pasted matrix is (1, 4): pasted as 1 sample of 4 features.',
    });
    expect(planInputsPaste([[1, 2]], { features: null }).kind).toBe('apply');
  });

  it('offers the transpose for one column per sample, and a resize as an explicit choice', () => {
    const columns = [[1], [2], [3], [2.5]];
    const plan = planInputsPaste(columns, { features: 4 });
    expect(plan.kind === 'ask' && plan.message).toBe(
      'The pasted matrix is (4, 1), but X is (batch, 4): 4 features per sample, one row per sample.',
    );
    expect(choiceIds(plan)).toEqual(['transpose', 'resize']);
    expect(plan.kind === 'ask' && plan.choices[0]!.rows).toEqual([[1, 2, 3, 2.5]]);
    expect(choiceIds(planInputsPaste([[1, 2, 3]], { features: 4 }))).toEqual(['resize']);
  });
});
