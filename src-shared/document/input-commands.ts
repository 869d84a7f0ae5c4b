/**
 * Edits of the input batch, shape (batch, features), and of Input layers' sizes.
 * The batch always has one column per unit of the primary (oldest) Input node.
 */
import { shapeToString, type Tensor } from '../tensor/tensor.ts';
import { copyFinite, refuse, requireFinite, requireIndex, requireUnits } from './checks.ts';
import { describeNode, getInput, primaryInput } from './graph.ts';
import { appendRow, removeRow, resizeMatrix, withValue } from './tensor-edits.ts';
import type { EditorDocument, NodeId } from './types.ts';

/** Resizes the batch's columns to the primary Input's units, keeping values, padding with 0. */
export function fitInputs(doc: EditorDocument): EditorDocument {
  const input = primaryInput(doc);
  const [rows, cols] = doc.inputs.shape as [number, number];
  if (!input || input.units === cols) return doc;
  return { ...doc, inputs: resizeMatrix(doc.inputs, rows, input.units) };
}

export function setInputUnits(
  doc: EditorDocument,
  { id, units }: { id: NodeId; units: number },
): EditorDocument {
  const node = getInput(doc, id);
  requireUnits(units, `the units of ${describeNode(node)}`);
  if (units === node.units) return doc;
  return fitInputs({ ...doc, nodes: { ...doc.nodes, [id]: { ...node, units } } });
}

/** Replaces the batch; one sample (features,) becomes a batch of one. */
export function setInputs(doc: EditorDocument, inputs: Tensor): EditorDocument {
  const batch =
    inputs.shape.length === 1 ? { ...inputs, shape: [1, inputs.shape[0] as number] } : inputs;
  const copy = copyFinite(batch, 2, 'inputs');
  const [rows, cols] = copy.shape as [number, number];
  if (rows < 1) refuse('the inputs need at least one row (one sample)');
  const input = primaryInput(doc);
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
  const [rows, cols] = doc.inputs.shape as [number, number];
  requireIndex(row, rows, 'the input row');
  requireIndex(col, cols, 'the input column');
  requireFinite(value, `input [${row}][${col}]`);
  return { ...doc, inputs: withValue(doc.inputs, row * cols + col, value) };
}

/** Appends a sample: `values`, or zeros. */
export function addInputRow(doc: EditorDocument, values?: readonly number[]): EditorDocument {
  const cols = doc.inputs.shape[1] as number;
  const row = values ?? new Array<number>(cols).fill(0);
  if (row.length !== cols) {
    refuse(`a new input row needs ${cols} values, one per feature, found ${row.length}`);
  }
  row.forEach((value, j) => requireFinite(value, `new input row [${j}]`));
  return { ...doc, inputs: appendRow(doc.inputs, row) };
}

export function removeInputRow(doc: EditorDocument, row: number): EditorDocument {
  const rows = doc.inputs.shape[0] as number;
  requireIndex(row, rows, 'the input row');
  if (rows === 1) refuse('the inputs need at least one row: the last sample cannot be removed');
  return { ...doc, inputs: removeRow(doc.inputs, row) };
}
