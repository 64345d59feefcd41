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
  // A release, not loose knobs: 4.14 has the bitmap and the vector search before the rework.
  await dlg.getByLabel('Kernel release').selectOption('4.14');
  await expect(dlg.getByRole('status', { name: 'Kernel status' })).toHaveText('Linux 4.14 as released.');
  await shot(page, 'machine-dialog');
  await dlg.getByRole('button', { name: 'Apply and replay' }).click();
  await expect(dlg).toBeHidden();
  await expect(page.getByRole('switch', { name: 'CPU 15', exact: true })).toBeVisible();
  await expect(stepPosition(page)).toHaveText(/step 2 \/ 2/);
  await expect(page.locator('.machine-summary')).toHaveText(/16 CPUs · 2 nodes · Linux 4\.14 · bitmap descriptors · legacy vectors/);
  await expect(page.locator('.counterfactual-badge')).toHaveCount(0);

  // An override no release had: the header says counterfactual, and why.
  await page.getByRole('button', { name: 'Machine settings' }).click();
  await dlg.getByText('Overrides (advanced)').click();
  await dlg.getByLabel('Descriptor space').selectOption('maple');
  await expect(dlg.getByRole('status', { name: 'Kernel status' })).toContainText('Counterfactual: descriptors: "maple" with vectors: "legacy"');
  await dlg.getByRole('button', { name: 'Apply and replay' }).click();
  await expect(dlg).toBeHidden();
  const badge = page.locator('.counterfactual-badge');
  await expect(badge).toHaveText('counterfactual');
  await expect(badge).toHaveAccessibleDescription(/no release had both \(maple from v6\.5, legacy until v4\.14\)/);

  // arm64 shows the GIC fields and hides the x86 ones.
  await page.getByRole('button', { name: 'Machine settings' }).click();
  await dlg.getByLabel('Architecture').selectOption('arm64');
  // arm64 is modelled from v4.19: 4.14 is offered no more.
  await expect(dlg.getByLabel('Kernel release').locator('option[value="4.14"]')).toBeDisabled();
  await dlg.getByLabel('Kernel release').selectOption('7.0');
  await dlg.getByLabel('Descriptor space').selectOption('');
  await expect(dlg.getByLabel('GIC version')).toBeVisible();
  await expect(dlg.getByLabel('IO-APICs')).toHaveCount(0);
  await dlg.getByLabel('GIC version').selectOption('v4.1');
  await dlg.getByRole('button', { name: 'Apply and replay' }).click();
  await expect(dlg).toBeHidden();
  await expect(page.locator('.machine-summary')).toHaveText(/arm64 · 16 CPUs · 2 nodes · GICv4.1/);
  await shot(page, 'machine-arm64');
});
