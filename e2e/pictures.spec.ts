/**
 * Pictures in the web build: the shipped cats-vs-dogs model classifies photos dropped on the
 * window, and a conv layer's feature maps show in the inspector. Photos are read from the shared
 * data folder, never copied into the repository. Three per class, chosen because the model gets
 * them right confidently; the test asks only that most are right, so retraining doesn't break it.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from './fixtures.ts';
import { photo } from '../scripts/test-photos.ts';
import { canvasTexts, dropFile, locate, nodes, openShippedModel } from './helpers.ts';

const CATS = ['1.jpg', '7.jpg', '9.jpg'];
const DOGS = ['4.jpg', '11.jpg', '16.jpg'];

/** Drops one photo and returns the prediction shown for it, e.g. "Cat 97.3%". */
async function classify(page: Page, folder: 'Cat' | 'Dog', file: string): Promise<string> {
  const name = `${folder}-${file}`;
  await dropFile(page, await readFile(photo(folder, file)), name, 'image/jpeg');
  await expect(page.getByLabel('Prediction')).toContainText(name);
  const prediction = page.getByTestId('prediction');
  await expect(prediction).toHaveAttribute('aria-busy', 'false', { timeout: 20_000 });
  return prediction.innerText();
}

for (const [folder, photos] of [
  ['Cat', CATS],
  ['Dog', DOGS],
] as const) {
  test(`most ${folder.toLowerCase()} photos are called ${folder}`, async ({ page }) => {
    test.setTimeout(90_000);
    await openShippedModel(page);
    const answers: string[] = [];
    for (const photo of photos) answers.push(await classify(page, folder, photo));
    for (const answer of answers) expect(answer).toMatch(/^(Cat|Dog) (\d+\.\d|<0\.1|>99\.9)%$/);
    const right = answers.filter((answer) => answer.startsWith(folder));
    expect(right.length, answers.join(', ')).toBeGreaterThanOrEqual(2);
    // Show a photo it gets right.
    const shown = photos[answers.findIndex((answer) => answer.startsWith(folder))]!;
    await classify(page, folder, shown);
    await expect(page.getByTestId('class-probability')).toHaveCount(2);
    expect(await canvasTexts(page)).toContain('64×64×3 = 12,288 input nodes');
    await page.screenshot({
      path: `test-results/screenshots/${folder.toLowerCase()}-prediction.png`,
    });
  });
}

test('a file that is not a picture gets a message; the picture stays', async ({ page }) => {
  await openShippedModel(page);
  await dropFile(page, new TextEncoder().encode('shopping: milk'), 'notes.txt', 'text/plain');
  await expect(page.getByRole('alert')).toHaveText(
    'notes.txt is not a picture the browser can read',
  );
  expect((await nodes(page))[0]?.kind).toBe('image-input');
});

test("a conv layer's feature maps show in the inspector", async ({ page }) => {
  test.setTimeout(60_000);
  await openShippedModel(page);
  await classify(page, 'Cat', CATS[0]!);
  const conv = (await nodes(page)).find((n) => n.kind === 'conv2d')!;
  const card = await locate(page, conv.id, 'card');
  await page.mouse.click(card.x, card.y);
  const maps = page.getByTestId('feature-maps');
  await expect(maps).toBeVisible();
  await expect(maps).toHaveAttribute('aria-label', /16 feature maps of 64×64 pixels/);
  await page.screenshot({ path: 'test-results/screenshots/feature-maps.png' });
});

test('a photo shown for prediction is not an edit: no unsaved mark, no "Save changes?"', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await openShippedModel(page);
  await expect(page.getByTestId('file-name')).not.toContainText('●');
  await classify(page, 'Cat', CATS[0]!);
  await expect(page.getByTestId('file-name')).not.toContainText('●');
  // The next lesson of the class opens straight away.
  await page.getByLabel('Lesson').selectOption({ label: '4 inputs → 3 neurons' });
  await expect(page.getByTestId('caption')).toContainText('4 inputs');
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
});
