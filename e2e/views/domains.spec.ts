import { expect, test } from '@playwright/test';
import { machine, openScenario, shot } from './helpers';

test('the domain tree shows the hierarchy with mapcounts and highlights a selected chain', async ({ page }) => {
  await openScenario(page, machine(8));
  const tree = page.getByRole('tree', { name: 'IRQ domain hierarchy' });
  await expect(tree.getByRole('treeitem').first()).toContainText('VECTOR');
  await expect(tree.getByRole('treeitem', { selected: true })).toHaveCount(0);
  const chip = page.getByRole('group', { name: 'Interrupts of nvme0' }).getByRole('button').nth(1);
  const irq = (await chip.textContent())!.trim();
  await chip.click();
  const chain = page.getByRole('group', { name: `Chain of irq ${irq}` });
  // An MSI-X interrupt behind interrupt remapping: IR-PCI-MSIX -> INTEL-IR -> VECTOR, in the
  // chain list and highlighted in the tree alike.
  await expect(chain.getByRole('listitem')).toHaveCount(3);
  await expect(chain.getByRole('listitem').first()).toContainText('IR-PCI-MSIX');
  await expect(chain.getByRole('listitem').last()).toContainText('VECTOR');
  const selected = tree.getByRole('treeitem', { selected: true });
  await expect(selected).toHaveCount(3);
  await expect(selected.first()).toContainText('hwirq 0x');
  await shot(page, 'domains-chain');
});
