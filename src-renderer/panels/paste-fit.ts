/**
 * Where a pasted matrix goes, decided before anything changes: a paste never changes a layer's
 * size or orientation without saying so. The notebook writes a Dense layer's `weights` one row
 * per neuron, (n_neurons, n_inputs), and computes `inputs @ weights.T`; Weightcraft stores W as
 * (n_inputs, n_neurons). A pasted matrix that fits W one way only is placed that way (and said
 * so); one that fits both ways (square) is asked about, unless the document's layout is known;
 * one that fits neither is refused with both shapes named, a resize offered as an explicit choice.
 */
import { shapeToString } from '../../src-shared/tensor/tensor.ts';

/** How the user writes weights: one row per neuron (the notebook) or as W (inputs × neurons). */
export type Layout = 'neurons' | 'w';

export interface PasteChoice {
  /** 'neurons' | 'w' (weights), 'transpose' (inputs), 'resize' (biases, inputs). */
  readonly id: string;
  readonly label: string;
  /** The matrix as it will be stored: W (n_inputs, n_neurons), X (batch, features), b as one row. */
  readonly rows: number[][];
  /** Changes the layer's size: offered only as a choice the user makes. */
  readonly resizes: boolean;
  /** The weights' layout this choice tells, remembered for the document. */
  readonly layout?: Layout;
}

export type PastePlan =
  /** It fits one way: place it, and say how in `note`. */
  | { readonly kind: 'apply'; readonly choice: PasteChoice; readonly note: string }
  /** Ask (or, with no choices, refuse): `message` names the pasted shape and the layer's. */
  | { readonly kind: 'ask'; readonly message: string; readonly choices: readonly PasteChoice[] };

const shapeOf = (rows: readonly number[][]): [number, number] => [
  rows.length,
  rows[0]?.length ?? 0,
];
const show = (shape: readonly number[]) => shapeToString(shape);

export function transposeRows(rows: readonly number[][]): number[][] {
  const [r, c] = shapeOf(rows);
  return Array.from({ length: c }, (_, j) => Array.from({ length: r }, (_, i) => rows[i]![j]!));
}

export interface WeightsTarget {
  /** W's shape, (n_inputs, n_neurons). */
  readonly shape: readonly [number, number];
  /** The layout chosen earlier for this document, if any. */
  readonly layout: Layout | null;
}

/** A matrix pasted into a Dense layer's W. */
export function planWeightsPaste(rows: number[][], { shape, layout }: WeightsTarget): PastePlan {
  const [r, c] = shapeOf(rows);
  const [nIn, nOut] = shape;
  const fitsW = r === nIn && c === nOut;
  const fitsNeurons = r === nOut && c === nIn;
  const neurons: PasteChoice = {
    id: 'neurons',
    label: fitsNeurons
      ? 'One row per neuron (as the notebook writes it, transposed for you)'
      : `One row per neuron, resizing the layer to ${r} neurons of ${c} inputs: W ${show([c, r])}`,
    rows: transposeRows(rows),
    resizes: !fitsNeurons,
    layout: 'neurons',
  };
  const asW: PasteChoice = {
    id: 'w',
    label: fitsW
      ? 'As W (inputs × neurons)'
      : `As W (inputs × neurons), resizing the layer to ${c} neurons of ${r} inputs: W ${show([r, c])}`,
    rows,
    resizes: !fitsW,
    layout: 'w',
  };
  const pasted = `The pasted matrix is ${show([r, c])}`;
  const remembered = layout === 'neurons' ? neurons : layout === 'w' ? asW : null;
  if (remembered && !remembered.resizes) {
    return { kind: 'apply', choice: remembered, note: appliedNote(pasted, remembered, true) };
  }
  if (fitsW && !fitsNeurons && layout === null) {
    return { kind: 'apply', choice: asW, note: appliedNote(pasted, asW, false) };
  }
  const w = `W is ${show(shape)} (inputs × neurons)`;
  const message =
    fitsW && fitsNeurons
      ? `${pasted} and ${w}: it fits either way. Which layout is it?`
      : fitsNeurons
        ? `${pasted} and ${w}: it fits one row per neuron, as the notebook writes weights.`
        : fitsW
          ? `${pasted} and ${w}: it fits as W, not one row per neuron as you pasted before.`
          : `${pasted}, but ${w}, or ${show([nOut, nIn])} one row per neuron: it fits neither way. Resize the layer only if you mean to.`;
  return { kind: 'ask', message, choices: [neurons, asW] };
}

function appliedNote(pasted: string, choice: PasteChoice, remembered: boolean): string {
  const how =
    choice.layout === 'neurons'
      ? 'one row per neuron, transposed for you'
      : 'as W (inputs × neurons)';
  return `${pasted}: pasted ${how}${remembered ? ', as chosen before for this document' : ''}.`;
}

/** A matrix pasted into a Dense layer's biases b (units,): one row or one column of values. */
export function planBiasesPaste(rows: number[][], { units }: { units: number }): PastePlan {
  const [r, c] = shapeOf(rows);
  const pasted = `The pasted biases are ${show([r, c])}`;
  const b = `b is ${show([units])}, one bias per neuron`;
  if (r > 1 && c > 1) {
    return {
      kind: 'ask',
      message: `${pasted}, but ${b}: paste one row of ${units} values.`,
      choices: [],
    };
  }
  const values = rows.flat();
  if (values.length === units) {
    const choice = { id: 'biases', label: 'As b', rows: [values], resizes: false };
    return { kind: 'apply', choice, note: `${pasted}: pasted as b ${show([units])}.` };
  }
  const resize: PasteChoice = {
    id: 'resize',
    label: `Resize the layer to ${values.length} neurons`,
    rows: [values],
    resizes: true,
  };
  return { kind: 'ask', message: `${pasted}, but ${b}.`, choices: [resize] };
}

/**
 * A matrix pasted as the input batch X (batch, features): one row per sample, as the notebook
 * writes X. `features` is null while no Input layer fixes it.
 */
export function planInputsPaste(
  rows: number[][],
  { features }: { features: number | null },
): PastePlan {
  const [r, c] = shapeOf(rows);
  const pasted = `The pasted matrix is ${show([r, c])}`;
  const asRows: PasteChoice = { id: 'rows', label: 'One row per sample', rows, resizes: false };
  if (features === null || c === features) {
    const samples = r === 1 ? '1 sample' : `${r} samples`;
    return {
      kind: 'apply',
      choice: asRows,
      note: `${pasted}: pasted as ${samples} of ${c} features.`,
    };
  }
  const choices: PasteChoice[] = [];
  if (r === features) {
    choices.push({
      id: 'transpose',
      label: `One column per sample (transposed for you): ${c === 1 ? '1 sample' : `${c} samples`}`,
      rows: transposeRows(rows),
      resizes: false,
    });
  }
  choices.push({
    id: 'resize',
    label: `Resize the Input to ${c} features, one row per sample`,
    rows,
    resizes: true,
  });
  const message = `${pasted}, but X is (batch, ${features}): ${features} features per sample, one row per sample.`;
  return { kind: 'ask', message, choices };
}
