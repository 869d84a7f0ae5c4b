/** The network editor's document: its types, edits, undo history, derived networks and files. */
export * from './types.ts';
export * from './commands.ts';
export {
  History,
  type ApplyOptions,
  type Edited,
  type HistoryOptions,
  type HistoryStep,
} from './history.ts';
export {
  derive,
  mismatchMessage,
  type Derived,
  type DerivedNetwork,
  type MismatchArgs,
  type WireDiagnostic,
} from './derive.ts';
export {
  describeNode,
  downstream,
  incomingEdges,
  inputNodeIds,
  isMergeNode,
  nodeLabel,
  nodeLayer,
  nodeSettings,
  shapesIn,
  outgoingEdges,
  outputUnitsOf,
  primaryInput,
  sortedNodeIds,
} from './graph.ts';
export {
  CURRENT_INPUTS_NAME,
  documentFromLesson,
  documentFromModel,
  LAYER_SPACING,
  modelFromDocument,
  runnableGraph,
  runnableNetwork,
  withLayers,
  type LayoutOptions,
} from './model-io.ts';
