/**
 * Older files → the current version, one step at a time, before validation.
 * A step takes a document of version `from` and returns one of version `to`; it may assume
 * no more than the JSON types it reads, because validation comes after.
 */
import { isObject, readMatrix, type JsonObject } from './checks.ts';
import { fail, found } from './errors.ts';
import { migrateTraining } from './migrate-training.ts';
import { CURRENT_VERSION, FORMAT } from './version.ts';

export interface MigrationStep {
  readonly from: number;
  readonly to: number;
  migrate(document: JsonObject): JsonObject;
}

/**
 * Version 0 (before the "format" key) stored each Dense layer neuron by neuron, as the
 * notebook writes weights by hand: "neuron_weights" of shape (n_neurons, n_inputs).
 * Version 1 stores Layer_Dense's (n_inputs, n_neurons) "weights", so the step transposes.
 */
function v0ToV1(document: JsonObject): JsonObject {
  const { layers } = document;
  return {
    ...document,
    format: FORMAT,
    version: 1,
    layers: Array.isArray(layers) ? layers.map(denseFromV0) : layers,
  };
}

function denseFromV0(layer: unknown, index: number): unknown {
  if (!isObject(layer) || layer.type !== 'dense' || !('neuron_weights' in layer)) return layer;
  const { neuron_weights: byNeuron, ...rest } = layer;
  const path = `layers[${index}].neuron_weights`;
  const { rows, cols, data } = readMatrix(byNeuron, path, 'a list of rows, one per neuron');
  // byNeuron[j][i] is neuron j's weight on input i; version 1 keeps it at weights[i][j].
  const weights = Array.from({ length: cols }, (_, i) =>
    Array.from({ length: rows }, (_, j) => data[j * cols + i]),
  );
  return { ...rest, weights };
}

/** Version 2 added the optional "training" section; a version 1 file is one without it. */
function v1ToV2(document: JsonObject): JsonObject {
  return { ...document, version: 2 };
}

/**
 * Version 3 added the image layers (image-input, conv2d, …) and float32 parameters; a
 * version 2 file holds none of them, so it is a version 3 file as it is.
 */
function v2ToV3(document: JsonObject): JsonObject {
  return { ...document, version: 3 };
}

/**
 * Version 4 holds the document as drawn: each layer gets an id and the chain its wires
 * (layers[i] → layers[i + 1]); and one training record replaces the `training` section and the
 * flat `trained.*` metadata keys (migrate-training.ts).
 */
function v3ToV4(document: JsonObject): JsonObject {
  const { layers } = document;
  if (!Array.isArray(layers)) return { ...document, version: 4 };
  const ids = layers.map((_, i) => `n${i + 1}`);
  const { metadata, training } = migrateTraining(document);
  const migrated: JsonObject = {
    ...document,
    version: 4,
    layers: layers.map((layer: unknown, i) =>
      isObject(layer) ? { type: layer.type, id: ids[i], ...layer } : layer,
    ),
    wires: ids.slice(1).map((id, i) => ({ from: ids[i], to: id })),
    metadata,
    training,
  };
  if (metadata === undefined) delete migrated.metadata;
  if (training === undefined) delete migrated.training;
  return migrated;
}

export const MIGRATIONS: readonly MigrationStep[] = [
  { from: 0, to: 1, migrate: v0ToV1 },
  { from: 1, to: 2, migrate: v1ToV2 },
  { from: 2, to: 3, migrate: v2ToV3 },
  { from: 3, to: 4, migrate: v3ToV4 },
];

/** Brings a parsed file to CURRENT_VERSION; leaves values that are not objects to validation. */
export function migrate(document: unknown): unknown {
  if (!isObject(document)) return document;
  let version = fileVersion(document);
  checkContentOfVersion(document, version);
  let current = document;
  while (version < CURRENT_VERSION) {
    const step = MIGRATIONS.find((s) => s.from === version);
    if (!step) fail('version', `format version ${version} can no longer be read`);
    current = step.migrate(current);
    version = step.to;
  }
  return current;
}

/** The layer types format versions 0 to 2 knew; version 3 added the image layers. */
const V2_TYPES = ['input', 'dense', 'relu', 'sigmoid', 'tanh', 'softmax', 'linear'];

/**
 * Refuses a file whose content is newer than the version it declares (an image layer in a
 * "version 2" file, wires in a "version 3" one): migrating it would read it by the wrong
 * rules, and saying so names the real fault (the version) rather than a later symptom.
 */
function checkContentOfVersion(document: JsonObject, version: number): void {
  const { layers } = document;
  const claim = `but the file says version ${version}; is its "version" right?`;
  if (version < 4 && document.wires !== undefined) {
    fail('wires', `wires came with format version 4, ${claim}`);
  }
  if (!Array.isArray(layers)) return;
  layers.forEach((layer: unknown, i) => {
    if (!isObject(layer)) return;
    if (version < 3 && typeof layer.type === 'string' && !V2_TYPES.includes(layer.type)) {
      fail(`layers[${i}].type`, `${found(layer.type)} came with format version 3, ${claim}`);
    }
    if (version < 4 && layer.id !== undefined) {
      fail(`layers[${i}].id`, `layer ids came with format version 4, ${claim}`);
    }
  });
}

/** The version a file declares, refusing files that are not ours or are too new. */
function fileVersion(document: JsonObject): number {
  const { format, version } = document;
  const notOurs = () =>
    fail('format', `expected "${FORMAT}", found ${found(format)} — is this a Weightcraft model?`);
  if (format !== undefined && format !== FORMAT) notOurs();
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    if (format === undefined) notOurs();
    fail(
      'version',
      `expected a whole number (${CURRENT_VERSION} for this Weightcraft), found ${found(version)}`,
    );
  }
  if (version > CURRENT_VERSION) {
    fail(
      'version',
      `the file was made by a newer Weightcraft (format version ${version}; this one reads up to ${CURRENT_VERSION}), update Weightcraft to open it`,
    );
  }
  // Only version 0 predates the "format" key.
  if (format === undefined && version > 0) notOurs();
  return version;
}
