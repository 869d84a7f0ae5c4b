/**
 * `evaluate`'s one report, whatever the data: a table for people, or (`--json`) the same
 * figures as one JSON object with the same keys for rows of features and for pictures.
 */
import type { SkippedFile } from '../src-shared/data/class-folders.ts';
import { formatAccuracy, formatLoss } from './progress.ts';
import { printable, skippedLines } from './printable.ts';

export interface Mistake {
  /** A picture's file in the folder (`Cat/12.jpg`), or a data row (`row 17`, from 1). */
  input: string;
  truth: string;
  predicted: string;
  /** The probability the model gave its wrong answer. */
  confidence: number;
}

export interface EvaluationReport {
  model: string;
  data: string;
  /** Which samples: all, or the part of a folder `train` trained or validated on. */
  split: 'all' | 'train' | 'validation';
  /** How the split was chosen, for people: "file-name hash, share 0.1"; null for all. */
  splitRule: string | null;
  /** How a CSV file was read: "semicolon-delimited, decimal comma (1,5 is 1.5)"; else null. */
  reading: string | null;
  samples: number;
  /** Samples classified right. */
  right: number;
  accuracy: number;
  loss: number;
  classes: string[];
  /** Rows: true class; columns: predicted class. */
  confusion: number[][];
  /** Files of a folder that are not pictures; none for rows. */
  skipped: SkippedFile[];
  /** Every wrong answer, most confident first. */
  mistakes: Mistake[];
}

const MISTAKES_SHOWN = 10;
const count = new Intl.NumberFormat('en-US');

/** The report as one line of JSON: the same keys for every kind of data. */
export function reportJson(report: EvaluationReport): string {
  const { model, data, split, splitRule, samples, right, accuracy, loss, classes } = report;
  const { reading, confusion, skipped, mistakes } = report;
  return (
    JSON.stringify({
      model,
      data,
      split,
      splitRule,
      reading,
      samples,
      right,
      accuracy,
      loss,
      classes,
      confusion,
      skipped,
      mistakes,
    }) + '\n'
  );
}

/** The report as people read it: figures, the confusion matrix, the worst mistakes. */
export function reportText(report: EvaluationReport): string {
  const { samples, right, skipped, mistakes } = report;
  const where =
    (report.splitRule ? ` (${report.split} split: ${report.splitRule})` : '') +
    (report.reading ? ` (read as ${report.reading})` : '');
  return (
    `${printable(report.model)} on ${printable(report.data)}${where}: ${count.format(samples)} samples` +
    (skipped.length ? `, ${skipped.length} files skipped (listed below)` : '') +
    '\n' +
    `loss      ${formatLoss(report.loss)}\n` +
    `accuracy  ${formatAccuracy(report.accuracy)}  (${count.format(right)} of ${count.format(samples)} right)\n\n` +
    confusionTable(report.confusion, report.classes) +
    (mistakes.length
      ? `\nmost confident mistakes${mistakes.length > MISTAKES_SHOWN ? ` (${MISTAKES_SHOWN} of ${count.format(mistakes.length)})` : ''}:\n` +
        mistakes
          .slice(0, MISTAKES_SHOWN)
          .map(
            (m) =>
              `  ${printable(m.input)}: ${m.predicted} ${(m.confidence * 100).toFixed(1)}% (true: ${m.truth})\n`,
          )
          .join('')
      : '') +
    (skipped.length ? '\n' + skippedLines(skipped) : '')
  );
}

/** Rows: true class; columns: predicted class; each labelled with the class name. */
export function confusionTable(confusion: number[][], classNames: string[]): string {
  const names = confusion.map((_, i) => classNames[i] ?? String(i));
  const corner = 'true \\ predicted';
  const first = Math.max(corner.length, ...names.map((n) => n.length));
  const width = Math.max(
    ...names.map((n) => n.length),
    ...confusion.flat().map((v) => String(v).length),
  );
  const row = (label: string, cells: string[]) =>
    [label.padEnd(first), ...cells.map((c) => c.padStart(width))].join('  ').trimEnd();
  return (
    'confusion matrix (rows: true class, columns: predicted class)\n' +
    [row(corner, names), ...confusion.map((counts, i) => row(names[i]!, counts.map(String)))].join(
      '\n',
    ) +
    '\n'
  );
}

/** The samples classified right: the confusion matrix's diagonal. */
export const rightOf = (confusion: number[][]) =>
  confusion.reduce((sum, row, i) => sum + row[i]!, 0);

/**
 * The wrong answers, most confident first. Sample k is `inputs[k]`, of true class `truths[k]`,
 * and the model answered `predicted[k]` with probability `confidence[k]`.
 */
export function confidentMistakes(samples: {
  inputs: (k: number) => string;
  truths: ArrayLike<number>;
  predicted: ArrayLike<number>;
  confidence: ArrayLike<number>;
  classNames: readonly string[];
}): Mistake[] {
  const { truths, predicted, confidence, classNames } = samples;
  const mistakes: Mistake[] = [];
  for (let k = 0; k < truths.length; k++) {
    if (predicted[k] === truths[k]) continue;
    mistakes.push({
      input: samples.inputs(k),
      truth: classNames[truths[k]!]!,
      predicted: classNames[predicted[k]!]!,
      confidence: confidence[k]!,
    });
  }
  return mistakes.sort((a, b) => b.confidence - a.confidence);
}
