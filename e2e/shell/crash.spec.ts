import { expect, test, type Page } from '@playwright/test';
import { open, shot, stepPosition, steps } from './helpers';

function engineWorker(page: Page) {
  const w = page.workers().find((x) => !x.url().includes('codec'));
  if (!w) throw new Error('no engine worker');
  return w;
}

test('a crashed engine is announced; Restart engine replays the scenario', async ({ page }) => {
  await open(page);
  await page.getByRole('switch', { name: 'CPU 3', exact: true }).click();
  await expect(stepPosition(page)).toHaveText(/step 3 \/ 3/);
  // An uncaught exception in the worker: its `error` event reaches the page.
  await engineWorker(page).evaluate(() => {
    setTimeout(() => {
      throw new Error('simulated engine bug');
    }, 0);
  });
  const banner = page.getByRole('alert').filter({ hasText: 'The simulation engine stopped' });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('simulated engine bug');
  await shot(page, 'engine-crashed');
  await banner.getByRole('button', { name: 'Restart engine' }).click();
  await expect(banner).toBeHidden();
  await expect(stepPosition(page)).toHaveText(/step 3 \/ 3/);
  await page.getByRole('switch', { name: 'CPU 2', exact: true }).click();
  await expect(stepPosition(page)).toHaveText(/step 4 \/ 4/);
  await expect(steps(page).last()).toContainText('CPU 2 offline');
});

test('a hung engine is detected by the watchdog', async ({ page }) => {
  await open(page);
  await engineWorker(page).evaluate(() => {
    setTimeout(() => {
      for (;;) {
        /* spin */
      }
    }, 0);
  });
  const banner = page.getByRole('alert').filter({ hasText: 'The simulation engine stopped' });
  await expect(banner).toContainText('stopped answering', { timeout: 15_000 });
  await banner.getByRole('button', { name: 'Restart engine' }).click();
  await expect(banner).toBeHidden();
  await expect(stepPosition(page)).toHaveText(/step 2 \/ 2/);
});
