import { expect, test } from '@playwright/test';
import { open, shot, stepPosition, watchErrors } from './helpers';

test('the first screen shows the default machine running, with a hint of what to click', async ({ page }) => {
  const errors = watchErrors(page);
  const t0 = Date.now();
  await open(page);
  const elapsed = Date.now() - t0;
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/8 CPUs, an NVMe drive and a NIC/);
  for (let cpu = 0; cpu < 8; cpu++) {
    await expect(page.getByRole('switch', { name: `CPU ${cpu}`, exact: true })).toHaveAttribute('aria-checked', 'true');
  }
  await expect(page.getByRole('note')).toContainText('click a CPU');
  await expect(stepPosition(page)).toHaveText(/step 2 \/ 2/);
  await expect(page.getByRole('button', { name: 'Add device' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Launch VM' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Share' })).toBeVisible();
  await expect(page.getByRole('log', { name: 'Events' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'debugfs' })).toBeVisible();
  // The URL carries the scenario from the start.
  await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#s1\./);
  await shot(page, 'first-screen');
  expect(elapsed).toBeLessThan(10_000);
  expect(errors).toEqual([]);
});
