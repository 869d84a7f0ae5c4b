/**
 * `npm run bench`: speed of the core's matrix multiply, forward pass and training step, each
 * next to NumPy measured in the same run (python3 + numpy), as a ratio; then the float32 image
 * kernels (GEMM, the model's conv layers) next to NumPy, tfjs-cpu and tfjs-wasm
 * (scripts/bench/); then canvas fps. Printed, never asserted.
 */
import { execFileSync } from 'node:child_process';
import { forward } from '../src-shared/net/forward.ts';
import { notebookNetwork } from '../src-shared/net/init.ts';
import { matmul } from '../src-shared/tensor/matmul.ts';
import { RandomState } from '../src-shared/rng/random-state.ts';
import { featureSamples } from '../src-shared/train/samples.ts';
import { FEATURE_DEFAULTS } from '../src-shared/train/settings.ts';
import { createTrainer } from '../src-shared/train/trainer.ts';
import { bestSeconds } from './bench/measure.ts';
import { benchCanvas } from './bench-canvas.ts';
import { benchKernels } from './bench/kernels-bench.ts';
import { benchTrainSteps } from './bench/train-steps.ts';

/** Best of several timed runs, in seconds, after one warm-up. */
function best(run: () => void, repeats = 5): number {
  run();
  let fastest = Infinity;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    run();
    fastest = Math.min(fastest, (performance.now() - start) / 1000);
  }
  return fastest;
}

function numpySeconds(code: string): number | null {
  try {
    const script = `import time, numpy as np\n${code}\nrun()\nb=min((lambda t: (run(), time.perf_counter()-t)[1])(time.perf_counter()) for _ in range(5))\nprint(b)`;
    return Number(execFileSync('python3', ['-c', script], { encoding: 'utf8' }).trim());
  } catch {
    return null;
  }
}

const random = new RandomState(0);
const rows: string[][] = [['case', 'Weightcraft', 'NumPy', 'ratio']];
const ratio = (ours: number, theirs: number | null) =>
  theirs ? `${(theirs / ours).toFixed(3)}×` : 'n/a';

for (const n of [64, 128, 256]) {
  const a = random.randn(n, n).data;
  const b = random.randn(n, n).data;
  const c = new Float64Array(n * n);
  const flops = 2 * n ** 3;
  const ours = best(() => matmul(a, b, c, n, n, n));
  const theirs = numpySeconds(
    `a=np.random.randn(${n},${n}); b=np.random.randn(${n},${n})\ndef run(): a @ b`,
  );
  rows.push([
    `GEMM float64 ${n}³`,
    `${(flops / ours / 1e9).toFixed(2)} GFLOP/s`,
    theirs ? `${(flops / theirs / 1e9).toFixed(2)} GFLOP/s` : 'n/a',
    ratio(ours, theirs),
  ]);
}

const network = notebookNetwork({
  seed: 0,
  sizes: [784, 128, 10],
  activations: ['relu', 'softmax'],
});
const batch = random.randn(64, 784);
const ours = best(() => forward(network, batch), 10);
const theirs = numpySeconds(
  `x=np.random.randn(64,784); w1=np.random.randn(784,128); b1=np.zeros(128); w2=np.random.randn(128,10); b2=np.zeros(10)\n` +
    `def run():\n  h=np.maximum(0, x@w1+b1); z=h@w2+b2; e=np.exp(z-z.max(axis=1, keepdims=True)); e/e.sum(axis=1, keepdims=True)`,
);
rows.push([
  'forward 784-128-10, batch 64',
  `${(ours * 1e3).toFixed(2)} ms`,
  theirs ? `${(theirs * 1e3).toFixed(2)} ms` : 'n/a',
  ratio(ours, theirs),
]);

// Training: forward, loss, backward and an Adam update per step, on shuffled batches of 64
// drawn from 6400 random samples of 10 classes. NumPy does the same with nnfs's formulas.
const TRAIN_SAMPLES = 6400;
const TRAIN_STEPS = 100;
const trainer = await createTrainer({
  network: notebookNetwork({ seed: 0, sizes: [784, 128, 10], activations: ['relu', 'softmax'] }),
  data: featureSamples(
    random.randn(TRAIN_SAMPLES, 784),
    Int32Array.from({ length: TRAIN_SAMPLES }, () => random.randint(0, 10)),
  ),
  settings: { ...FEATURE_DEFAULTS, learningRate: 0.001, decay: 0, batchSize: 64, epochs: 100 },
});
const trainSeconds = await bestSeconds(
  async () => {
    for (let i = 0; i < TRAIN_STEPS; i++) await trainer.step();
  },
  { minRepeats: 5 },
);
const numpyTrainSeconds = numpySeconds(
  `rs=np.random.RandomState(0); n=${TRAIN_SAMPLES}
X=rs.randn(n,784); y=rs.randint(0,10,n)
params=[0.1*rs.randn(784,128), np.zeros(128), 0.1*rs.randn(128,10), np.zeros(10)]
m=[np.zeros_like(p) for p in params]; v=[np.zeros_like(p) for p in params]
state={'t':0,'k':0,'order':rs.permutation(n)}
def step():
  W1,b1,W2,b2=params
  k=state['k']; state['k']=(k+1)%(n//64)
  if k==0: state['order']=rs.permutation(n)
  idx=state['order'][k*64:(k+1)*64]; x=X[idx]; t=y[idx]
  z1=x@W1+b1; h=np.maximum(0,z1); z2=h@W2+b2
  e=np.exp(z2-z2.max(axis=1,keepdims=True)); p=e/e.sum(axis=1,keepdims=True)
  loss=np.mean(-np.log(np.clip(p[range(64),t],1e-7,1-1e-7))); acc=np.mean(np.argmax(p,axis=1)==t)
  d=p.copy(); d[range(64),t]-=1; d/=64
  dh=d@W2.T; dh[z1<=0]=0
  grads=[x.T@dh, dh.sum(axis=0), h.T@d, d.sum(axis=0)]
  c1=1-0.9**(state['t']+1); c2=1-0.999**(state['t']+1)
  for w,g,mi,vi in zip(params,grads,m,v):
    mi[:]=0.9*mi+0.1*g; vi[:]=0.999*vi+0.001*g**2
    w+=-0.001*(mi/c1)/(np.sqrt(vi/c2)+1e-7)
  state['t']+=1
def run():
  for _ in range(${TRAIN_STEPS}): step()`,
);
const stepsPerSecond = (seconds: number | null) =>
  seconds ? `${Math.round(TRAIN_STEPS / seconds)} steps/s` : 'n/a';
rows.push([
  'train step 784-128-10, batch 64, Adam',
  stepsPerSecond(trainSeconds),
  stepsPerSecond(numpyTrainSeconds),
  ratio(trainSeconds, numpyTrainSeconds),
]);

const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
console.log(
  '\nratio = NumPy time / Weightcraft time (1× = as fast as NumPy). float64, plain JavaScript.',
);

for (const line of await benchKernels()) console.log(line);
console.log('');
for (const line of await benchTrainSteps()) console.log(line);
console.log('');

try {
  for (const line of await benchCanvas()) console.log(line);
} catch (error) {
  // One line, so a broken page does not hide the numbers above.
  console.log(`canvas: failed, ${(error as Error).message.split('\n')[0]}`);
}
