// What a kernel engineer tripped on (issue 13): each check would have caught its defect.
import { expect, test } from '@playwright/test';
import { open, stepPosition } from './helpers';

test.describe('dialogs hand the focus back', () => {
  for (const [opener, dialog, first] of [
    ['Add device', 'Add device', 'Type'],
    ['Launch VM', 'Launch VM', 'VM id'],
    ['Machine settings', 'Machine settings', null],
  ] as const) {
    test(`${dialog}: opens on its first field; Escape, Cancel and Enter return the focus to "${opener}"`, async ({ page }) => {
      await open(page);
      const button = page.getByRole('button', { name: opener, exact: true }).first();
      const dlg = page.getByRole('dialog', { name: dialog });
      for (const close of ['Escape', 'Cancel', 'Enter'] as const) {
        await button.focus();
        await page.keyboard.press('Enter');
        await expect(dlg).toBeVisible();
        if (first) await expect(dlg.getByLabel(first, { exact: true })).toBeFocused();
        else await expect(dlg.locator(':focus')).toHaveCount(1);
        if (close === 'Escape') await page.keyboard.press('Escape');
        else if (close === 'Cancel') await dlg.getByRole('button', { name: 'Cancel' }).click();
        else if (dialog === 'Machine settings') await dlg.getByRole('button', { name: 'Cancel' }).press('Enter');
        else await dlg.getByRole('textbox').first().press('Enter');
        await expect(dlg).toBeHidden();
        await expect(button).toBeFocused();
      }
    });
  }
});

test('Launch VM does not offer a Xen guest on a machine that is not a Xen dom0, and says why', async ({ page }) => {
  await open(page);
  await page.getByRole('button', { name: 'Launch VM' }).click();
  const type = page.getByRole('dialog', { name: 'Launch VM' }).getByLabel('Type');
  await expect(type.locator('option[value="xen"]')).toBeDisabled();
  await expect(type.locator('option[value="xen"]')).toHaveText(/needs a Xen dom0/);
});

test('the affinity dialog starts from the mask of the vector picked', async ({ page }) => {
  await open(page);
  const eth = page.getByRole('group', { name: 'Devices' }).getByRole('listitem', { name: 'Device eth0' });
  // Give vector 1 a mask of its own first.
  await eth.getByRole('button', { name: 'Set affinity of eth0' }).click();
  let dlg = page.getByRole('dialog', { name: 'Set affinity of eth0' });
  await dlg.getByLabel('Vector').selectOption('1');
  await dlg.getByLabel('CPUs').fill('5-6');
  await dlg.getByRole('button', { name: 'Set affinity' }).click();
  await expect(stepPosition(page)).toHaveText('step 3 / 3');
  await eth.getByRole('button', { name: 'Set affinity of eth0' }).click();
  dlg = page.getByRole('dialog', { name: 'Set affinity of eth0' });
  const v0 = await dlg.getByLabel('CPUs').inputValue();
  await dlg.getByLabel('Vector').selectOption('1');
  await expect(dlg.getByLabel('CPUs')).toHaveValue('5-6');
  await dlg.getByLabel('Vector').selectOption('0');
  await expect(dlg.getByLabel('CPUs')).toHaveValue(v0);
});

test('at 1600x1000 every device action and the guests are on the first screen', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await open(page);
  const devices = page.getByRole('group', { name: 'Devices' });
  for (const name of ['Unbind nvme0', 'Set affinity of nvme0', 'Fire an interrupt of nvme0', 'Remove nvme0', 'Remove eth0']) {
    await expect(devices.getByRole('button', { name })).toBeInViewport({ ratio: 1 });
  }
  await expect(page.getByRole('button', { name: 'Launch VM' })).toBeInViewport({ ratio: 1 });
});

test('an unbound device says it has no driver and no interrupts, not "MSI-X 0"', async ({ page }) => {
  await open(page);
  const nvme = page.getByRole('group', { name: 'Devices' }).getByRole('listitem', { name: 'Device nvme0' });
  await nvme.getByRole('button', { name: 'Unbind nvme0' }).click();
  await expect(nvme).toContainText('no driver bound: no interrupts (its driver asks for 1 admin + 8 managed queues)');
  await expect(nvme).not.toContainText('MSI-X 0');
});
