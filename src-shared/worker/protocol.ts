/**
 * The typed contract between the UI (or CLI) and the engine worker.
 * Each operation names its arguments and result once here; client and host both check
 * against this map, so adding an operation is one entry plus one handler.
 */
import type { Network } from '../net/network.ts';
import type { ReplicaPredictArgs, ReplicaStepArgs, ReplicaStepResult } from '../train/replica.ts';
import type { Precision, TrainingSettings } from '../train/settings.ts';
import type { Tensor, TypedArray } from '../tensor/tensor.ts';
import type { KeptDataRef } from './resident-data.ts';
import type { LiveForwardArgs, LiveForwardResult } from './resident-nets.ts';
import type { TrainData, TrainProgress, TrainResult, TrainResume } from './train-types.ts';

export interface EngineOps {
  /** Every layer's output for a batch (batch, features) or one sample (features,). */
  forward: {
    args: { network: Network; inputs: Tensor };
    result: { outputs: Tensor[] };
    progress: never;
  };
  /** `forward` on the network the engine keeps, edited by what changed (see live-forward.ts). */
  liveForward: { args: LiveForwardArgs; result: LiveForwardResult; progress: never };
  /**
   * Keeps a data set in this engine under `key`, replacing what the key held, so `train` and
   * `evaluateRows` calls name it (`{ kind: 'kept', key }`) instead of sending it again.
   */
  keepData: {
    args: { key: string; data: TrainData };
    result: { samples: number };
    progress: never;
  };
  /** Trains a copy of the network, reporting as it goes; signals pause, resume, step or stop it. */
  train: {
    args: {
      network: Network;
      data: TrainData | KeptDataRef;
      settings: TrainingSettings;
      regions: boolean;
      /** Go on from an earlier run's optimizer state (its epochs count towards the step numbers). */
      resume?: TrainResume;
      /** How hints name each layer ("ReLU n3"); default "layers[i] (relu)". */
      layerNames?: string[];
    };
    result: TrainResult;
    progress: TrainProgress;
  };
  /** The exact loss, accuracy and confusion matrix of a network on every row of a data set. */
  evaluateRows: {
    args: { network: Network; data: TrainData | KeptDataRef; settings: TrainingSettings };
    result: { loss: number; accuracy: number; confusion: number[][] | null };
    progress: never;
  };
  /** Data-parallel training: this worker's copy of the network (see train/replica.ts). */
  replicaLoad: {
    args: { network: Network; precision: Precision };
    result: { parameters: number };
    progress: never;
  };
  /** The gradient of this worker's share of a batch. */
  replicaStep: { args: ReplicaStepArgs; result: ReplicaStepResult; progress: never };
  /** The network's outputs for a batch of samples. */
  replicaPredict: { args: ReplicaPredictArgs; result: TypedArray; progress: never };
  /** The copy's network, with its running statistics. */
  replicaNetwork: { args: Record<string, never>; result: Network; progress: never };
}

export type OpName = keyof EngineOps;
export type OpArgs<K extends OpName> = EngineOps[K]['args'];
export type OpResult<K extends OpName> = EngineOps[K]['result'];
/** What a long operation reports while it runs (never for one-shot operations). */
export type OpProgress<K extends OpName> = EngineOps[K]['progress'];

/** Messages to a running call: long operations read them between steps (pause, resume...). */
export type Signal = string;

export type EngineRequest =
  | { [K in OpName]: { kind: 'call'; id: number; op: K; args: OpArgs<K> } }[OpName]
  | { kind: 'cancel'; id: number }
  | { kind: 'signal'; id: number; signal: Signal };

export interface WireError {
  name: string;
  message: string;
}

export type EngineResponse =
  | { kind: 'result'; id: number; result: OpResult<OpName> }
  | { kind: 'progress'; id: number; progress: OpProgress<OpName> }
  | { kind: 'error'; id: number; error: WireError }
  | { kind: 'cancelled'; id: number };

/** The one thing both a Web Worker and a Node worker_threads port can do. */
export interface MessageChannelLike<In, Out> {
  post(message: Out, transfer?: ArrayBuffer[]): void;
  listen(handler: (message: In) => void): void;
}

/** What a handler gets besides its arguments: cancellation, signals, and a progress channel. */
export interface CallContext<P = unknown> {
  /** Set when the client cancels; long operations poll it between steps. */
  readonly cancelled: boolean;
  /** Signals received and not yet taken, oldest first. */
  takeSignals(): Signal[];
  /** Sends progress to the caller; buffers in `value` are transferred. */
  progress(value: P): void;
}

/**
 * `args` with each typed array (through plain objects and arrays) replaced by a copy whose buffer
 * is transferred, so the worker receives its own copy at the cost of one copy instead of
 * structured clone's two (serializing, then deserializing: 0.26 s for 40 MB of rows in Node).
 * Buffers in `moved` are the caller's to move as they are; other objects are cloned as before.
 */
export function copiedForTransfer<T>(
  args: T,
  moved: readonly ArrayBuffer[] = [],
): { args: T; transfer: ArrayBuffer[] } {
  const transfer = [...moved];
  const copy = (v: unknown, depth: number): unknown => {
    if (depth > 8 || v === null || typeof v !== 'object') return v;
    if (ArrayBuffer.isView(v)) {
      if (v instanceof DataView || !(v.buffer instanceof ArrayBuffer) || moved.includes(v.buffer))
        return v;
      const own = (v as Float64Array).slice();
      transfer.push(own.buffer);
      return own;
    }
    if (Array.isArray(v)) return v.map((child) => copy(child, depth + 1));
    if (Object.getPrototypeOf(v) !== Object.prototype) return v;
    return Object.fromEntries(Object.entries(v).map(([k, child]) => [k, copy(child, depth + 1)]));
  };
  return { args: copy(args, 0) as T, transfer };
}

/** The buffers of tensors in a result, listed once each, to transfer instead of copy. */
export function transferablesOf(value: unknown): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const visit = (v: unknown, depth: number): void => {
    if (depth > 8 || v === null || typeof v !== 'object') return;
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) buffers.add(v.buffer);
      return;
    }
    for (const child of Object.values(v)) visit(child, depth + 1);
  };
  visit(value, 0);
  return [...buffers];
}
