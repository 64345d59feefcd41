import { expect, test } from '@playwright/test';
import type { Scenario } from '../../src/sim/scenario/schema';
import { openScenario, shot, watchErrors } from './helpers';

// A 4.14 machine (the allocator before the matrix rework) shows its irq domain hierarchy:
// VECTOR with INTEL-IR, IO-APIC and the one global MSI domain above it, and an interrupt's chain.
test('a v4.14 machine shows its domain tree and an MSI chain down to VECTOR', async ({ page }) => {
  const errors = watchErrors(page);
  const s = {
    scenario: 2,
    title: 'views e2e: v4.14',
    machine: { arch: 'x86_64', cpus: 8, kernel: { version: '4.14' } },
    steps: [
      { do: 'device.add', id: 'nvme0', type: 'nvme', queues: 4 },
      { do: 'device.add', id: 'eth0', type: 'nic', queues: 4 },
    ],
  } as unknown as Scenario;
  await openScenario(page, s);
  const tree = page.getByRole('tree', { name: 'IRQ domain hierarchy' });
  await expect(tree.getByRole('treeitem').first()).toContainText('VECTOR');
  await expect(tree).toContainText('INTEL-IR-0');
  await expect(tree).toContainText('INTEL-IR-MSI-0');
  await expect(tree).toContainText('IO-APIC-IR-0'); // mp_irqdomain_create of 4.14.5 under remapping
  const chip = page.getByRole('group', { name: 'Interrupts of eth0' }).getByRole('button').first();
  const irq = (await chip.textContent())!.trim();
  await chip.click();
  const chain = page.getByRole('group', { name: `Chain of irq ${irq}` });
  await expect(chain.getByRole('listitem')).toHaveCount(3);
  await expect(chain.getByRole('listitem').first()).toContainText('IR-PCI-MSI');
  await expect(chain.getByRole('listitem').last()).toContainText('VECTOR');
  await shot(page, 'legacy-domains-chain');
  expect(errors).toEqual([]);
});
