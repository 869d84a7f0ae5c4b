/**
 * What the Outputs panel says when there is something other than numbers to say: how to start,
 * or why the network stops where it does (the first red wire's message, where it is read).
 */
import {
  describeNode,
  primaryInput,
  type Derived,
  type EditorDocument,
} from '../../src-shared/document/index.ts';

export interface OutputsNote {
  /** A red wire stops the network (shown as a problem), or a step to take (a hint). */
  readonly fault: boolean;
  readonly text: string;
}

export function outputsNote(doc: EditorDocument, derived: Derived): OutputsNote | null {
  const hint = (text: string) => ({ fault: false, text });
  if (!primaryInput(doc)) return hint('Add an Input or an Image input to start a network.');
  const chain = derived.networks[0];
  const fault = chain?.diagnostics[0];
  if (fault) {
    const node = doc.nodes[fault.nodeId];
    const into = node ? describeNode(node) : fault.nodeId;
    const text = `The wire into ${into} is red, so the outputs stop before it: ${fault.message}`;
    return { fault: true, text };
  }
  if (chain && chain.nodeIds.length < 2) {
    return hint('Connect a layer to the input to see its outputs.');
  }
  return null;
}
