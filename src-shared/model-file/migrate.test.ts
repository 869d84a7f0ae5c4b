import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { forward } from '../net/forward.ts';
import { CURRENT_VERSION, ModelFileError, parseModelFile, serializeModel } from './index.ts';
import { migrate, MIGRATIONS } from './migrate.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

function refusal(text: string): ModelFileError {
  try {
    parseModelFile(text);
  } catch (error) {
    if (error instanceof ModelFileError) return error;
    throw error;
  }
  throw new Error('the file was accepted');
}

describe('migration', () => {
  it('has one step per version, in order, ending at the current version', () => {
    MIGRATIONS.forEach((step, i) => {
      expect(step.to).toBe(step.from + 1);
      if (i > 0) expect(step.from).toBe(MIGRATIONS[i - 1]!.to);
    });
    expect(MIGRATIONS[MIGRATIONS.length - 1]!.to).toBe(CURRENT_VERSION);
  });

  it('reads version 0 (weights neuron by neuron), 1 and 2 files as their version 3 equivalent', () => {
    const v0 = parseModelFile(fixture('notebook-v0.json'));
    const v1 = parseModelFile(fixture('notebook-v1.json'));
    const v2 = parseModelFile(fixture('notebook-v2.json'));
    const v3 = parseModelFile(fixture('notebook-v3.json'));
    expect(v0).toEqual(v3);
    expect(v1).toEqual(v3);
    expect(v2).toEqual(v3);
    expect('training' in v1).toBe(false);
    expect(serializeModel(v0)).toBe(fixture('notebook-v3.json'));
    expect(serializeModel(v2)).toBe(fixture('notebook-v3.json'));
    expect(parseModelFile(fixture('notebook-v2-trained.json'))).toEqual(
      parseModelFile(fixture('notebook-v3-trained.json')),
    );
    const inputs = v3.examples[0]!.inputs;
    const out0 = forward(v0.network, inputs);
    const out3 = forward(v3.network, inputs);
    expect(out0.length).toBe(4);
    out3.forEach((t, i) => {
      expect(out0[i]!.shape).toEqual(t.shape);
      t.data.forEach((value, j) => expect(Object.is(out0[i]!.data[j], value)).toBe(true));
    });
  });

  it('takes a version 1 file to version 2, and a version 2 file to version 3, by the version alone', () => {
    const v1 = JSON.parse(fixture('notebook-v1.json'));
    expect(MIGRATIONS[1]!.migrate(v1)).toEqual({ ...v1, version: 2 });
    expect(migrate(v1)).toEqual({ ...v1, version: 3 });
    expect(v1.version).toBe(1);
    const v2 = JSON.parse(fixture('notebook-v2-trained.json'));
    expect(migrate(v2)).toEqual({ ...v2, version: 3 });
  });

  it('leaves the document it was given unchanged', () => {
    const document = JSON.parse(fixture('notebook-v0.json'));
    const before = structuredClone(document);
    const migrated = migrate(document) as { version: number; layers: object[] };
    expect(document).toEqual(before);
    expect(migrated.version).toBe(CURRENT_VERSION);
    expect(migrated.layers[1]).not.toHaveProperty('neuron_weights');
  });

  it('names the version 0 key when its neuron_weights are ragged', () => {
    const text = fixture('notebook-v0.json').replace(
      '[0.040015720836722335, 0.09500884175255894, 0.1454273506962975, 0.14940790731576062]',
      '[0.040015720836722335, 0.09500884175255894]',
    );
    expect(refusal(text).message).toBe(
      'layers[1].neuron_weights[1]: expected 4 numbers like layers[1].neuron_weights[0], found 2 (ragged rows)',
    );
  });

  it('refuses versions it has no step for', () => {
    const text = (version: string) => `{"version": ${version}, "layers": []}`;
    expect(refusal(text('-1')).message).toBe(
      'format: expected "weightcraft-model", found nothing (the key is missing) — is this a Weightcraft model?',
    );
    expect(refusal(`{"format": "weightcraft-model", "version": 0.5, "layers": []}`).message).toBe(
      'version: expected a whole number (3 for this Weightcraft), found number 0.5',
    );
    expect(refusal(`{"format": "weightcraft-model", "version": 12, "layers": []}`).message).toBe(
      'version: the file was made by a newer Weightcraft (format version 12; this one reads up to 3), update Weightcraft to open it',
    );
    const v4 = fixture('notebook-v3-trained.json').replace('"version": 3', '"version": 4');
    const error = refusal(v4);
    expect(error.message).toBe(
      'version: the file was made by a newer Weightcraft (format version 4; this one reads up to 3), update Weightcraft to open it',
    );
    expect(error.path).toBe('version');
  });
});
