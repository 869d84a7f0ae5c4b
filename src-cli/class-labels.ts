/**
 * How a data set's labels become class numbers: the one rule for `train` and `evaluate`, rows
 * and folders alike. Class i is the i-th of a list of names: the model's stored class names, or
 * the list `--labels` gives (`--labels=-1,0,1`: label -1 is class 0, label 0 class 1, label 1
 * class 2). A label that is not in the list is refused; nothing is guessed.
 */
import { parseList } from './options.ts';
import type { LoadedData } from './read-data.ts';
import { UsageError } from './usage.ts';

/** `--labels`: the labels of class 0, 1, …, in that order, each once. */
export function parseLabels(text: string | undefined): string[] | null {
  if (text === undefined) return null;
  const labels = parseList(text, '--labels');
  const twice = labels.find((label, i) => labels.indexOf(label) !== i);
  if (twice !== undefined) {
    throw new UsageError(`--labels: "${twice}" is listed twice; each class has one label`);
  }
  if (labels.length < 2) {
    throw new UsageError(`--labels: a classifier tells at least 2 classes apart, found "${text}"`);
  }
  return labels;
}

/** For each name in `found`, its index in `classNames`; the names that are not there. */
export function renumbering(
  found: readonly string[],
  classNames: readonly string[],
): { renumber: number[]; unknown: string[] } {
  const index = new Map(classNames.map((name, i) => [name, i]));
  return {
    renumber: found.map((name) => index.get(name) ?? -1),
    unknown: found.filter((name) => !index.has(name)),
  };
}

/**
 * Rows whose labels are renumbered as class i = classNames[i]. `origin` says where the list
 * comes from, for the message: `the model was trained on`, `--labels lists`.
 */
export function inClasses(data: LoadedData, classNames: string[], origin: string): LoadedData {
  const { renumber, unknown } = renumbering(data.classNames, classNames);
  if (unknown.length > 0) {
    throw new Error(
      `${data.source}: the label "${unknown[0]}" is not one of the classes ${origin} (${classNames.join(', ')})`,
    );
  }
  return {
    ...data,
    y: data.y.map((c) => renumber[c]!),
    classes: classNames.length,
    classNames,
  };
}
