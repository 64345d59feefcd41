// Editing in the past is never silent, Undo has a Redo, and playback has a speed.
import { expect, test } from '@playwright/test';
import { open, shot, stepPosition, steps } from './helpers';

test('adding a step while scrubbed back asks first; keep, add at the end, or drop (kept in Recent)', async ({ page }) => {
  await open(page);
  await page.getByRole('switch', { name: 'CPU 7', exact: true }).click();
  await expect(stepPosition(page)).toHaveText(/step 3 \/ 3/);
  const slider = page.getByRole('slider', { name: 'Timeline position' });
  await slider.focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await expect(stepPosition(page)).toHaveText(/step 1 \/ 3/);

  // Keep them: nothing is added, nothing is dropped, and the CPU shows no refusal.
  await page.getByRole('switch', { name: 'CPU 5', exact: true }).click();
  const ask = page.getByRole('dialog', { name: 'Drop the later steps?' });
  await expect(ask).toBeVisible();
  await expect(ask).toContainText('You are looking at step 1 of 3');
  await expect(ask).toContainText('CPU 5 offline');
  await expect(ask).toContainText('steps 2–3 (2 later steps)');
  await shot(page, 'history-ask');
  await ask.getByRole('button', { name: 'Keep them' }).click();
  await expect(ask).toBeHidden();
  await expect(stepPosition(page)).toHaveText(/step 1 \/ 3/);
  await expect(page.getByRole('switch', { name: 'CPU 5', exact: true })).toHaveAttribute('aria-checked', 'true');
  await expect(page.locator('.refused-count')).toHaveCount(0);

  // Add at the end instead: all earlier steps stay, the new one goes last.
  await page.getByRole('switch', { name: 'CPU 5', exact: true }).click();
  await ask.getByRole('button', { name: 'Add at the end instead' }).click();
  await expect(stepPosition(page)).toHaveText(/step 4 \/ 4/);
  await expect(steps(page).last()).toContainText('CPU 5 offline');
  await expect(steps(page).filter({ hasText: 'CPU 7 offline' })).toHaveCount(1);

  // Drop: the later steps go, the scenario as it was is in Recent scenarios.
  await slider.focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await expect(stepPosition(page)).toHaveText(/step 1 \/ 4/);
  await page.getByRole('switch', { name: 'CPU 6', exact: true }).click();
  await ask.getByRole('button', { name: 'Drop 3 later steps and add here' }).click();
  await expect(stepPosition(page)).toHaveText(/step 2 \/ 2/);
  await expect(steps(page).last()).toContainText('CPU 6 offline');
  await page.getByRole('button', { name: 'Recent' }).click();
  await expect(page.getByRole('dialog', { name: 'Recent scenarios' })).toContainText('4 steps');
});

test('Undo then Redo puts the step back; Undo while scrubbed back asks, and Redo restores every step', async ({ page }) => {
  await open(page);
  await page.getByRole('switch', { name: 'CPU 7', exact: true }).click();
  await page.getByRole('switch', { name: 'CPU 6', exact: true }).click();
  await expect(stepPosition(page)).toHaveText(/step 4 \/ 4/);
  const redo = page.getByRole('button', { name: 'Redo' });
  await expect(redo).toBeDisabled();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(stepPosition(page)).toHaveText(/step 3 \/ 3/);
  await expect(redo).toBeEnabled();
  await redo.click();
  await expect(stepPosition(page)).toHaveText(/step 4 \/ 4/);
  await expect(steps(page).last()).toContainText('CPU 6 offline');
  await expect(page.getByRole('switch', { name: 'CPU 6', exact: true })).toHaveAttribute('aria-checked', 'false');
  await expect(redo).toBeDisabled();

  const slider = page.getByRole('slider', { name: 'Timeline position' });
  await slider.focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(stepPosition(page)).toHaveText(/step 2 \/ 4/);
  await page.getByRole('button', { name: 'Undo' }).click();
  const ask = page.getByRole('dialog', { name: 'Drop the later steps?' });
  await expect(ask).toContainText('Undo here removes step 2');
  await ask.getByRole('button', { name: 'Drop 2 later steps and undo' }).click();
  await expect(stepPosition(page)).toHaveText(/step 1 \/ 1/);
  await redo.click();
  await expect(stepPosition(page)).toHaveText(/step 2 \/ 4/);
  await expect(steps(page)).toHaveCount(5);
  // A new edit starts a new history: Redo has nothing to put back.
  await page.getByRole('button', { name: 'Undo' }).click();
  await ask.getByRole('button', { name: 'Drop 2 later steps and undo' }).click();
  await page.getByRole('switch', { name: 'CPU 3', exact: true }).click();
  await expect(stepPosition(page)).toHaveText(/step 2 \/ 2/);
  await expect(redo).toBeDisabled();
});

test('playback speed: 12× plays a story in a fraction of 1×', async ({ page }) => {
  await open(page);
  for (const cpu of [7, 6, 5, 4]) await page.getByRole('switch', { name: `CPU ${cpu}`, exact: true }).click();
  await expect(stepPosition(page)).toHaveText(/step 6 \/ 6/);
  const speed = page.getByRole('combobox', { name: 'Playback speed' });
  await expect(speed).toHaveValue('700');
  await speed.selectOption({ label: '12×' });
  await page.getByRole('button', { name: 'Play' }).click();
  // 6 steps at 700 ms would take over 4 s; at 60 ms they finish well inside 2.5 s.
  await expect(stepPosition(page)).toHaveText(/step 6 \/ 6/, { timeout: 2_500 });
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
});
