import { expect, test } from '@playwright/test';
import { open, shot, stepPosition, steps } from './helpers';

test('launch a VM through the dialog and destroy it', async ({ page }) => {
  await open(page);
  await page.getByRole('button', { name: 'Launch VM' }).click();
  const dlg = page.getByRole('dialog', { name: 'Launch VM' });
  await expect(dlg.getByLabel('VM id')).toHaveValue('vm0');
  await dlg.getByLabel('vCPUs').fill('2');
  await dlg.getByRole('button', { name: 'Launch VM' }).click();
  await expect(stepPosition(page)).toHaveText(/step 3 \/ 3/);
  await expect(steps(page).last()).toContainText('launch kvm VM vm0 (2 vCPUs)');
  const guests = page.getByRole('group', { name: 'VMs' });
  const vm = guests.getByRole('listitem', { name: 'VM vm0' });
  await expect(vm).toBeVisible();
  await expect(vm).toContainText(/running|failed/);
  await shot(page, 'vm-launched');
  await vm.getByRole('button', { name: 'Destroy vm0' }).click();
  await expect(stepPosition(page)).toHaveText(/step 4 \/ 4/);
  await expect(steps(page).last()).toContainText('destroy VM vm0');
});
