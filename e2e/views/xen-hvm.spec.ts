import { expect, test } from '@playwright/test';
import type { Scenario } from '../../src/sim/scenario/schema';
import { encodeFragment } from '../../src/sim/scenario/url';
import { shot, watchErrors } from './helpers';

// A Xen HVM guest's /proc/interrupts: its per-CPU VIRQs/IPIs, xenbus and the HYP row, as
// real guests print them.
test('a Xen HVM guest shows xenbus and the HYP row in /proc/interrupts', async ({ page }) => {
  const errors = watchErrors(page);
  const s = {
    scenario: 2,
    title: 'views e2e: Xen HVM guest',
    machine: { arch: 'x86_64', cpus: 2, xen: { role: 'hvm' } },
    steps: [{ do: 'device.add', id: 'ens4', type: 'nic', queues: 2 }],
  } as unknown as Scenario;
  await page.goto('/' + encodeFragment(s));
  const pane = page.getByRole('region', { name: 'debugfs' });
  await expect(pane).toBeVisible({ timeout: 20_000 });
  await pane.getByRole('combobox').selectOption('/proc/interrupts');
  const proc = pane.getByRole('region', { name: '/proc/interrupts' });
  await expect(proc).toContainText('xen-dyn    -event     xenbus');
  await expect(proc).toContainText('xen-percpu    -virq      timer1');
  await expect(proc).toContainText('xen-pirq    -msi-x     ens4-TxRx-0');
  await expect(proc).toContainText('Hypervisor callback interrupts');
  await shot(page, 'xen-hvm-proc');
  expect(errors).toEqual([]);
});
