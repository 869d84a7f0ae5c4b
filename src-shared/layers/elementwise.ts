/**
 * The shape of a kind that maps each value on its own (ReLU, Sigmoid, Tanh, …): any input shape,
 * the same shape out, no parameters. Each backward pass is written in terms of the forward's
 * output, so only the output needs keeping.
 */
import type { TypedArray } from '../tensor/tensor.ts';
import type { Backend } from './backend.ts';
import { bareFileForm, type FileForm } from './file-form.ts';
import type { LayerKind, Settings, SettingSpec } from './kind.ts';
import { single } from './shapes.ts';

export interface ElementwiseSpec<L extends { readonly type: string }> {
  readonly type: L['type'];
  readonly label: string;
  readonly hint: string;
  readonly settings?: readonly SettingSpec[];
  readonly defaults?: Settings;
  readonly settingsOf?: (layer: L) => Settings;
  readonly describe?: (layer: L) => string;
  readonly create?: (settings: Settings) => L;
  /** Needed by a kind with settings; one without has no keys of its own in the file. */
  readonly file?: FileForm<L>;
  /** Its arithmetic and working memory, where not one operation per value and nothing more. */
  readonly cost?: LayerKind<L>['cost'];
  /** y = f(x), value by value (on the backend's kernels where it has them: ReLU). */
  forward(layer: L, x: TypedArray, y: TypedArray, backend: Backend): void;
  /** dx = dy · f′, given the forward's output y. */
  backward(layer: L, y: TypedArray, dy: TypedArray, dx: TypedArray, backend: Backend): void;
}

export function elementwiseKind<L extends { readonly type: string }>(
  spec: ElementwiseSpec<L>,
): LayerKind<L> {
  return {
    type: spec.type,
    label: spec.label,
    hint: spec.hint,
    role: 'activation',
    settings: spec.settings ?? [],
    defaults: spec.defaults ?? {},
    settingsOf: spec.settingsOf ?? (() => ({})),
    describe: spec.describe ?? (() => spec.hint),
    create: spec.create ?? (() => ({ type: spec.type }) as L),
    outputShape: (_layer, inputs) => [...single(spec.type, inputs)],
    parameters: () => [],
    ...(spec.cost && { cost: spec.cost }),
    runtime(layer, inputs, backend) {
      const output = backend.scratch();
      let y: TypedArray = output.get(0);
      return {
        outShape: [...inputs[0]!],
        params: [],
        forward(xs) {
          const x = xs[0]!;
          y = output.get(x.length);
          spec.forward(layer, x, y, backend);
          return y;
        },
        backward(dy, [dx]) {
          if (dx) spec.backward(layer, y, dy, dx, backend);
        },
        toLayer: () => ({ ...layer }),
      };
    },
    file:
      spec.file ?? (bareFileForm(spec.type) as FileForm<{ readonly type: string }> as FileForm<L>),
  };
}
