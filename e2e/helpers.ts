import { expect, type Page } from '@playwright/test';

/** What the Konva canvas shows as text (neuron values, card titles, wire messages). */
export const canvasTexts = (page: Page) =>
  page.evaluate(() => window.__weightcraft?.canvasTexts?.() ?? []);

export const nodes = (page: Page) => page.evaluate(() => window.__weightcraft?.nodes?.() ?? []);

/** Page coordinates of part of a layer card, read from the test hook. */
export async function locate(page: Page, nodeId: string, part: 'card' | 'in' | 'out' | number) {
  const point = await page.evaluate(
    ([id, p]) => window.__weightcraft?.locate?.(id as string, p as 'card') ?? null,
    [nodeId, part] as const,
  );
  expect(point, `${nodeId} ${part} is on the canvas`).not.toBeNull();
  return point!;
}

/** A real mouse drag in small steps (Konva ignores moves under 3 px). */
export async function drag(
  page: Page,
  from: { x: number; y: number },
  to: { x: number; y: number },
) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 5, from.y + 5, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 15 });
  await page.mouse.up();
}

/** Drags a layer type from the palette onto the canvas at page point `to`. */
export async function dropLayer(page: Page, kind: string, to: { x: number; y: number }) {
  const box = (await page.locator(`.palette button[data-kind="${kind}"]`).boundingBox())!;
  await drag(page, { x: box.x + box.width / 2, y: box.y + box.height / 2 }, to);
}

/** Types into a grid cell and commits with Enter. */
export async function typeCell(page: Page, testId: string, text: string) {
  const cell = page.getByTestId(testId);
  await cell.click();
  await cell.fill(text);
  await cell.press('Enter');
}

export async function canvasBox(page: Page) {
  return (await page.getByTestId('network-canvas').boundingBox())!;
}

/** Clicks a layer card, selecting it for the inspector. */
export async function selectNode(page: Page, id: string) {
  const card = await locate(page, id, 'card');
  await page.mouse.click(card.x, card.y);
}

/**
 * From an empty document, with the mouse only: Image input 64×64×3 → Conv2D(8, 3×3) → ReLU →
 * MaxPool2D → Flatten → Dense(2) → Softmax (the Conv2D dropped apart and wired by a drag, the
 * rest clicked on the palette, the Dense's neurons set in the inspector).
 */
export async function buildSmallCnn(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'New', exact: true }).click();
  const box = await canvasBox(page);
  await dropLayer(page, 'image-input', { x: box.x + 120, y: box.y + 120 });
  await dropLayer(page, 'conv2d', { x: box.x + 420, y: box.y + 420 });
  const [image, conv] = await nodes(page);
  await drag(page, await locate(page, image!.id, 'out'), await locate(page, conv!.id, 'in'));
  await expect.poll(() => canvasTexts(page)).toContain('(64, 64, 8)\n224 params');
  for (const kind of ['relu', 'maxpool2d', 'flatten', 'dense', 'softmax']) {
    await page.locator(`.palette button[data-kind="${kind}"]`).click();
  }
  const built = await nodes(page);
  expect(built.map((n) => n.kind)).toEqual([
    'image-input',
    'conv2d',
    'relu',
    'maxpool2d',
    'flatten',
    'dense',
    'softmax',
  ]);
  await page.getByRole('button', { name: 'Fit', exact: true }).click();
  await selectNode(page, built[5]!.id);
  await page.getByLabel('Dense neurons').fill('2');
  await page.getByLabel('Dense neurons').press('Enter');
  await expect.poll(() => canvasTexts(page)).toContain('W (8192, 2)\n16386 params');
  await page.getByRole('button', { name: 'Fit', exact: true }).click();
  return built;
}

/**
 * Makes the app save by download and open by upload: headless Chromium cannot drive the File
 * System Access API's native pickers, and Playwright can drive downloads and file choosers.
 */
export async function useDownloadFallback(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as Record<string, unknown>;
    delete w['showOpenFilePicker'];
    delete w['showSaveFilePicker'];
  });
}

/** The selected conv layer's feature maps as drawn, to tell whether they changed. */
export const featureMaps = (page: Page) =>
  page.getByTestId('feature-maps').evaluate((canvas) => (canvas as HTMLCanvasElement).toDataURL());

/** Drops a file on the window as a browser would (a DataTransfer built in the page). */
export async function dropFile(page: Page, bytes: Uint8Array, name: string, type: string) {
  await page.evaluate(
    ([data, fileName, fileType]) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], fileName, { type: fileType }));
      window.dispatchEvent(
        new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }),
      );
    },
    [Array.from(bytes), name, type] as const,
  );
}

/** Opens the shipped cats-vs-dogs lesson; no photo is shown yet, so there is no answer. */
export async function openShippedModel(page: Page) {
  await page.goto('/');
  await page.getByLabel('Lesson').selectOption({ label: 'Cats vs dogs (trained, 64×64)' });
  // The model is a 2 MB chunk of its own: on a busy machine it takes a while to load and lay out.
  await expect(page.getByTestId('caption')).toContainText('Cats vs dogs', { timeout: 20_000 });
  // Until a photo comes, there is no answer to show (the black start picture has one, but not
  // one that means anything).
  await expect(page.getByLabel('Prediction')).toContainText('No photo yet');
  await expect(page.getByTestId('prediction')).toHaveCount(0);
}
