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
  await expect(chain.getByRole('listitem')).toHaveCount(await tree.getByRole('treeitem', { selected: true }).count());
  await expect(chain.getByRole('listitem').last()).toContainText('VECTOR');
  const selected = tree.getByRole('treeitem', { selected: true });
  expect(await selected.count()).toBeGreaterThanOrEqual(2);
  await expect(selected.first()).toContainText('hwirq 0x');
  await shot(page, 'domains-chain');
});
