/**
 * The live forward pass runs when the document changes what is computed, and only then: moving
 * a card changes positions, which no number depends on.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  derive,
  documentFromLesson,
  type EditorDocument,
} from '../../src-shared/document/index.ts';
import { moveNodes, setBias, setInputValue } from '../../src-shared/document/commands.ts';
import { residualCnnDocument } from '../../src-shared/document/test-support.ts';
import { lessonById } from '../../src-shared/lessons/index.ts';
import type { EngineClient } from '../../src-shared/worker/engine-client.ts';
import { ForwardPass } from './forward-pass.svelte.ts';

/** An engine that counts its forward passes and answers each with no outputs. */
function countingEngine() {
  const calls: string[] = [];
  const engine = {
    call: async (op: string) => {
      calls.push(op);
      return { outputs: [], mirrored: null };
    },
  } as unknown as EngineClient;
  return { engine, calls };
}

describe('the forward pass', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  async function requested(pass: ForwardPass, doc: EditorDocument) {
    pass.request(doc, derive(doc));
    await vi.runAllTimersAsync();
  }

  it('does not run again when a card moves, and does when a number changes', async () => {
    const { engine, calls } = countingEngine();
    const pass = new ForwardPass(engine);
    let doc = residualCnnDocument(8);
    await requested(pass, doc);
    expect(calls).toEqual(['liveForward']);

    doc = moveNodes(doc, { ids: ['n2', 'n6'], dx: 120, dy: -40 });
    await requested(pass, doc);
    expect(calls, 'a move computes nothing new').toHaveLength(1);

    doc = setBias(doc, { id: 'n6', index: 1, value: 0.25 });
    await requested(pass, doc);
    expect(calls, 'a new bias is a new pass').toHaveLength(2);
  });

  it('runs again for new inputs, and not for a move after them', async () => {
    const { engine, calls } = countingEngine();
    const pass = new ForwardPass(engine);
    let doc = documentFromLesson(lessonById('four-inputs-three-neurons'), {
      origin: { x: 0, y: 0 },
    });
    await requested(pass, doc);
    doc = setInputValue(doc, { row: 0, col: 2, value: 7 });
    await requested(pass, doc);
    expect(calls).toHaveLength(2);
    doc = moveNodes(doc, { ids: [Object.keys(doc.nodes)[0]!], dx: 5, dy: 5 });
    await requested(pass, doc);
    expect(calls).toHaveLength(2);
  });

  it('keeps a change waiting in its debounce when a move follows it at once', async () => {
    const { engine, calls } = countingEngine();
    const pass = new ForwardPass(engine);
    let doc = residualCnnDocument(8);
    await requested(pass, doc);
    doc = setBias(doc, { id: 'n6', index: 0, value: -1 });
    pass.request(doc, derive(doc));
    doc = moveNodes(doc, { ids: ['n3'], dx: 10, dy: 0 });
    await requested(pass, doc);
    expect(calls).toHaveLength(2);
  });
});
