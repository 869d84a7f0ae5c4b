import { describe, expect, it } from 'vitest';
import { exportFileName, extensionOf, modelFileName, safeFileName } from './file-names.ts';

describe('file names', () => {
  it('suggests model files ending in .wcmodel', () => {
    expect(modelFileName('network')).toBe('network.wcmodel');
    expect(modelFileName('network.wcmodel')).toBe('network.wcmodel');
    expect(modelFileName('network.JSON')).toBe('network.wcmodel');
    expect(modelFileName('Untitled')).toBe('Untitled.wcmodel');
    expect(modelFileName('model.v2')).toBe('model.v2.wcmodel');
    expect(modelFileName('')).toBe('network.wcmodel');
    expect(modelFileName(' . ')).toBe('network.wcmodel');
  });

  it('keeps names free of folders and characters file systems refuse', () => {
    expect(safeFileName('../secret/a:b*c?.json')).toBe('a_b_c_.json');
    expect(safeFileName('C:\\Users\\me\\net.wcmodel')).toBe('net.wcmodel');
    expect(safeFileName('tab\there')).toBe('tab_here');
    expect(modelFileName('a/b.json')).toBe('b.wcmodel');
  });

  it('keeps an export name as given, made safe', () => {
    expect(exportFileName('outputs.csv')).toBe('outputs.csv');
    expect(exportFileName('???')).toBe('___');
    expect(exportFileName('')).toBe('export');
  });

  it('finds the extension', () => {
    expect(extensionOf('outputs.CSV')).toBe('.csv');
    expect(extensionOf('README')).toBeNull();
  });
});
