/**
 * Evaluating a folder of photos shows its progress (count, pace, time left) and can be
 * cancelled: the button comes back, and evaluating again runs to the end.
 */
import { expect, test } from './fixtures.ts';
import { useDownloadFallback } from './helpers.ts';
import { firstPhotos, petFolder } from './pet-folder.ts';

const MODEL = 'resources/models/cats-vs-dogs.json';

test('an evaluation shows its progress, can be cancelled, and runs again to the end', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  await useDownloadFallback(page);
  const folder = await petFolder(testInfo.outputPath('pets'), {
    Cat: firstPhotos('Cat', 30),
    Dog: firstPhotos('Dog', 30),
  });
  await page.goto('/');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open…' }).click();
  await (await chooser).setFiles(MODEL);
  await expect(page.getByTestId('file-name')).toHaveText('cats-vs-dogs.json', { timeout: 20_000 });
  await page.getByRole('tab', { name: 'Evaluate' }).click();

  // Picking the folder decodes it, then evaluates it: the progress names the pictures done of 60,
  // the pace and the time left.
  await page.getByTestId('folder-input').setInputFiles(folder);
  const progress = page.locator('label[for="evaluation-progress"]');
  await expect(progress).toHaveText(
    /^Evaluating \d+ \/ 60 pictures · [\d.]+ pictures\/s · about \d+ s left$/,
    { timeout: 60_000 },
  );
  await page.screenshot({ path: 'test-results/screenshots/evaluation-progress.png' });
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('alert')).toHaveText('Evaluation cancelled.');
  await expect(progress).toHaveCount(0);
  const evaluate = page.getByRole('button', { name: 'Evaluate', exact: true });
  await expect(evaluate).toBeEnabled();
  await expect(page.getByTestId('evaluation-accuracy')).toHaveCount(0);

  await evaluate.click();
  await expect(page.getByTestId('evaluation-accuracy')).toHaveText(/^\d+\.\d\d%$/, {
    timeout: 60_000,
  });
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.locator('p.numbers')).toContainText('60 pictures');
});
