import { expect, test } from '@playwright/test';
import { open, shot, stepPosition, steps, watchErrors } from './helpers';

test('Share shows the link; opening it elsewhere rebuilds the same steps', async ({ page, browser }) => {
  await open(page);
  await page.getByRole('switch', { name: 'CPU 5', exact: true }).click();
  await expect(stepPosition(page)).toHaveText(/step 3 \/ 3/);
  await page.getByRole('button', { name: 'Share' }).click();
  const field = page.getByRole('textbox', { name: 'Scenario URL' });
  await expect(field).toHaveValue(/#s1\./);
  const url = await field.inputValue();
  await shot(page, 'share');
  // The address bar carries the same scenario.
  await expect.poll(() => page.evaluate(() => location.href)).toBe(url);

  const other = await browser.newContext();
  const p2 = await other.newPage();
  await p2.goto(url);
  await expect(p2.getByRole('switch', { name: 'CPU 0', exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(stepPosition(p2)).toHaveText(/step 3 \/ 3/);
  await expect(steps(p2).last()).toContainText('CPU 5 offline');
  await expect(p2.getByRole('heading', { level: 1 })).toHaveText(await page.getByRole('heading', { level: 1 }).innerText());
  await other.close();
});

test('a bad link says what is wrong and offers a fresh start', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#s1.AAAAAAAAAA-not-a-scenario');
  const alert = page.getByRole('alert').filter({ hasText: 'This scenario link cannot be opened' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(/link is (damaged|truncated)/);
  await shot(page, 'bad-link');
  await page.getByRole('button', { name: 'Start fresh' }).click();
  await expect(page.getByRole('switch', { name: 'CPU 0', exact: true })).toBeVisible();
  await expect(stepPosition(page)).toHaveText(/step 2 \/ 2/);
  await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#s1\./);
  expect(errors).toEqual([]);

  // A link to a document with a bad field names the field.
  await page.goto('/#s9.abc');
  await expect(page.getByRole('alert').filter({ hasText: 'cannot be opened' })).toContainText('format s9');
});

test('a reload keeps the scenario (URL and localStorage)', async ({ page }) => {
  await open(page);
  await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#s1\./);
  const before = await page.evaluate(() => location.hash);
  await page.getByRole('switch', { name: 'CPU 4', exact: true }).click();
  await expect(stepPosition(page)).toHaveText(/step 3 \/ 3/);
  await expect.poll(() => page.evaluate(() => location.hash)).not.toBe(before);
  await expect.poll(() => page.evaluate(() => localStorage.getItem('irqscope.scenario') ?? '')).toBe(await page.evaluate(() => location.hash));
  await page.reload();
  await expect(stepPosition(page)).toHaveText(/step 3 \/ 3/, { timeout: 15_000 });
  // Without the hash, localStorage brings it back.
  await page.goto('/');
  await expect(stepPosition(page)).toHaveText(/step 3 \/ 3/, { timeout: 15_000 });
  await expect(steps(page).last()).toContainText('CPU 4 offline');
});
