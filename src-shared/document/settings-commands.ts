/**
 * Editing a layer's settings (filters, kernel size, stride, pool size, rate, height, …) as its
 * kind states them (`SettingSpec`: range, whole numbers, choices). One command for every kind:
 * the value is checked against the spec, the layer is remade for it (layer-fitting.ts), and the
 * layers after it are fitted to the shape that now arrives. A setting the shape arriving cannot
 * take (a kernel larger than the picture) is kept, and the wire into the layer turns red.
 */
import { layerKind, type SettingSpec } from '../layers/index.ts';
import { refuse } from './checks.ts';
import { setDenseUnits } from './dense-commands.ts';
import { describeNode, getNode, isStartNode, nodeSettings, shapesIn } from './graph.ts';
import { fitInputs, setInputUnits } from './input-commands.ts';
import { fitParameters, isLayerNode, refit } from './layer-fitting.ts';
import type { EditorDocument, NodeId } from './types.ts';

export interface SetSettingArgs {
  id: NodeId;
  /** A key of the kind's settings: `filters`, `kernel`, `rate`. */
  key: string;
  value: number;
}

export function setLayerSetting(
  doc: EditorDocument,
  { id, key, value }: SetSettingArgs,
): EditorDocument {
  const node = getNode(doc, id);
  const kind = layerKind(node.kind);
  const spec = kind.settings.find((s) => s.key === key);
  if (!spec) {
    const keys = kind.settings.map((s) => s.key);
    refuse(
      `${describeNode(node)} has no setting ${JSON.stringify(key)}` +
        (keys.length > 0 ? `: its settings are ${keys.join(', ')}` : ': it has no settings'),
    );
  }
  checkSetting(spec, value, `${spec.label} of ${describeNode(node)}`);
  if (nodeSettings(node)[key] === value) return doc;
  // Input and Dense nodes keep their units themselves (the notebook's rules for W).
  if (node.kind === 'input') return setInputUnits(doc, { id, units: value });
  if (node.kind === 'dense') return setDenseUnits(doc, { id, units: value });
  if (!isLayerNode(node)) refuse(`${describeNode(node)} has no setting ${key}`);
  const settings = { ...nodeSettings(node), [key]: value };
  const changed = refit(node, settings, shapesIn(doc, id));
  let next: EditorDocument = { ...doc, nodes: { ...doc.nodes, [id]: changed } };
  // An Image input's new size makes the batch one black picture of that size.
  if (isStartNode(changed)) next = fitInputs(next);
  return fitParameters(next, id);
}

/** `what` names the setting: `Kernel size of Conv2D n3 must be a whole number from 1 to 15`. */
export function checkSetting(spec: SettingSpec, value: number, what: string): number {
  if (spec.choices && !spec.choices.includes(value)) {
    refuse(`${what} must be one of ${spec.choices.join(', ')}, found ${String(value)}`);
  }
  const whole = spec.integer ? 'a whole number' : 'a number';
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    (spec.integer && !Number.isInteger(value)) ||
    value < spec.min ||
    value > spec.max
  ) {
    refuse(`${what} must be ${whole} from ${spec.min} to ${spec.max}, found ${String(value)}`);
  }
  return value;
}
