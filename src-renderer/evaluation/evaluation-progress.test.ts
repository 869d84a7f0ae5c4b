import { describe, expect, it } from 'vitest';
import { evaluationProgressText } from './evaluation-progress.ts';

describe('evaluationProgressText', () => {
  it('shows the count alone until a picture is done', () => {
    expect(evaluationProgressText(0, 1995, 1.5)).toBe('0 / 1,995 pictures');
  });

  it('shows the pace so far and the time left at that pace', () => {
    expect(evaluationProgressText(120, 1995, 2.5)).toBe(
      '120 / 1,995 pictures · 48 pictures/s · about 39 s left',
    );
    expect(evaluationProgressText(3, 60, 2)).toBe(
      '3 / 60 pictures · 1.5 pictures/s · about 38 s left',
    );
    expect(evaluationProgressText(60, 60, 1)).toBe(
      '60 / 60 pictures · 60 pictures/s · about 0 s left',
    );
  });
});
