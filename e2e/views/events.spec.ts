import { expect, test } from '@playwright/test';
import { machine, openScenario, shot } from './helpers';

test('the event log filters by CPU, kind and problems', async ({ page }) => {
  await openScenario(page, machine(8));
  const log = page.getByRole('log', { name: 'Events' });
  await expect(log).toContainText('irq_matrix_');
  const count = page.locator('.ev-count');
  const total = Number(/(\d+) events/.exec((await count.textContent()) ?? '')![1]);
  expect(total).toBeGreaterThan(10);

  const filters = page.getByRole('group', { name: 'Event filters' });
  await filters.getByRole('textbox', { name: 'CPU' }).fill('2');
  await expect(count).toHaveText(new RegExp(`^\\d+ of ${total}$`));
  const rows = log.locator('.ev-row');
  const n = await rows.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) await expect(rows.nth(i)).toContainText('cpu=2 ');

  await filters.getByRole('textbox', { name: 'CPU' }).fill('');
  await filters.getByRole('combobox', { name: 'kind' }).selectOption('irq_matrix_alloc_managed');
  await expect(rows.first()).toContainText('irq_matrix_alloc_managed:');
  const m = await rows.count();
  for (let i = 0; i < m; i++) await expect(rows.nth(i)).toContainText('irq_matrix_alloc_managed:');
  await shot(page, 'events-filtered');

  await filters.getByRole('combobox', { name: 'kind' }).selectOption('');
  await filters.getByRole('checkbox', { name: 'problems only' }).check();
  await expect(count).toHaveText(new RegExp(` of ${total}$`));
});
