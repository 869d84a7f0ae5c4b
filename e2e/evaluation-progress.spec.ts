/**
 * Evaluating a folder of photos shows its progress (count, pace, time left) and can be
 * cancelled: the button comes back, and evaluating again runs to the end.
 */
import { expect, test, type Page } from './fixtures.ts';
import { useDownloadFallback } from './helpers.ts';
import { firstPhotos, petFolder } from './pet-folder.ts';

const MODEL = 'resources/models/cats-vs-dogs.json';

/** The progress label once it names the time left, polled in the page on each frame (not by
 * expect's back-off, which could miss a run of a few seconds). */
async function progressLabel(page: Page): Promise<string> {
  const label = await page.waitForFunction(
    () => {
      const text = document.querySelector('label[for="evaluation-progress"]')?.textContent ?? '';
      return / left$/.test(text) ? text : null;
    },
    null,
    { timeout: 60_000, polling: 'raf' },
  );
  return (await label.jsonValue()) as string;
}

test('an evaluation shows its progress, can be cancelled, and runs again to the end', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await useDownloadFallback(page);
  // 200 photos take several seconds to score: time to see the progress and cancel.
  const folder = await petFolder(testInfo.outputPath('pets'), {
    Cat: firstPhotos('Cat', 100),
    Dog: firstPhotos('Dog', 100),
  });
  await page.goto('/');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open…' }).click();
  await (await chooser).setFiles(MODEL);
  await expect(page.getByTestId('file-name')).toHaveText('cats-vs-dogs.json', { timeout: 20_000 });
  await page.getByRole('tab', { name: 'Evaluate' }).click();

  // Picking the folder decodes it, then evaluates it: the progress names the pictures done of
  // 200, the pace and the time left. Cancel stops it; nothing is shown as a result.
  await page.getByTestId('folder-input').setInputFiles(folder);
  const pattern = /^Evaluating \d+ \/ 200 pictures · [\d.]+ pictures\/s · about [\d.]+ s left$/;
  expect(await progressLabel(page)).toMatch(pattern);
  const cancel = page.getByRole('button', { name: 'Cancel' });
  await cancel.click();
  await expect(page.getByRole('alert')).toHaveText('Evaluation cancelled.');
  const progress = page.locator('label[for="evaluation-progress"]');
  await expect(progress).toHaveCount(0);
  const evaluate = page.getByRole('button', { name: 'Evaluate', exact: true });
  await expect(evaluate).toBeEnabled();
  await expect(page.getByTestId('evaluation-accuracy')).toHaveCount(0);

  // Evaluating again (the replica workers were released) runs to the end.
  await evaluate.click();
  expect(await progressLabel(page)).toMatch(pattern);
  await page.screenshot({ path: 'test-results/screenshots/evaluation-progress.png' });
  const accuracy = page.getByTestId('evaluation-accuracy');
  await expect(accuracy).toHaveText(/^\d+\.\d\d%$/, { timeout: 60_000 });
  await expect(page.locator('p.numbers')).toContainText('200 pictures');
  await expect(page.getByRole('alert')).toHaveCount(0);
  const figure = await accuracy.textContent();

  // A cancelled evaluation leaves the previous result in place, and says so.
  await evaluate.click();
  expect(await progressLabel(page)).toMatch(pattern);
  await cancel.click();
  await expect(page.getByRole('alert')).toHaveText(
    'Evaluation cancelled: the result below is the previous one.',
  );
  await expect(accuracy).toHaveText(figure!);
  await expect(evaluate).toBeEnabled();
});
