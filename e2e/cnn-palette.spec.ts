/**
 * A small CNN built from the palette with the mouse, as a learner would: every layer kind comes
 * from the palette, settings from the inspector, a kernel value from its grid, and a photo from
 * the shared data folder (read in place, never copied into the repository).
 */
import { expect, test } from './fixtures.ts';
import { photo } from '../scripts/test-photos.ts';
import {
  canvasBox,
  canvasTexts,
  drag,
  dropLayer,
  featureMaps,
  locate,
  nodes,
  selectNode,
  typeCell,
} from './helpers.ts';

const CAT = photo('Cat', '1.jpg');
const shot = (name: string) => `test-results/screenshots/${name}.png`;

/** The inspector's feature maps as pixels, to tell when they change. */
test('a CNN built from an empty document with the mouse: shapes, a kernel edit, a photo', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.goto('/');
  await page.getByRole('button', { name: 'New', exact: true }).click();
  expect(await nodes(page)).toEqual([]);
  await expect(page.getByTestId('outputs-note')).toHaveText(
    'Add an Input or an Image input to start a network.',
  );

  // Image input 64×64×3 (its defaults), and a Conv2D dropped apart from it, wired by hand.
  const box = await canvasBox(page);
  await dropLayer(page, 'image-input', { x: box.x + 120, y: box.y + 120 });
  await dropLayer(page, 'conv2d', { x: box.x + 420, y: box.y + 420 });
  const [image, conv] = await nodes(page);
  expect([image?.kind, conv?.kind]).toEqual(['image-input', 'conv2d']);
  // Unwired, the Conv2D holds its settings only: no kernels until a picture's shape arrives.
  expect(await canvasTexts(page)).toContain('connect an input');
  await drag(page, await locate(page, image!.id, 'out'), await locate(page, conv!.id, 'in'));
  await expect.poll(() => canvasTexts(page)).toContain('(64, 64, 8)\n224 params');

  // The rest by clicking the palette: each is added after the last layer, wired to it.
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
  const dense = built[5]!;
  await page.getByRole('button', { name: 'Fit', exact: true }).click();

  // Conv2D(8, 3×3): the inspector shows its settings; Dense gets 2 neurons there.
  await selectNode(page, conv!.id);
  await expect(page.getByLabel('Conv2D filters')).toHaveValue('8');
  await expect(page.getByLabel('Conv2D kernel size')).toHaveValue('3');
  await page.getByLabel('Conv2D stride').fill('0');
  await page.getByLabel('Conv2D stride').press('Enter');
  await expect(page.getByTestId('setting-error')).toHaveText(
    'Stride of Conv2D n2 must be a whole number from 1 to 8, found 0',
  );
  await page.getByLabel('Conv2D stride').fill('1');
  await page.getByLabel('Conv2D stride').press('Enter');
  await expect(page.getByTestId('setting-error')).toHaveCount(0);
  await selectNode(page, dense.id);
  await page.getByLabel('Dense neurons').fill('2');
  await page.getByLabel('Dense neurons').press('Enter');
  await expect(page.getByLabel('Dense neurons')).toHaveValue('2');

  // The shapes on the cards, layer by layer.
  await expect
    .poll(() => canvasTexts(page))
    .toEqual(
      expect.arrayContaining([
        '(64, 64, 3)\n0 params',
        '(64, 64, 8)\n224 params',
        '(64, 64, 8)',
        '(32, 32, 8)\n0 params',
        '(8192,)\n0 params',
        'Dense (2)',
        'W (8192, 2)\n16386 params',
        'Softmax (2)',
      ]),
    );
  await page.getByRole('button', { name: 'Fit', exact: true }).click();
  await page.screenshot({ path: shot('cnn-built-from-palette') });

  // A photo, chosen with the picture panel's button: class probabilities appear.
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose picture…' }).click();
  await (await chooser).setFiles(CAT);
  await expect(page.getByLabel('Prediction')).toContainText('1.jpg');
  await expect(page.getByTestId('prediction')).toHaveAttribute('aria-busy', 'false', {
    timeout: 20_000,
  });
  await expect(page.getByTestId('class-probability')).toHaveCount(2);

  // One kernel value edited: the conv's feature maps change.
  await selectNode(page, conv!.id);
  const maps = page.getByTestId('feature-maps');
  await expect(maps).toHaveAttribute('aria-label', '8 feature maps of 64×64 pixels');
  const before = await featureMaps(page);
  await typeCell(page, 'k-1-1', '5');
  await expect(page.getByRole('button', { name: 'Undo' })).toHaveAttribute(
    'title',
    'Undo Set kernel weight',
  );
  await expect.poll(() => featureMaps(page)).not.toBe(before);

  // Clicking an output pixel of filter 0 shows its arithmetic: window, kernel, sum and bias.
  await maps.scrollIntoViewIfNeeded();
  const mapBox = (await maps.boundingBox())!;
  // Filter 0 is the top-left tile of a 3-column grid (3·64 + 2 pixels wide): its pixel (10, 20).
  const perPixel = mapBox.width / (3 * 64 + 2);
  await maps.click({ position: { x: 20.5 * perPixel, y: 10.5 * perPixel } });
  const explained = page.getByTestId('conv-explain');
  await expect(explained).toContainText('y[10, 20, 0] = Σ window · kernel + b[0]');
  await expect(explained).toContainText(
    'window: rows 9…11, columns 19…21 of the 64×64×3 input (stride 1, padding 1)',
  );
  await expect(explained).toContainText('channel 0: window · kernel w[:, :, 0, 0]');
  await expect(explained).toContainText(/y = .+ \+ 0 \(bias\) = /);
  await explained.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot('cnn-kernel-and-pixel-arithmetic') });
});

test('a red wire says why where it is seen: on hover, on click and in the Outputs panel', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'New', exact: true }).click();
  for (const kind of ['image-input', 'softmax']) {
    await page.locator(`.palette button[data-kind="${kind}"]`).click();
  }
  const message =
    'Softmax cannot take what Image input gives, (batch, 64, 64, 3): softmax needs (batch, features), found (batch, 64, 64, 3) — add Flatten or global average pooling';
  await expect(page.getByTestId('outputs-note')).toHaveText(
    `The wire into Softmax n2 is red, so the outputs stop before it: ${message}`,
  );
  await page.getByRole('button', { name: 'Fit', exact: true }).click();
  const [wire] = await page.evaluate(() => window.__weightcraft!.wires!());
  expect(wire?.error).toBe(message);
  // On the canvas, beside the wire, the message is drawn above the cards: none hides it.
  const [shown] = await page.evaluate(() => window.__weightcraft!.wireMessages!());
  expect(shown?.text).toBe(message);
  expect(shown?.covered, "a card is drawn over the red wire's message").toBe(false);
  const box = await canvasBox(page);
  expect(shown!.box.y).toBeGreaterThan(box.y);
  expect(shown!.box.y + shown!.box.height).toBeLessThan(box.y + box.height);
  const middle = (await page.evaluate((id) => window.__weightcraft!.locateWire!(id), wire!.id))!;
  await page.mouse.move(middle.x, middle.y);
  await expect(page.getByRole('tooltip')).toHaveText(message);
  await page.mouse.click(middle.x, middle.y);
  await expect(page.getByTestId('wire-error')).toHaveText(`The wire into it is red: ${message}`);
  await page.screenshot({ path: shot('red-wire-softmax-on-picture') });
});
