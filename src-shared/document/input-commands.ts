/**
 * Edits of the input batch, shape (batch, features), and of Input layers' sizes.
 * The batch always has one column per unit of the primary (oldest) Input node; when that is an
 * Image input, the batch is pictures (batch, height, width, channels), not edited value by value.
 */
import { shapeToString, zeros, type Tensor } from '../tensor/tensor.ts';
import { copyFinite, refuse, requireFinite, requireIndex, requireUnits } from './checks.ts';
import { describeNode, getInput, primaryInput, startShape } from './graph.ts';
import { fitParameters } from './layer-fitting.ts';
import { appendRow, removeRow, resizeMatrix, withValue } from './tensor-edits.ts';
import type { EditorDocument, NodeId } from './types.ts';

/**
 * Resizes the batch's columns to the primary Input's units, keeping values, padding with 0.
 * For an Image input, a batch of pictures of another size becomes one black picture.
 */
export function fitInputs(doc: EditorDocument): EditorDocument {
  const input = primaryInput(doc);
  if (!input) return doc;
  const sample = startShape(input);
  const { shape } = doc.inputs;
  if (shape.length === sample.length + 1 && sample.every((d, i) => d === shape[i + 1])) return doc;
  if (input.kind === 'input' && shape.length === 2) {
    return { ...doc, inputs: resizeMatrix(doc.inputs, shape[0]!, input.units) };
  }
  return { ...doc, inputs: zeros([1, ...sample]) };
}

/** The batch as rows of features; a batch of pictures cannot be edited value by value. */
function requireRows(doc: EditorDocument): [number, number] {
  if (doc.inputs.shape.length !== 2) {
    refuse(
      `the inputs are pictures of shape ${shapeToString(doc.inputs.shape)}: they come from a data set, not from typed values`,
    );
  }
  return doc.inputs.shape as [number, number];
}

export function setInputUnits(
  doc: EditorDocument,
  { id, units }: { id: NodeId; units: number },
): EditorDocument {
  const node = getInput(doc, id);
  requireUnits(units, `the units of ${describeNode(node)}`);
  if (units === node.units) return doc;
  return fitParameters(
    fitInputs({ ...doc, nodes: { ...doc.nodes, [id]: { ...node, units } } }),
    id,
  );
}

/** Replaces the batch; one sample (features,) becomes a batch of one. */
export function setInputs(doc: EditorDocument, inputs: Tensor): EditorDocument {
  const batch =
    inputs.shape.length === 1 ? { ...inputs, shape: [1, inputs.shape[0] as number] } : inputs;
  const copy = copyFinite(batch, 2, 'inputs');
  const [rows, cols] = copy.shape as [number, number];
  if (rows < 1) refuse('the inputs need at least one row (one sample)');
  const input = primaryInput(doc);
  if (input?.kind === 'image-input') {
    refuse(
      `${describeNode(input)} takes pictures: they come from a data set, not from typed values`,
    );
  }
  if (input && cols !== input.units) {
    refuse(
      `the inputs need ${input.units} features per sample (the units of ${describeNode(input)}), found shape ${shapeToString(copy.shape)}`,
    );
  }
  return { ...doc, inputs: copy };
}

export function setInputValue(
  doc: EditorDocument,
  { row, col, value }: { row: number; col: number; value: number },
): EditorDocument {
  const [rows, cols] = requireRows(doc);
  requireIndex(row, rows, 'the input row');
  requireIndex(col, cols, 'the input column');
  requireFinite(value, `input [${row}][${col}]`);
  return { ...doc, inputs: withValue(doc.inputs, row * cols + col, value) };
}

/** Appends a sample: `values`, or zeros. */
export function addInputRow(doc: EditorDocument, values?: readonly number[]): EditorDocument {
  const cols = requireRows(doc)[1];
  const row = values ?? new Array<number>(cols).fill(0);
  if (row.length !== cols) {
    refuse(`a new input row needs ${cols} values, one per feature, found ${row.length}`);
  }
  row.forEach((value, j) => requireFinite(value, `new input row [${j}]`));
  return { ...doc, inputs: appendRow(doc.inputs, row) };
}

export function removeInputRow(doc: EditorDocument, row: number): EditorDocument {
  const rows = requireRows(doc)[0];
  requireIndex(row, rows, 'the input row');
  if (rows === 1) refuse('the inputs need at least one row: the last sample cannot be removed');
  return { ...doc, inputs: removeRow(doc.inputs, row) };
}

/**
 * Replaces the batch with one picture (height, width, channels) of 0..255 pixel values, as the
 * primary Image input takes it: a photo dropped on the window, say.
 */
export function setPicture(
  doc: EditorDocument,
  { pixels, shape }: { pixels: ArrayLike<number>; shape: readonly number[] },
): EditorDocument {
  const input = primaryInput(doc);
  if (input?.kind !== 'image-input') {
    refuse('this network takes rows of numbers, not pictures: open an image network first');
  }
  const wanted = startShape(input);
  if (shape.length !== 3 || !wanted.every((d, i) => d === shape[i])) {
    refuse(
      `${describeNode(input)} takes pictures of shape ${shapeToString(wanted)}, found ${shapeToString(shape)}`,
    );
  }
  if (pixels.length !== wanted[0]! * wanted[1]! * wanted[2]!) {
    refuse(
      `a ${shapeToString(wanted)} picture has ${wanted[0]! * wanted[1]! * wanted[2]!} values, found ${pixels.length}`,
    );
  }
  const data = Float32Array.from(pixels);
  for (const value of data) {
    if (!(value >= 0 && value <= 255)) refuse(`pixel values run from 0 to 255, found ${value}`);
  }
  return { ...doc, inputs: { data, shape: [1, ...wanted], dtype: 'float32' } };
}
