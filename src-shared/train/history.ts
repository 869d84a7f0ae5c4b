/**
 * Training curves as the model file keeps them: one entry per step, validation values only at
 * epoch ends (null elsewhere). The app's charts and the CLI fill it from the engine's progress.
 */
import type { TrainingCurves } from '../nn/model.ts';
import type { TrainProgress } from '../worker/train-types.ts';

export class TrainHistory {
  readonly step: number[] = [];
  readonly loss: number[] = [];
  readonly accuracy: number[] = [];
  readonly validationLoss: (number | null)[] = [];
  readonly validationAccuracy: (number | null)[] = [];

  /** Appends a progress report; `offset` continues the step count of an earlier run. */
  add(progress: Pick<TrainProgress, 'points' | 'validation'>, offset = 0): void {
    for (const point of progress.points) {
      this.step.push(point.step + offset);
      this.loss.push(point.loss);
      this.accuracy.push(point.accuracy);
      this.validationLoss.push(null);
      this.validationAccuracy.push(null);
    }
    for (const check of progress.validation) {
      const at = this.step.lastIndexOf(check.step + offset);
      if (at >= 0) {
        this.validationLoss[at] = check.loss;
        this.validationAccuracy[at] = check.accuracy;
      }
    }
  }

  get lastStep(): number {
    return this.step.at(-1) ?? 0;
  }

  clear(): void {
    for (const list of [
      this.step,
      this.loss,
      this.accuracy,
      this.validationLoss,
      this.validationAccuracy,
    ]) {
      list.length = 0;
    }
  }

  load(saved: TrainingCurves): void {
    this.clear();
    this.step.push(...saved.step);
    this.loss.push(...saved.loss);
    this.accuracy.push(...saved.accuracy);
    this.validationLoss.push(...saved.validationLoss);
    this.validationAccuracy.push(...saved.validationAccuracy);
  }

  /** Copies, for a saved record. */
  snapshot(): TrainingCurves {
    return {
      step: [...this.step],
      loss: [...this.loss],
      accuracy: [...this.accuracy],
      validationLoss: [...this.validationLoss],
      validationAccuracy: [...this.validationAccuracy],
    };
  }
}
