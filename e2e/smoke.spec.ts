import { expect, test } from '@playwright/test';

test('the built app opens and shows the VECTOR matrix computed by the engine', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto('/');
  const vector = page.getByLabel('/sys/kernel/debug/irq/domains/VECTOR');
  await expect(vector).toContainText('Online bitmaps:        4');
  await expect(vector).toContainText('| CPU | avl | man | mac | act | vectors');
  await page.screenshot({ path: 'test-results/smoke.png' });
  expect(errors).toEqual([]);
});
