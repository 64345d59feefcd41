// Links carry the view: step position, compare mode and releases, story and variant, the
// selected interrupt and the kernel text file; opening one restores each; old links still open.
import { expect, test, type Page } from '@playwright/test';
import { encodeFragment } from '../../src/sim/scenario/url';
import { encodeView, type LinkView } from '../../src/sim/scenario/view_link';
import { DEFAULT_SCENARIO } from '../../src/ui/url-state';
import { open, openStory, shot, stepPosition } from './helpers';

test.use({ viewport: { width: 1600, height: 1000 } });

const link = (view: LinkView) => encodeFragment(DEFAULT_SCENARIO) + encodeView(view);
const fileSelect = (page: Page) => page.getByRole('region', { name: 'debugfs' }).getByRole('combobox').first();

test('each view field of a link is restored on its own', async ({ page }) => {
  // The step position.
  await open(page, link({ at: 1 }));
  await expect(stepPosition(page)).toHaveText(/step 1 \/ 2/);
  // The kernel text file.
  await open(page, link({ text: '/proc/interrupts' }));
  await expect(fileSelect(page)).toHaveValue('/proc/interrupts');
  await expect(stepPosition(page)).toHaveText(/step 2 \/ 2/);
  // The selected interrupt.
  await open(page, link({ irq: 25 }));
  await expect(page.getByRole('button', { name: 'irq 25', exact: true })).toHaveAttribute('aria-pressed', 'true');
  // Compare mode with a release.
  await open(page, link({ compare: ['4.14'] }));
  await expect(page.getByRole('region', { name: 'Kernel 4.14' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('region', { name: 'Kernel 7.0' })).toBeVisible();
  // Two releases: side A runs the first.
  await open(page, link({ compare: ['6.4', '4.15'] }));
  await expect(page.getByRole('region', { name: 'Kernel 6.4' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('region', { name: 'Kernel 4.15' })).toBeVisible();
  // An old link (no view) opens at the end, with nothing else.
  await open(page, encodeFragment(DEFAULT_SCENARIO));
  await expect(stepPosition(page)).toHaveText(/step 2 \/ 2/);
  await expect(page.getByRole('region', { name: /^Kernel / })).toHaveCount(0);
  // A view field that does not read is named; the scenario opens anyway.
  await open(page, link({ at: 1 }) + '&zoom=3&at2');
  await expect(page.getByRole('alert').filter({ hasText: "Part of this link's view was not restored" })).toContainText('"zoom"');
  await expect(stepPosition(page)).toHaveText(/step 1 \/ 2/);
});

test('a shared story opens with its title card, caption, compare pair, selection and text file at the shared step', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await openStory(page, 'x86 vectors: exhaustion and CPU offline, managed vs regular');
  const story = page.getByRole('region', { name: 'Story' });
  await story.getByRole('button', { name: /^Compare / }).click();
  await expect(page.getByRole('region', { name: /^Kernel / })).toHaveCount(2, { timeout: 20_000 });
  const slider = page.getByRole('slider', { name: 'Timeline position' });
  await slider.focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  await expect(stepPosition(page)).toHaveText(/step 5 \//);
  const caption = (await story.locator('.caption').textContent())!;
  expect(caption).toMatch(/^Step 5 of \d+: /);
  await page.getByRole('button', { name: 'irq 24', exact: true }).first().click();
  await fileSelect(page).selectOption('/proc/interrupts');
  await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/~.*at=5.*cmp=variant\.1.*story=x86-vectors-offline\.0.*irq=24.*text=/);
  const url = page.url();

  // A reader opens the link in a fresh browser.
  const reader = await (await browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
  await reader.goto(url);
  await expect(stepPosition(reader)).toHaveText(/step 5 \//, { timeout: 20_000 });
  const readerStory = reader.getByRole('region', { name: 'Story' });
  await expect(readerStory.getByRole('heading')).toContainText('x86 vectors: exhaustion and CPU offline');
  await expect(readerStory.locator('.caption')).toHaveText(caption);
  await expect(reader.getByRole('region', { name: /^Kernel / })).toHaveCount(2, { timeout: 20_000 });
  await expect(reader.getByRole('region', { name: 'Kernel 4.15' })).toBeVisible();
  await expect(reader.getByRole('button', { name: 'irq 24', exact: true }).first()).toHaveAttribute('aria-pressed', 'true');
  await expect(fileSelect(reader)).toHaveValue('/proc/interrupts');
  await shot(reader, 'view-link-reader');

  // A reload in the middle of the story keeps the story, the position and compare mode.
  await page.reload();
  await expect(stepPosition(page)).toHaveText(/step 5 \//, { timeout: 20_000 });
  await expect(page.getByRole('region', { name: 'Story' }).locator('.caption')).toHaveText(caption);
  await expect(page.getByRole('region', { name: /^Kernel / })).toHaveCount(2, { timeout: 20_000 });
});
