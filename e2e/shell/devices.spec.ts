import { expect, test } from '@playwright/test';
import { open, shot, stepPosition, steps, watchErrors } from './helpers';

test('add a device through the dialog, unbind and bind it, set an affinity, fire, remove', async ({ page }) => {
  const errors = watchErrors(page);
  await open(page);
  await page.getByRole('button', { name: 'Add device' }).click();
  const dlg = page.getByRole('dialog', { name: 'Add device' });
  await expect(dlg).toBeVisible();
  await dlg.getByLabel('Type').selectOption('msi');
  await expect(dlg.getByLabel('Device id')).toHaveValue('msi0');
  await dlg.getByLabel('Vectors').fill('40');
  await dlg.getByRole('button', { name: 'Add device' }).click();
  await expect(dlg.getByRole('alert')).toHaveText('Vectors: 40 is out of range (1..32)');
  await dlg.getByLabel('Vectors').fill('4');
  await shot(page, 'add-device-dialog');
  await dlg.getByRole('button', { name: 'Add device' }).click();
  await expect(dlg).toBeHidden();
  await expect(stepPosition(page)).toHaveText(/step 3 \/ 3/);
  await expect(steps(page).filter({ hasText: 'add msi msi0 (4 MSI)' })).toHaveCount(1);
  const actions = page.getByRole('group', { name: 'Devices' });
  await expect(actions.getByRole('listitem', { name: 'Device msi0' })).toBeVisible();

  // Unbind / bind of the NVMe drive, through its driver machine.
  const nvme = actions.getByRole('listitem', { name: 'Device nvme0' });
  const toggle = nvme.getByRole('button', { name: /^(Unbind|Bind) nvme0$/ });
  const first = (await toggle.textContent())?.trim();
  await toggle.click();
  await expect(stepPosition(page)).toHaveText(/step 4 \/ 4/);
  await expect(steps(page).last()).toContainText(first === 'Unbind' ? 'unbind nvme0' : 'bind nvme0');

  // Remove eth0.
  await actions.getByRole('button', { name: 'Remove eth0' }).click();
  await expect(stepPosition(page)).toHaveText(/step 5 \/ 5/);
  await expect(steps(page).last()).toContainText('remove eth0');
  await shot(page, 'devices');
  expect(errors).toEqual([]);
});

test('set the affinity of a vector and fire one, when the driver is bound', async ({ page }) => {
  await open(page);
  const actions = page.getByRole('group', { name: 'Devices' });
  const eth = actions.getByRole('listitem', { name: 'Device eth0' });
  // Make sure the driver is bound (bind it if the engine left it unbound).
  const bind = eth.getByRole('button', { name: 'Bind eth0', exact: true });
  if (await bind.isVisible()) {
    await bind.click();
    await expect(stepPosition(page)).toHaveText(/step 3 \/ 3/);
  }
  const affinity = eth.getByRole('button', { name: 'Set affinity of eth0' });
  await expect(affinity).toBeEnabled();
  const before = Number((await stepPosition(page).textContent())!.match(/step (\d+)/)![1]);
  await affinity.click();
  const dlg = page.getByRole('dialog', { name: 'Set affinity of eth0' });
  await dlg.getByLabel('Vector').selectOption('1');
  await dlg.getByLabel('CPUs').fill('2-3,9');
  await dlg.getByRole('button', { name: 'Set affinity' }).click();
  await expect(dlg.getByRole('alert')).toHaveText('CPUs: CPU 9 does not exist (machine has 8)');
  await dlg.getByLabel('CPUs').fill('2-3');
  await dlg.getByRole('button', { name: 'Set affinity' }).click();
  await expect(steps(page).last()).toContainText('eth0 vector 1 affinity 2-3');
  await eth.getByRole('button', { name: 'Fire an interrupt of eth0' }).click();
  const fire = page.getByRole('dialog', { name: 'Fire an interrupt of eth0' });
  await fire.getByLabel('Vector').selectOption('1');
  await fire.getByRole('button', { name: 'Fire' }).click();
  await expect(steps(page).last()).toContainText('fire eth0 vector 1');
  await expect(stepPosition(page)).toHaveText(new RegExp(`step ${before + 2} / ${before + 2}`));
  await shot(page, 'affinity-fire');
});
