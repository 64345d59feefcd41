// Big inputs must not freeze the tab: a 10,000-step scenario replays in the worker while the
// page keeps answering, and links of the maximum size (or beyond) get a clear message.
import { expect, test } from '@playwright/test';
import type { Scenario, Step } from '../../src/sim/scenario/schema';
import { MAX_LINK_CHARS, encodeFragment } from '../../src/sim/scenario/url';
import { stepPosition } from './helpers';

function bigScenario(): Scenario {
  const steps: Step[] = [{ do: 'device.add', id: 'eth0', type: 'nic', queues: 16 }];
  for (let i = 0; steps.length < 10_000; i++) {
    steps.push({ do: 'irq.affinity', device: 'eth0', vector: i % 16, cpus: [i % 8] });
    steps.push({ do: 'irq.fire', device: 'eth0', vector: i % 16 });
  }
  return { scenario: 1, title: 'ten thousand steps', machine: { arch: 'x86_64', cpus: 8 }, steps: steps.slice(0, 10_000) };
}

test('a 10,000-step scenario opens from its link, and the page answers while it replays', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/' + encodeFragment(bigScenario()));
  // The page is usable before (and while) the engine replays: the theme toggle answers.
  const theme = page.getByRole('button', { name: /theme/i }).first();
  await expect(theme).toBeVisible({ timeout: 10_000 });
  await theme.click();
  await expect(stepPosition(page)).toHaveText('step 10000 / 10000', { timeout: 90_000 });
  // Scrubbing to the middle shows that state.
  const slider = page.getByRole('slider').first();
  await slider.focus();
  await page.keyboard.press('Home');
  await expect(stepPosition(page)).toHaveText('step 0 / 10000', { timeout: 30_000 });
  await expect(page.getByRole('switch', { name: 'CPU 7', exact: true })).toHaveAttribute('aria-checked', 'true');
});

test('a link of the maximum size gets a clear message, not a frozen or blank page', async ({ page }) => {
  test.setTimeout(90_000);
  // Incompressible noise of exactly the maximum length the decoder accepts.
  let noise = '';
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let x = 12345;
  while (noise.length < MAX_LINK_CHARS - 4) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    noise += alphabet[x >>> 26];
  }
  await page.goto('/#s1.' + noise);
  const alert = page.getByRole('alert').first();
  await expect(alert).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('button', { name: 'Start fresh' })).toBeVisible();
  await page.getByRole('button', { name: 'Start fresh' }).click();
  await expect(page.getByRole('switch', { name: 'CPU 0', exact: true })).toBeVisible({ timeout: 20_000 });
});

test('a link over the maximum size says how long it is and what is accepted', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/#s1.' + 'A'.repeat(MAX_LINK_CHARS + 10));
  await expect(page.getByText(/more than the 2000000 accepted/)).toBeVisible({ timeout: 60_000 });
});
