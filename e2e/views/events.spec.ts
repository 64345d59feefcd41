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
  // The rows shown are asked of the worker and replaced as answers arrive: judge them all at once.
  const allShown = (text: string) => async () => {
    const shown = await rows.allTextContents();
    return shown.length > 0 && shown.every((t) => t.includes(text));
  };
  await expect.poll(allShown('cpu=2 ')).toBe(true);

  await filters.getByRole('textbox', { name: 'CPU' }).fill('');
  await filters.getByRole('combobox', { name: 'kind' }).selectOption('irq_matrix_alloc_managed');
  await expect.poll(allShown('irq_matrix_alloc_managed:')).toBe(true);
  await shot(page, 'events-filtered');

  await filters.getByRole('combobox', { name: 'kind' }).selectOption('');
  await filters.getByRole('checkbox', { name: 'problems only' }).check();
  await expect(count).toHaveText(new RegExp(` of ${total}$`));
});
