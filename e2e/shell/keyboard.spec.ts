import { expect, test } from '@playwright/test';
import { open, shot, stepPosition } from './helpers';

test('keyboard: reach controls with Tab, open a dialog with Enter, close it with Escape', async ({ page }) => {
  await open(page);
  // Tab from the top reaches the header controls in order.
  await page.keyboard.press('Tab');
  const names: string[] = [];
  for (let i = 0; i < 8; i++) {
    names.push(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.textContent?.trim() ?? ''));
    await page.keyboard.press('Tab');
  }
  expect(names.join('|')).toContain('Presets');
  expect(names.join('|')).toContain('Machine settings');
  expect(names.join('|')).toContain('Share');

  const add = page.getByRole('button', { name: 'Add device' });
  await add.focus();
  // The focus ring is visible.
  const outline = await add.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
  await shot(page, 'keyboard-focus');
  await page.keyboard.press('Enter');
  const dlg = page.getByRole('dialog', { name: 'Add device' });
  await expect(dlg).toBeVisible();
  await expect(dlg.getByLabel('Type')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dlg).toBeHidden();

  // A CPU switch toggles with the keyboard.
  const cpu = page.getByRole('switch', { name: 'CPU 1', exact: true });
  await cpu.focus();
  await page.keyboard.press('Space');
  await expect(stepPosition(page)).toHaveText(/step 3 \/ 3/);

  // The theme toggle cycles.
  const theme = page.getByRole('button', { name: /^Theme:/ });
  await theme.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('html')).toHaveAttribute('data-theme', /light|dark/);
  await page.keyboard.press('Enter');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await shot(page, 'dark');
});
