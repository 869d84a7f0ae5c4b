/**
 * The engine's `train` operation, for rows of features and folders of pictures alike: runs the
 * one trainer in time slices so signals (pause, resume, step, stop) and cancellation get through,
 * and reports every step's metrics plus the current weights, decision regions and confusion
 * matrix (a few times a second for rows, at each epoch's end for pictures).
 */
import type { Network } from '../net/network.ts';
import { boundsOf, decisionRegions } from '../nn/regions.ts';
import { splitByHash } from '../data/image-set.ts';
import type { LossName } from '../train/losses.ts';
import { localReplica, type ReplicaClient } from '../train/replica.ts';
import { pictureSamples } from '../train/samples.ts';
import { createTrainer } from '../train/trainer.ts';
import { nextTurn } from './next-turn.ts';
import type { CallContext, OpArgs, OpResult } from './protocol.ts';
import { ResidentData } from './resident-data.ts';
import type { StepPoint, TrainProgress, TrainResult } from './train-types.ts';

const SLICE_MS = 25;
const REPORT_MS = 60;
const WEIGHTS_MS = 150;
const REGIONS_MS = 300;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The loss that fits the network's last layer: softmax → cross-entropy, sigmoid → binary. */
export function lossFor(network: Network): LossName {
  const last = network.layers.at(-1)?.type;
  if (last === 'softmax') return 'categorical-crossentropy';
  if (last === 'sigmoid') return 'binary-crossentropy';
  return 'mse';
}

/** Engine workers this worker may use as replicas while it trains pictures, and their end. */
export interface ReplicaWorkers {
  replicas: ReplicaClient[];
  close(): void;
}

let spawnReplicas: (() => ReplicaWorkers) | null = null;

/** Lets the app's training worker start helper workers, so picture training uses every core. */
export function setReplicaWorkers(spawn: () => ReplicaWorkers): void {
  spawnReplicas = spawn;
}

/** The trainer for the call's data: rows of features in this thread, pictures over replicas. */
async function trainerFor(
  { network, data: source, settings, resume, layerNames }: OpArgs<'train'>,
  resident: ResidentData,
  workers: ReplicaWorkers | null,
) {
  const data = resident.data(source);
  const run = {
    ...settings,
    // A continued run trains `epochs` more, with the optimizer (Adam's moments, decay) as it was.
    epochs: settings.epochs + (resume?.epochsDone ?? 0),
  };
  const common = {
    network,
    settings: run,
    ...(resume ? { resume: resume.checkpoint } : {}),
    ...(layerNames ? { layerName: (i: number) => layerNames[i] ?? `layers[${i}]` } : {}),
  };
  if (data.kind === 'pictures') {
    const { train, validation } = splitByHash(data.set.files, settings.validationSplit);
    const trainer = await createTrainer({
      ...common,
      data: pictureSamples(data.set, train),
      ...(validation.length ? { validation: pictureSamples(data.set, validation) } : {}),
      testFlip: data.testFlip,
      replicas: [localReplica(), ...(workers?.replicas ?? [])],
    });
    return { trainer, data, all: null };
  }
  const rows = resident.rows(source, settings.validationSplit, settings.seed);
  const trainer = await createTrainer({
    ...common,
    data: rows.train,
    ...(rows.validation ? { validation: rows.validation } : {}),
  });
  return { trainer, data, all: rows.all };
}

/**
 * Trains; data a call names by key comes from `resident` (each engine's own: handlers.ts), and
 * data it carries is used as it is.
 */
export async function train(
  args: OpArgs<'train'>,
  context: CallContext<TrainProgress>,
  resident = new ResidentData(),
): Promise<TrainResult> {
  const pictures = resident.data(args.data).kind === 'pictures';
  const workers = pictures && spawnReplicas ? spawnReplicas() : null;
  try {
    return await run(args, context, resident, workers);
  } finally {
    workers?.close();
  }
}

async function run(
  args: OpArgs<'train'>,
  context: CallContext<TrainProgress>,
  resident: ResidentData,
  workers: ReplicaWorkers | null,
): Promise<TrainResult> {
  const { regions } = args;
  const { trainer, data, all } = await trainerFor(args, resident, workers);
  const bounds = regions && data.kind !== 'pictures' ? boundsOf(data.x.data) : null;
  let points: StepPoint[] = [];
  let checks: TrainProgress['validation'] = [];
  let hints: TrainProgress['hints'] = [];
  let paused = false;
  let pauseReported = false;
  let stepsAllowed = 0;
  let stopped = false;
  // A continued run that stops before its first step ends where the last one did.
  let last = { step: trainer.steps, epoch: Math.ceil(trainer.steps / trainer.stepsPerEpoch) };
  let epochEnded = false;
  let confusion: number[][] | null = null;
  /** The step of the last exact confusion matrix. */
  let exactAt = -1;
  const sent = { report: 0, weights: 0, regions: 0 };

  const report = async (force: boolean) => {
    const now = Date.now();
    if (!force && now - sent.report < REPORT_MS) return;
    // Rows: weights a few times a second, to animate the canvas. Pictures: at each epoch's end
    // (a CNN's weights are megabytes, and its replicas hold the running statistics).
    const sendWeights = all ? force || now - sent.weights >= WEIGHTS_MS : force || epochEnded;
    const sendRegions = bounds && (force || now - sent.regions >= REGIONS_MS);
    const current = sendWeights || sendRegions ? await trainer.network() : null;
    // Between reports and at the end the matrix is the epoch's batches' own predictions (free);
    // an exact one of the current weights on every row when the run pauses. A caller that wants
    // the exact one at the end asks `evaluateRows` once the run is over.
    if (force && paused && all && trainer.steps > 0 && exactAt !== trainer.steps) {
      confusion = (await trainer.evaluate(all)).confusion;
      exactAt = trainer.steps;
    }
    context.progress({
      points,
      validation: checks,
      network: sendWeights ? current : null,
      regions: sendRegions && current && bounds ? decisionRegions(current, bounds) : null,
      confusion: sendWeights ? confusion : null,
      paused,
      hints,
      steps: { perEpoch: trainer.stepsPerEpoch, total: trainer.totalSteps },
    });
    points = [];
    checks = [];
    hints = [];
    epochEnded = false;
    sent.report = now;
    if (sendWeights) sent.weights = now;
    if (sendRegions) sent.regions = now;
  };

  while (!trainer.done && !stopped && !context.cancelled) {
    for (const signal of context.takeSignals()) {
      if (signal === 'pause') paused = true;
      else if (signal === 'resume') paused = false;
      else if (signal === 'step') stepsAllowed++;
      else if (signal === 'stop') stopped = true;
    }
    if (stopped) break;
    if (paused && stepsAllowed === 0) {
      // Once on pausing (the weights, an exact confusion matrix), then only wait for a signal.
      if (!pauseReported) await report(true);
      pauseReported = true;
      await sleep(30);
      continue;
    }
    pauseReported = false;
    const until = Date.now() + SLICE_MS;
    do {
      const result = await trainer.step();
      if ('stopped' in result) {
        await report(true);
        return {
          network: await trainer.network(),
          reason: 'non-finite',
          message: result.message,
          step: result.step,
          epoch: result.epoch,
          checkpoint: trainer.checkpoint(),
        };
      }
      last = { step: result.step, epoch: result.epoch };
      if (result.hints) hints.push(...result.hints);
      if (all && result.confusion) confusion = result.confusion.map((row) => [...row]);
      points.push({
        step: result.step,
        epoch: result.epoch,
        loss: result.loss,
        accuracy: result.accuracy,
      });
      const check = result.epochEnd?.validation;
      if (check) {
        checks.push({ step: result.step, loss: check.loss, accuracy: check.accuracy });
        if (!all) confusion = check.confusion;
      }
      if (result.epochEnd) epochEnded = true;
      if (paused) {
        stepsAllowed--;
        break;
      }
    } while (Date.now() < until && !trainer.done);
    await report(paused || (!all && epochEnded));
    // Let signals and cancellation in.
    await nextTurn();
  }
  await report(true);
  return {
    network: await trainer.network(),
    reason: stopped ? 'stopped' : 'finished',
    message: null,
    ...last,
    checkpoint: trainer.checkpoint(),
  };
}

/**
 * The exact loss, accuracy and confusion matrix of `network` on every row of the data, as a
 * paused run reports them (the trainer's own evaluation, with the run's loss and split).
 */
export async function evaluateRows(
  { network, data, settings }: OpArgs<'evaluateRows'>,
  resident = new ResidentData(),
): Promise<OpResult<'evaluateRows'>> {
  const rows = resident.rows(data, settings.validationSplit, settings.seed);
  const trainer = await createTrainer({ network, data: rows.train, settings });
  const { loss, accuracy, confusion } = await trainer.evaluate(rows.all);
  return { loss, accuracy, confusion };
}
