/**
 * The Evaluate panel's progress line while pictures are scored: the count, the pace so far and
 * the time left at that pace ("120 / 1,995 pictures · 48 pictures/s · about 39 s left").
 */
import { progressText } from '../images/folder-listing.ts';
import { formatDuration } from '../state/epoch-clock.ts';

/** `seconds`: since the evaluation began; the pace shows once a picture is done. */
export function evaluationProgressText(done: number, total: number, seconds: number): string {
  const count = `${progressText(done, total)} pictures`;
  if (done <= 0 || seconds <= 0) return count;
  const rate = done / seconds;
  const pace = rate >= 10 ? Math.round(rate).toLocaleString('en-US') : rate.toPrecision(2);
  return `${count} · ${pace} pictures/s · about ${formatDuration((total - done) / rate)} left`;
}
