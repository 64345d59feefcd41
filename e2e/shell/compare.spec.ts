// Compare mode: one scenario under two kernel releases side by side, one timeline for both.
import { expect, test } from '@playwright/test';
import { openStory, shot, stepPosition, steps } from './helpers';

test.use({ viewport: { width: 1600, height: 1000 } });

test('a story opens its before/after pair side by side; scrubbing moves both and the divergence is marked', async ({ page }) => {
  test.setTimeout(120_000);
  await openStory(page, 'x86 vectors: exhaustion and CPU offline, managed vs regular');
  const story = page.getByRole('region', { name: 'Story' });
  await story.getByRole('button', { name: /^Compare / }).click();
  const a = page.getByRole('region', { name: /^Kernel / }).first();
  const b = page.getByRole('region', { name: /^Kernel / }).nth(1);
  await expect(a).toBeVisible({ timeout: 20_000 });
  await expect(b).toBeVisible();
  const names = [await a.getAttribute('aria-label'), await b.getAttribute('aria-label')];
  expect(names[0]).not.toEqual(names[1]);
  await shot(page, 'compare-start');
  const slider = page.getByRole('slider', { name: 'Timeline position' });
  await slider.focus();
  await page.keyboard.press('End');
  const total = Number((await stepPosition(page).textContent())!.match(/\/ (\d+)/)![1]);
  await expect(stepPosition(page)).toHaveText(new RegExp(`step ${total} / ${total}`), { timeout: 30_000 });
  await expect(story.getByRole('progressbar', { name: 'Story progress' })).toHaveAttribute('value', String(total));
  // The step whose outcome differs is marked on the shared timeline, and named in the header and the differences.
  const differing = steps(page).filter({ hasText: '≠ Kernel' });
  await expect(differing.first()).toHaveClass(/step-differs/);
  await expect(page.getByRole('toolbar', { name: 'Playback' })).toContainText(/differs from Kernel \S+ at step \d+/);
  const first = page.getByRole('status', { name: 'First divergence' });
  await expect(first).toContainText(/First differs at step \d+/);
  const bEnd = await b.locator('.irq-stats').first().textContent();
  await shot(page, 'compare-end');
  // Scrubbing to the start moves side B too.
  await slider.focus();
  await page.keyboard.press('Home');
  await expect(stepPosition(page)).toHaveText(new RegExp(`step 0 / ${total}`));
  await expect(b.locator('.irq-stats').first()).not.toHaveText(bEnd!);
  await shot(page, 'compare-start-scrubbed');
  // Back to one kernel.
  await page.getByRole('button', { name: 'Stop comparing' }).click();
  await expect(page.getByRole('region', { name: /^Kernel / })).toHaveCount(0);
});

const STORIES = [
  'GICv4.1 guests against the ~8K descriptor cap',
  'Shared INTx lines and hot unplug: who owns the mapping?',
  'ITS Multi-MSI: the driver cannot be loaded twice',
  'Xen event channels eating into the GSI space',
];

for (const title of STORIES) {
  test(`compare mode runs the pair of "${title}" to the end without a view failing`, async ({ page }) => {
    test.setTimeout(120_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await openStory(page, title);
    await page.getByRole('region', { name: 'Story' }).getByRole('button', { name: /^Compare / }).click();
    await expect(page.getByRole('region', { name: /^Kernel / })).toHaveCount(2, { timeout: 20_000 });
    const slider = page.getByRole('slider', { name: 'Timeline position' });
    await slider.focus();
    await page.keyboard.press('End');
    const total = Number((await stepPosition(page).textContent())!.match(/\/ (\d+)/)![1]);
    await expect(stepPosition(page)).toHaveText(new RegExp(`step ${total} / ${total}`), { timeout: 30_000 });
    await expect(page.getByRole('region', { name: 'Differences' })).toContainText(/First differs at step \d+|Every step so far has the same outcome/);
    if (title.startsWith('GICv4.1')) await expect(page.locator('[aria-label="LPIs that differ"]')).toContainText(/LPIs only under 6\.5: .* LPIs/);
    await expect(page.getByText(/view failed/)).toHaveCount(0);
    expect(errors).toEqual([]);
    await shot(page, `compare-${title.slice(0, 12).replace(/\W+/g, '-')}`);
  });
}
