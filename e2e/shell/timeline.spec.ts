import { expect, test } from '@playwright/test';
import { open, shot, stepPosition, steps } from './helpers';

test('scrub, step, play and undo the timeline', async ({ page }) => {
  await open(page);
  // Two more steps: CPU 7 and CPU 6 offline (clicked on the CPU switches).
  await page.getByRole('switch', { name: 'CPU 7', exact: true }).click();
  await expect(stepPosition(page)).toHaveText(/step 3 \/ 3/);
  await page.getByRole('switch', { name: 'CPU 6', exact: true }).click();
  await expect(stepPosition(page)).toHaveText(/step 4 \/ 4/);
  await expect(steps(page).last()).toContainText('CPU 6 offline');

  // Scrub with the keyboard: Home goes to the booted machine.
  const slider = page.getByRole('slider', { name: 'Timeline position' });
  await slider.focus();
  await page.keyboard.press('Home');
  await expect(stepPosition(page)).toHaveText(/step 0 \/ 4/);
  await expect(page.getByRole('switch', { name: 'CPU 7', exact: true })).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(stepPosition(page)).toHaveText(/step 3 \/ 4/);
  await shot(page, 'timeline-scrubbed');

  // Click a step row to show the state after it.
  await steps(page).filter({ hasText: 'machine booted' }).getByRole('button').click();
  await expect(stepPosition(page)).toHaveText(/step 0 \/ 4/);
  await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(stepPosition(page)).toHaveText(/step 1 \/ 4/);
  await page.getByRole('button', { name: 'Step back' }).click();
  await expect(stepPosition(page)).toHaveText(/step 0 \/ 4/);

  // Play runs to the end, one step per tick.
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(stepPosition(page)).toHaveText(/step 4 \/ 4/, { timeout: 10_000 });
  await expect(page.getByRole('switch', { name: 'CPU 6', exact: true })).toHaveAttribute('aria-checked', /true|false/);

  // Undo is a step back: the last step goes.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(stepPosition(page)).toHaveText(/step 3 \/ 3/);
  await expect(steps(page).filter({ hasText: 'CPU 6 offline' })).toHaveCount(0);
  await shot(page, 'timeline-undo');
});
