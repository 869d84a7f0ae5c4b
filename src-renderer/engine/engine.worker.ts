/**
 * The engine in a Web Worker: all numeric work happens here, never on the UI thread. While it
 * trains pictures it starts replica workers, so training uses every core (up to two).
 */
import { setReplicaWorkers } from '../../src-shared/worker/train-handler.ts';
import { engineReplica } from '../../src-shared/worker/replica-ops.ts';
import { clientOf } from './engine.ts';
import { serveHere } from './serve-here.ts';
import { pictureReplicaCount } from '../state/memory-budget.ts';

setReplicaWorkers(() => {
  const extra = pictureReplicaCount() - 1;
  const workers = Array.from(
    { length: extra },
    () => new Worker(new URL('./replica.worker.ts', import.meta.url), { type: 'module' }),
  );
  return {
    replicas: workers.map((worker) => engineReplica(clientOf(worker))),
    close: () => workers.forEach((worker) => worker.terminate()),
  };
});
serveHere();
