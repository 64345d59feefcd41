import { expect, test } from '@playwright/test';
import { open, shot, stepPosition } from './helpers';

test('machine settings start a new scenario on the new machine with the same steps', async ({ page }) => {
  await open(page);
  await page.getByRole('button', { name: 'Machine settings' }).click();
  const dlg = page.getByRole('dialog', { name: 'Machine settings' });
  await dlg.getByLabel('CPUs').fill('16');
  await dlg.getByLabel('NUMA nodes').fill('3');
  await dlg.getByRole('button', { name: 'Apply and replay' }).click();
  await expect(dlg.getByRole('alert').first()).toContainText('16 CPUs do not split evenly into 3 nodes');
  await dlg.getByLabel('NUMA nodes').fill('2');
  await dlg.getByLabel('Threads per core').selectOption('2');
  await dlg.getByLabel('Descriptor space').selectOption('bitmap');
  await dlg.getByLabel('Vector allocator').selectOption('legacy');
  await shot(page, 'machine-dialog');
  await dlg.getByRole('button', { name: 'Apply and replay' }).click();
  await expect(dlg).toBeHidden();
  await expect(page.getByRole('switch', { name: 'CPU 15', exact: true })).toBeVisible();
  await expect(stepPosition(page)).toHaveText(/step 2 \/ 2/);
  await expect(page.locator('.machine-summary')).toHaveText(/16 CPUs · 2 nodes · bitmap descriptors · legacy vectors/);

  // arm64 shows the GIC fields and hides the x86 ones.
  await page.getByRole('button', { name: 'Machine settings' }).click();
  await dlg.getByLabel('Architecture').selectOption('arm64');
  await expect(dlg.getByLabel('GIC version')).toBeVisible();
  await expect(dlg.getByLabel('IO-APICs')).toHaveCount(0);
  await dlg.getByLabel('GIC version').selectOption('v4.1');
  await dlg.getByRole('button', { name: 'Apply and replay' }).click();
  await expect(dlg).toBeHidden();
  await expect(page.locator('.machine-summary')).toHaveText(/arm64 · 16 CPUs · 2 nodes · GICv4.1/);
  await shot(page, 'machine-arm64');
});
