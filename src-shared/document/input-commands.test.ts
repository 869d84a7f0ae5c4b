import { describe, expect, it } from 'vitest';
import { fromNested, toNested } from '../tensor/tensor.ts';
import {
  addInputRow,
  addNode,
  removeInputRow,
  setInputs,
  setInputUnits,
  setInputValue,
} from './commands.ts';
import { chainOf } from './test-support.ts';
import type { EditorDocument } from './types.ts';

const rows = (doc: EditorDocument) => toNested(doc.inputs) as number[][];

/** Input(4) → Dense(3), fed two samples. */
function fed(): EditorDocument {
  return setInputs(
    chainOf('input', 'dense'),
    fromNested([
      [1, 2, 3, 2.5],
      [2, 5, -1, 2],
    ]),
  );
}

describe('setInputUnits', () => {
  it("resizes the batch with the primary Input's units, keeping values and padding with 0", () => {
    const doc = fed();
    const wider = setInputUnits(doc, { id: 'n1', units: 5 });
    expect(toNested(wider.inputs)).toEqual([
      [1, 2, 3, 2.5, 0],
      [2, 5, -1, 2, 0],
    ]);
    expect(toNested(setInputUnits(doc, { id: 'n1', units: 2 }).inputs)).toEqual([
      [1, 2],
      [2, 5],
    ]);
    expect(rows(doc)[0]).toEqual([1, 2, 3, 2.5]);
    expect(setInputUnits(doc, { id: 'n1', units: 4 })).toBe(doc);
  });

  it('leaves the batch alone for a second Input, and refuses bad sizes', () => {
    const second = addNode(fed(), { kind: 'input', position: { x: 0, y: 0 } });
    const doc = setInputUnits(second.doc, { id: second.id, units: 9 });
    expect(doc.inputs).toBe(second.doc.inputs);
    expect(() => setInputUnits(doc, { id: 'n1', units: 1.5 })).toThrow(
      'the units of Input n1 must be a whole number from 1 to 1048576, found 1.5',
    );
    expect(() => setInputUnits(doc, { id: 'n2', units: 2 })).toThrow(
      'Dense n2 is not an Input layer',
    );
  });
});

describe('setInputs and setInputValue', () => {
  it('copies the batch, takes one sample as a batch of one, and checks its width', () => {
    const batch = fromNested([[1, 2, 3, 4]]);
    const doc = setInputs(chainOf('input'), batch);
    batch.data[0] = 100;
    expect(toNested(doc.inputs)).toEqual([[1, 2, 3, 4]]);
    expect(setInputs(doc, fromNested([4, 3, 2, 1])).inputs.shape).toEqual([1, 4]);
    expect(() => setInputs(doc, fromNested([[1, 2, 3]]))).toThrow(
      'the inputs need 4 features per sample (the units of Input n1), found shape (1, 3)',
    );
  });

  it('edits one value in a new tensor, and refuses non-finite values', () => {
    const doc = fed();
    const edited = setInputValue(doc, { row: 1, col: 3, value: -7 });
    expect(toNested(edited.inputs)).toEqual([
      [1, 2, 3, 2.5],
      [2, 5, -1, -7],
    ]);
    expect(doc.inputs.data[7]).toBe(2);
    expect(() => setInputValue(doc, { row: 0, col: 0, value: NaN })).toThrow(
      'input [0][0] must be a finite number, found NaN',
    );
    expect(() => setInputValue(doc, { row: 2, col: 0, value: 1 })).toThrow(
      'the input row must be a whole number from 0 to 1, found 2',
    );
    const bad = fromNested([[1, 2, 3, 4]]);
    bad.data[3] = NaN;
    expect(() => setInputs(doc, bad)).toThrow('inputs[0][3] must be a finite number, found NaN');
  });
});

describe('addInputRow and removeInputRow', () => {
  it('appends zeros or given values, and removes a row but never the last', () => {
    const doc = fed();
    expect(toNested(addInputRow(doc).inputs)).toEqual([
      [1, 2, 3, 2.5],
      [2, 5, -1, 2],
      [0, 0, 0, 0],
    ]);
    expect(rows(addInputRow(doc, [-1.5, 2.7, 3.3, -0.8]))[2]).toEqual([-1.5, 2.7, 3.3, -0.8]);
    expect(() => addInputRow(doc, [1, 2])).toThrow(
      'a new input row needs 4 values, one per feature, found 2',
    );
    expect(() => addInputRow(doc, [1, 2, Infinity, 4])).toThrow(
      'new input row [2] must be a finite number, found Infinity',
    );
    const one = removeInputRow(doc, 0);
    expect(toNested(one.inputs)).toEqual([[2, 5, -1, 2]]);
    expect(() => removeInputRow(one, 0)).toThrow(
      'the inputs need at least one row: the last sample cannot be removed',
    );
  });
});
