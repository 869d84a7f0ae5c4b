/**
 * Every edit of the editor's document, as a named pure function (doc, args) → document.
 * Run them through `History.apply` to make them undoable; a refused edit throws a
 * DocumentError and changes nothing.
 */
export { DocumentError } from './checks.ts';
export {
  addNode,
  connect,
  createEmptyDocument,
  deleteNodes,
  disconnect,
  duplicateNodes,
  moveNodes,
  DEFAULT_DENSE_UNITS,
  DEFAULT_INPUT_UNITS,
  DUPLICATE_OFFSET,
  type AddNodeArgs,
} from './graph-commands.ts';
export {
  fitWeightsToInput,
  initialiseLayers,
  randomiseWeights,
  setBias,
  setBiases,
  setDenseUnits,
  setWeight,
  setWeights,
  transposeWeights,
  zeroWeights,
  DEFAULT_WEIGHT_SCALE,
  type RandomiseArgs,
} from './dense-commands.ts';
export {
  randomiseKernels,
  setConvBias,
  setKernel,
  setKernelWeight,
  type KernelPlace,
} from './conv-commands.ts';
export { setLayerSetting, type SetSettingArgs } from './settings-commands.ts';
export { arrange, ARRANGE_GAP, type ArrangeArgs, type CardSize } from './arrange.ts';
export { fitParameters } from './layer-fitting.ts';
export {
  addInputRow,
  removeInputRow,
  setInputs,
  setPicture,
  setInputUnits,
  setInputValue,
} from './input-commands.ts';
