/**
 * The app's guard (issue 13): a network too large for this device is refused from its shapes
 * before its forward pass or its training goes to a worker, and the message says which layer,
 * its shape and the bytes.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { derive, type EditorDocument } from '../../src-shared/document/index.ts';
import { addNode, connect, createEmptyDocument } from '../../src-shared/document/graph-commands.ts';
import { layerKind } from '../../src-shared/layers/registry.ts';
import { residualCnnDocument } from '../../src-shared/document/test-support.ts';
import { brightOrDark } from '../../src-shared/train/test-support.ts';
import type { EngineClient } from '../../src-shared/worker/engine-client.ts';
import type { LoadedFolder } from '../images/load-folder.ts';
import { EditorStore } from './editor.svelte.ts';
import { ForwardPass } from './forward-pass.svelte.ts';
import { appMemoryLimit, pictureReplicaCount } from './memory-budget.ts';
import { TrainingSession } from './training.svelte.ts';
import { EvaluationSession } from '../evaluation/evaluation.svelte.ts';

/** An image input of size×size×3 pixels wired into a Conv2D of the palette's defaults (8 3×3 filters). */
function pictureThenConv(size: number): EditorDocument {
  let doc = createEmptyDocument();
  const image = layerKind('image-input').create({ height: size, width: size, channels: 3 }, []);
  doc = addNode(doc, { kind: 'image-input', position: { x: 0, y: 0 }, layer: image }).doc;
  doc = addNode(doc, { kind: 'conv2d', position: { x: 200, y: 0 } }).doc;
  return connect(doc, { from: 'n1', to: 'n2' });
}

/** An engine that records what is sent to it and answers a forward pass with no outputs. */
function recordingEngine() {
  const sent: string[] = [];
  const engine = {
    call: async (op: string) => {
      sent.push(op);
      return { outputs: [], mirrored: null };
    },
    start: (op: string) => {
      sent.push(op);
      throw new Error(`${op} should not have been started`);
    },
  } as unknown as EngineClient;
  return { engine, sent };
}

describe('the limit', () => {
  it('is half of the memory the browser reports, or of an assumed 4 GiB', () => {
    expect(appMemoryLimit(8)).toEqual({
      bytes: 4 * 2 ** 30,
      source: "half of this device's 8 GiB, as the browser reports it",
    });
    expect(appMemoryLimit(undefined)).toEqual({
      bytes: 2 * 2 ** 30,
      source: 'half of an assumed 4 GiB: the browser does not report its memory',
    });
    expect(pictureReplicaCount()).toBeGreaterThanOrEqual(1);
    expect(pictureReplicaCount()).toBeLessThanOrEqual(2);
  });
});

describe('the forward pass', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('refuses a 4096×4096 picture network before the worker sees it', async () => {
    const { engine, sent } = recordingEngine();
    const pass = new ForwardPass(engine, appMemoryLimit(2));
    // A Dense layer after the picture would hold 100 million weights: the message says so.
    // Conv2D: 3 3×3 filters over 3 channels + 3 biases; Dense: 4096·4096·3 inputs × 2 + 2.
    const parameters = (3 * 3 * 3 * 3 + 3 + 4096 * 4096 * 3 * 2 + 2).toLocaleString('en-US');
    const withDense = residualCnnDocument(4096);
    pass.request(withDense, derive(withDense));
    await vi.runAllTimersAsync();
    expect(sent).toEqual([]);
    expect(pass.error).toMatch(
      /^Not computed: layers\[0\] \(Image input, node "n1"\) needs 192 MiB for its output 4096×4096×3 float32 at batch 1, which brings the forward pass to [\d.]+ GiB, [\d.]+ GiB of it the parameters \(([\d,]+) values\), their copies and the input batch; the limit is 1 GiB/,
    );
    expect(/\(([\d,]+) values\)/.exec(pass.error!)![1]).toBe(parameters);
  });

  it('refuses a 4096×4096 convolution before the worker sees it', async () => {
    const { engine, sent } = recordingEngine();
    const pass = new ForwardPass(engine, appMemoryLimit(2));
    const doc = pictureThenConv(4096);
    pass.request(doc, derive(doc));
    await vi.runAllTimersAsync();
    expect(sent).toEqual([]);
    expect(pass.outputs).toEqual({});
    expect(pass.error).toMatch(
      /^Not computed: layers\[1\] \(Conv2D, node "n2"\) needs [\d.]+ GiB for its output 4096×4096×8 float32 at batch 1, with [\d.]+ [MG]iB of kernel memory; the limit is 1 GiB \(half of this device's 2 GiB, as the browser reports it\)$/,
    );
  });

  it('sends a network that fits, and clears the message', async () => {
    const { engine, sent } = recordingEngine();
    const pass = new ForwardPass(engine, appMemoryLimit(2));
    const big = pictureThenConv(4096);
    pass.request(big, derive(big));
    await vi.runAllTimersAsync();
    expect(pass.error).not.toBeNull();
    const small = residualCnnDocument(8);
    pass.request(small, derive(small));
    await vi.runAllTimersAsync();
    // One pass: the picture, and its mirror image when the model is scored with test-time flips.
    expect(sent).toEqual(['liveForward']);
    expect(pass.error).toBeNull();
  });
});

describe('training', () => {
  it('is not started when a step and the pictures would not fit, and says why', async () => {
    const { engine, sent } = recordingEngine();
    const set = brightOrDark(40, 3);
    const folder = {
      message: null,
      at: async () => ({ root: 'bright-dark', set, skipped: [], cached: false }) as LoadedFolder,
    };
    const limit = { bytes: 64 * 1024, source: 'a test limit' };
    const session = new TrainingSession(
      engine,
      new EditorStore(residualCnnDocument(8)),
      folder,
      limit,
    );
    await session.start();
    expect(sent).toEqual([]);
    expect(session.status).toBe('failed');
    expect(session.message).toMatch(
      /^Training not started: layers\[\d\] \([^,]+, node "n\d"\) needs [\d.]+ KiB for its output [\d×]+ float32 at batch 40.*; the limit is 64 KiB \(a test limit\)$/,
    );
  });
});

describe('evaluation', () => {
  it('is not sent to the image workers when a pass and the pictures would not fit', async () => {
    const set = brightOrDark(40, 3);
    const loaded = { root: 'bright-dark', set, skipped: [], cached: false } as LoadedFolder;
    const limit = { bytes: 64 * 1024, source: 'a test limit' };
    const session = new EvaluationSession(new EditorStore(residualCnnDocument(8)), limit);
    // The folder the Evaluate tab would have loaded; the workers are never started in this test.
    Object.defineProperty(session.folder, 'at', { value: async () => loaded });
    await session.evaluate();
    expect(session.message).toMatch(
      /^Not evaluated: layers\[\d\] \([^,]+\) needs [\d.]+ KiB for its output [\d×]+ float32 at batch \d+.*; the limit is 64 KiB \(a test limit\)$/,
    );
    expect(session.result).toBeNull();
  });
});
