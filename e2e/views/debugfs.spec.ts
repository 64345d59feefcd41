import { expect, test } from '@playwright/test';
import { machine, openScenario, shot } from './helpers';

test('debugfs shows the kernel files by path and follows the selected irq', async ({ page }) => {
  await openScenario(page, machine(8));
  const pane = page.getByRole('region', { name: 'debugfs' });
  const vector = pane.getByRole('region', { name: '/sys/kernel/debug/irq/domains/VECTOR' });
  await expect(vector).toContainText('Online bitmaps:');
  await expect(vector).toContainText('| CPU | avl | man | mac | act | vectors');

  await pane.getByRole('combobox').selectOption('/proc/interrupts');
  const proc = pane.getByRole('region', { name: '/proc/interrupts' });
  await expect(proc).toContainText('CPU0');
  await expect(proc).toContainText('nvme0');

  const chip = page.getByRole('group', { name: 'Interrupts of nvme0' }).getByRole('button').first();
  const irq = (await chip.textContent())!.trim();
  await chip.click();
  await pane.getByRole('button', { name: `Show irqs/${irq}` }).click();
  const file = pane.getByRole('region', { name: `/sys/kernel/debug/irq/irqs/${irq}` });
  await expect(file).toContainText('hwirq:');
  await shot(page, 'debugfs-irq');

  // Clicking a domain in the tree opens its debugfs file.
  await page.getByRole('tree', { name: 'IRQ domain hierarchy' }).getByRole('button', { name: 'VECTOR', exact: true }).click();
  await expect(pane.getByRole('region', { name: '/sys/kernel/debug/irq/domains/VECTOR' })).toBeVisible();
});
