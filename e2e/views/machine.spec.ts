import { expect, test } from '@playwright/test';
import { presetById, presetScenario } from '../../src/sim/scenario/presets';
import { machine, openScenario, shot } from './helpers';

test('CPUs are switches named "CPU N"; a click takes one offline and its row shows it', async ({ page }) => {
  await openScenario(page, machine(8, 2));
  const cpu5 = page.getByRole('switch', { name: 'CPU 5', exact: true });
  await expect(cpu5).toHaveAttribute('aria-checked', 'true');
  await cpu5.click();
  await expect(cpu5).toHaveAttribute('aria-checked', 'false', { timeout: 10_000 });
  // The grid labels the offline row.
  const grid = page.getByRole('img', { name: /Vector grid/ });
  await grid.focus();
  await page.keyboard.press('ArrowDown');
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('tooltip')).toContainText('CPU 5 (offline)');
  await cpu5.click();
  await expect(cpu5).toHaveAttribute('aria-checked', 'true', { timeout: 10_000 });
});

test('a refused offline shows the kernel reason next to the CPU', async ({ page }) => {
  test.setTimeout(90_000);
  const story = presetById('x86-vectors-offline')!;
  await openScenario(page, presetScenario(story, story.variants.findIndex((v) => v.release === '4.15')));
  const refusal = page.locator('#mp-refusal-1');
  await expect(refusal).toContainText('CPU 1', { timeout: 30_000 });
  // The kernel's own message and the function that decided.
  await expect(refusal).toContainText('Cannot disable CPU');
  await expect(refusal).toContainText('lapic_can_unplug_cpu');
  await expect(page.getByRole('switch', { name: 'CPU 1', exact: true })).toHaveAttribute('aria-checked', 'true');
  await shot(page, 'machine-refused');
});

test('1024 CPUs fold by node and stay keyboard reachable', async ({ page }) => {
  await openScenario(page, machine(1024, 8, 16));
  const node3 = page.getByRole('button', { name: /^node 3/ });
  await expect(node3).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('switch', { name: 'CPU 400', exact: true })).toHaveCount(0);
  await node3.focus();
  await page.keyboard.press('Enter');
  await expect(node3).toHaveAttribute('aria-expanded', 'true');
  const cpu400 = page.getByRole('switch', { name: 'CPU 400', exact: true });
  await expect(cpu400).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('switch', { name: 'CPU 384', exact: true })).toBeFocused();
});
