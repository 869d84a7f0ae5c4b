import { expect, test } from '@playwright/test';

const canvasTexts = (page: import('@playwright/test').Page) =>
  page.evaluate(() => window.__weightcraft?.canvasTexts() ?? []);

test('the first screen draws the notebook 4→3 example with its outputs', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('network-canvas').locator('canvas').first()).toBeVisible();
  await expect
    .poll(() => canvasTexts(page))
    .toEqual(expect.arrayContaining(['4.8', '1.21', '2.385']));
  const texts = await canvasTexts(page);
  expect(texts).toEqual(
    expect.arrayContaining(['Input (4)', 'Dense (3)\nW (4, 3)', '1', '2', '3', '2.5']),
  );
  await expect(page.getByTestId('layer-output')).toHaveText('[4.8   1.21  2.385]');
  await page.screenshot({ path: 'test-results/screenshots/first-screen.png' });
});

test('each notebook lesson shows the notebook printed numbers', async ({ page }) => {
  await page.goto('/');
  const printed = page.getByTestId('layer-output');
  await page.getByRole('button', { name: 'One neuron' }).click();
  await expect(printed).toHaveText('[2.3]');
  await page.getByRole('button', { name: 'A batch of 3 samples' }).click();
  await expect(printed).toHaveText(
    '[[ 4.8    1.21   2.385]\n [ 8.9   -1.81   0.2  ]\n [ 1.41   1.051  0.026]]',
  );
  await page.getByRole('button', { name: 'Two layers' }).click();
  await expect(printed.nth(1)).toHaveText(
    '[[ 0.5031  -1.04185 -2.03875]\n [ 0.2434  -2.7332  -5.7633 ]\n [-0.99314  1.41254 -0.35655]]',
  );
  await page.getByRole('button', { name: 'Layer_Dense after np.random.seed(0)' }).click();
  await expect(printed.nth(1)).toHaveText(
    '[[ 0.148296   -0.08397602]\n [ 0.14100315 -0.01340469]\n [ 0.20124979 -0.07290616]]',
  );
  await page.screenshot({ path: 'test-results/screenshots/layer-dense-seed-0.png' });
});
