// Nothing a user built is lost without asking: a bad link pasted over a scenario, Back after
// it, "Start fresh", opening a preset, a full browser storage.
import { expect, test, type Page } from '@playwright/test';
import { open, stepPosition, steps, watchErrors } from './helpers';

async function handBuilt(page: Page): Promise<string> {
  await open(page);
  await page.getByRole('switch', { name: 'CPU 5', exact: true }).click();
  await page.getByRole('switch', { name: 'CPU 6', exact: true }).click();
  await expect(stepPosition(page)).toHaveText('step 4 / 4');
  return settledHash(page);
}

/** The hash once the link writer (which coalesces bursts) has caught up and stored it. */
async function settledHash(page: Page): Promise<string> {
  let last = '';
  await expect
    .poll(async () => {
      const now = await page.evaluate(() => `${location.hash}|${localStorage.getItem('irqscope.scenario')}`);
      const stable = now === last && now.split('|')[0] === now.split('|')[1];
      last = now;
      return stable;
    }, { intervals: [300] })
    .toBe(true);
  return last.split('|')[0];
}

test('a bad link pasted over a hand-built scenario replaces nothing; Back and "Back to your scenario" return to it', async ({ page }) => {
  const errors = watchErrors(page);
  const good = await handBuilt(page);
  await page.evaluate(() => (location.hash = '#s1.AAAA-broken'));
  const alert = page.getByRole('alert').filter({ hasText: 'This scenario link cannot be opened' });
  await expect(alert).toContainText('the scenario you had open is untouched');
  await page.goBack();
  await expect(alert).toBeHidden();
  await expect(stepPosition(page)).toHaveText('step 4 / 4');
  expect(await page.evaluate(() => location.hash)).toBe(good);
  // Again, and this time the button.
  await page.evaluate(() => (location.hash = '#s1.AAAA-broken-again'));
  await alert.getByRole('button', { name: 'Back to your scenario' }).click();
  await expect(alert).toBeHidden();
  await expect(steps(page).last()).toContainText('CPU 6 offline');
  await expect.poll(() => page.evaluate(() => location.hash)).toBe(good);
  expect(errors).toEqual([]);
});

test('"Start fresh" and opening a preset keep the hand-built scenario in Recent, and it reopens', async ({ page }) => {
  await handBuilt(page);
  // A bad link on a fresh page load (nothing open), then Start fresh.
  await page.goto('/#s1.AAAA-broken');
  await page.getByRole('button', { name: 'Start fresh' }).click();
  await expect(stepPosition(page)).toHaveText('step 2 / 2');
  await page.getByRole('button', { name: /^Recent/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Recent scenarios' });
  const entry = dialog.getByRole('button', { name: /^Reopen / }).first();
  await expect(dialog).toContainText('4 steps');
  await entry.click();
  await expect(stepPosition(page)).toHaveText('step 4 / 4');
  await expect(steps(page).last()).toContainText('CPU 6 offline');
  // Opening a preset over it keeps it too.
  await page.getByRole('button', { name: 'Presets' }).click();
  await page.getByRole('dialog', { name: 'Presets' }).getByRole('button', { name: 'Open story' }).click();
  await expect(stepPosition(page)).toHaveText(/^step 0 \//);
  await page.getByRole('button', { name: /^Recent/ }).click();
  await dialog.getByRole('button', { name: /^Reopen / }).first().click();
  await expect(stepPosition(page)).toHaveText('step 4 / 4');
});

test('a full browser storage loses nothing: the link still carries every step, and the user is told', async ({ page }) => {
  await open(page);
  await settledHash(page);
  // Fill localStorage to its quota.
  await page.evaluate(() => {
    let i = 0;
    for (let size = 1 << 20; size >= 1; size >>= 1) {
      const chunk = 'x'.repeat(size);
      for (;;) {
        try {
          localStorage.setItem(`filler${i++}`, chunk);
        } catch {
          break;
        }
      }
    }
  });
  const before = await page.evaluate(() => location.hash);
  expect(before).toMatch(/^#s1\./);
  await page.getByRole('switch', { name: 'CPU 3', exact: true }).click();
  await expect(stepPosition(page)).toHaveText('step 3 / 3');
  await expect.poll(() => page.evaluate(() => location.hash)).not.toBe(before);
  const three = await page.evaluate(() => location.hash);
  await page.getByRole('switch', { name: 'CPU 4', exact: true }).click();
  await expect(stepPosition(page)).toHaveText('step 4 / 4');
  await expect.poll(() => page.evaluate(() => location.hash)).not.toBe(three);
  await expect(page.getByRole('alert').filter({ hasText: 'storage is full' })).toBeVisible();
  const link = await page.evaluate(() => location.href);
  const other = await page.context().newPage();
  await other.goto(link);
  await expect(stepPosition(other)).toHaveText('step 4 / 4', { timeout: 15_000 });
  await expect(steps(other).last()).toContainText('CPU 4 offline');
});

test('a saved scenario whose replay is slow survives a reload: kept in storage while the engine works, reopened at its step', async ({ page }) => {
  test.setTimeout(120_000);
  await open(page);
  for (const cpu of [7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4]) {
    const before = (await stepPosition(page).textContent()) ?? '';
    await page.getByRole('switch', { name: `CPU ${cpu}`, exact: true }).click();
    await expect(stepPosition(page)).not.toHaveText(before);
  }
  await expect(stepPosition(page)).toHaveText('step 13 / 13');
  const slider = page.getByRole('slider', { name: 'Timeline position' });
  await slider.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(stepPosition(page)).toHaveText('step 12 / 13');
  const saved = await settledHash(page);
  expect(saved).toContain('~at=12');
  // Reopen the page without the link (from storage) with an engine slowed to 1 s a step (its most): 12 s
  // of replay, longer than the watchdog's 10 s.
  await page.goto('/?engine-slowdown=1000');
  const progress = page.getByRole('status').filter({ hasText: /Replaying step \d+ of/ });
  await expect(progress).toBeVisible({ timeout: 20_000 });
  expect(await page.evaluate(() => localStorage.getItem('irqscope.scenario'))).toBe(saved);
  await expect(stepPosition(page)).toHaveText('step 12 / 13', { timeout: 60_000 });
  await expect(page.getByRole('alert').filter({ hasText: /stopped|cannot be opened/ })).toHaveCount(0);
  expect(await page.evaluate(() => localStorage.getItem('irqscope.scenario'))).toContain('~at=12');
});
