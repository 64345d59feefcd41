// The kernel-text workspace (issue 13): both text panes maximise and restore, the kernel text
// is searched in the worker (marks, count, next/previous), the selected irq's row is marked in
// /proc/interrupts, the event log filters to it and marks its search, every line can be read
// whole (sideways scroll, rows shown whole on focus), at three screen sizes in both themes.
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { Scenario } from '../../src/sim/scenario/schema';
import { PRESETS, presetScenario } from '../../src/sim/scenario/presets';
import { encodeFragment } from '../../src/sim/scenario/url';
import { machine, openScenario, shot, watchErrors } from './helpers';

const ARM64_8: Scenario = {
  scenario: 2,
  title: 'textws e2e: arm64, 8 CPUs, GICv3 ITS',
  machine: { arch: 'arm64', cpus: 8, gic: { version: 'v3', lpiBits: 16, its: 1 } },
  steps: [
    { do: 'device.add', id: 'nvme0', type: 'nvme', queues: 8 },
    { do: 'device.add', id: 'eth0', type: 'nic', queues: 4 },
  ],
} as Scenario;

/** Opens an arm64 scenario (its vector space is the LPI view, not the x86 grid). */
async function openArm64(page: Page): Promise<void> {
  await page.goto('/' + encodeFragment(ARM64_8));
  await expect(page.getByRole('switch', { name: 'CPU 0', exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('group', { name: 'Interrupts of eth0' })).toBeVisible({ timeout: 20_000 });
}

function kernelText(page: Page): Locator {
  return page.getByRole('region', { name: 'debugfs' });
}

async function openProcInterrupts(page: Page): Promise<Locator> {
  const pane = kernelText(page);
  await pane.getByRole('combobox').first().selectOption('/proc/interrupts');
  const text = pane.getByRole('document', { name: '/proc/interrupts text' });
  await expect(text).toContainText('CPU0');
  return text;
}

/** Whether `inner`'s box lies inside `outer`'s visible box. */
async function inside(outer: Locator, inner: Locator): Promise<boolean> {
  const o = (await outer.boundingBox())!;
  const i = (await inner.boundingBox())!;
  return i.x >= o.x - 1 && i.x + i.width <= o.x + o.width + 1 && i.y >= o.y - 1 && i.y + i.height <= o.y + o.height + 1;
}

async function useTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  const toggle = page.getByRole('button', { name: /^Theme: / });
  for (let i = 0; i < 3 && (await toggle.getAttribute('aria-label')) !== `Theme: ${theme}`; i++) await toggle.click();
  await expect(toggle).toHaveAttribute('aria-label', `Theme: ${theme}`);
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

test('kernel text and event log maximise, restore by the toggle and by Escape, and the page stays one screen', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1600, height: 1000 });
  await openScenario(page, machine(8));
  const pane = kernelText(page);
  const events = page.getByRole('region', { name: 'Event stream' });
  const timeline = page.getByRole('list', { name: 'Steps' });
  const before = (await pane.boundingBox())!;

  const maxText = pane.getByRole('button', { name: 'Maximise' });
  await expect(maxText).toHaveAttribute('aria-pressed', 'false');
  await maxText.click();
  await expect(maxText).toHaveAttribute('aria-pressed', 'true');
  const big = (await pane.boundingBox())!;
  expect(big.width).toBeGreaterThan(1500);
  expect(big.height).toBeGreaterThan(before.height * 2);
  await expect(page.getByRole('region', { name: 'Vector space' })).toBeHidden();
  await expect(events).toBeHidden();
  // The timeline stays, under the pane, on screen: a scenario can still be played.
  await expect(timeline).toBeInViewport();
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(1000);
  await shot(page, 'textws-debugfs-max-1600');

  await maxText.click();
  await expect(maxText).toHaveAttribute('aria-pressed', 'false');
  await expect(events).toBeVisible();
  expect(Math.round((await pane.boundingBox())!.width)).toBe(Math.round(before.width));

  const maxEvents = events.getByRole('button', { name: 'Maximise' });
  await maxEvents.click();
  await expect(maxEvents).toHaveAttribute('aria-pressed', 'true');
  expect((await events.boundingBox())!.width).toBeGreaterThan(1500);
  await expect(pane).toBeHidden();
  await page.keyboard.press('Escape');
  await expect(maxEvents).toHaveAttribute('aria-pressed', 'false');
  await expect(pane).toBeVisible();
  await expect(page.getByRole('region', { name: 'Vector space' })).toBeVisible();

  // At rest the kernel text is no 300 px strip any more.
  expect(before.width).toBeGreaterThan(600);
  expect(errors).toEqual([]);
});

test('search runs over the whole kernel text: marks, N matches, next and previous', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1600, height: 1000 });
  // 64 CPUs: /proc/interrupts is wider and longer than the pane; matches lie outside the window.
  await openScenario(page, machine(64, 2, 32));
  const pane = kernelText(page);
  const text = await openProcInterrupts(page);
  const box = pane.getByRole('searchbox', { name: 'Search the kernel text' });
  const count = pane.getByRole('search').getByRole('status');

  await box.fill('nvme0q');
  // 32 I/O queues + the admin queue, one occurrence per line.
  await expect(count).toHaveText('1 of 33 matches · 33 lines');
  const marks = text.locator('mark.dbg-hit');
  await expect(marks.first()).toHaveText(/^nvme0q$/i);
  const current = text.locator('mark.dbg-hit.is-current');
  await expect(current).toHaveCount(1);
  // The first match is far to the right of a 64-CPU line: the pane scrolled sideways to it.
  await expect.poll(() => inside(text, current)).toBe(true);
  const firstLine = await current.evaluate((m) => m.closest('[data-line]')!.getAttribute('data-line'));

  await pane.getByRole('button', { name: 'Next match' }).click();
  await expect(count).toHaveText('2 of 33 matches · 33 lines');
  const secondLine = await current.evaluate((m) => m.closest('[data-line]')!.getAttribute('data-line'));
  expect(Number(secondLine)).toBe(Number(firstLine) + 1);
  await pane.getByRole('button', { name: 'Previous match' }).click();
  await pane.getByRole('button', { name: 'Previous match' }).click();
  // Previous from the first wraps round to the last.
  await expect(count).toHaveText('33 of 33 matches · 33 lines');
  await expect.poll(() => inside(text, current)).toBe(true);
  await expect(current).toHaveText(/nvme0q/i);
  // Enter in the box is "next" (wrapping to the first again).
  await box.press('Enter');
  await expect(count).toHaveText('1 of 33 matches · 33 lines');

  // grep -E: a regular expression, and a bad one is named, not thrown.
  await pane.getByRole('checkbox', { name: 'regexp' }).check();
  // q1, q10-q19, q2, q20-q29.
  await box.fill('nvme0q[12]\\d?$');
  await expect(count).toContainText('of 22 matches');
  await box.fill('nvme0q(');
  await expect(count).toContainText('not a regular expression');
  await expect(box).toHaveAttribute('aria-invalid', 'true');
  await box.fill('Edge');
  await expect(count).toContainText('matches');
  await expect(text.locator('mark.dbg-hit').first()).toBeVisible();
  await box.fill('');
  await expect(count).toHaveText('');
  await expect(text.locator('mark.dbg-hit')).toHaveCount(0);
  await shot(page, 'textws-search');
  expect(errors).toEqual([]);
});

test('the selected irq: its row is marked in /proc/interrupts and the event log filters to it', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1600, height: 1000 });
  await openScenario(page, machine(8));
  const text = await openProcInterrupts(page);
  const chip = page.getByRole('group', { name: 'Interrupts of nvme0' }).getByRole('button').nth(2);
  const irq = (await chip.textContent())!.trim();
  await chip.click();
  const row = text.locator('.dbg-line.is-selected');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveText(new RegExp(`^\\s*${irq}:.*nvme0q`));
  await expect(row).toHaveAttribute('aria-current', 'true');
  // irqs/N still opens from the pane.
  await expect(kernelText(page).getByRole('button', { name: `Show irqs/${irq}` })).toBeVisible();

  const events = page.getByRole('region', { name: 'Event stream' });
  const log = events.getByRole('log', { name: 'Events' });
  const only = events.getByRole('checkbox', { name: `only IRQ ${irq}` });
  await expect(only).not.toBeChecked();
  const all = Number(/(\d+) events/.exec((await events.locator('.ev-count').textContent())!)![1]);
  await only.check();
  await expect(events.locator('.ev-count')).toHaveText(new RegExp(`^\\d+ of ${all}`));
  const shown = Number(/^(\d+) of/.exec((await events.locator('.ev-count').textContent())!)![1]);
  expect(shown).toBeGreaterThan(0);
  expect(shown).toBeLessThan(all);
  const lines = await log.locator('.ev-row').allTextContents();
  expect(lines.length).toBeGreaterThan(0);
  for (const l of lines) expect(l).toMatch(new RegExp(`irq=${irq}\\b`));

  // The log's text search runs in the worker and marks what it matched.
  await only.uncheck();
  await events.getByRole('searchbox', { name: 'Search the events' }).fill('VECTOR');
  await expect(log.locator('mark.ev-hit').first()).toBeVisible();
  await expect(log.locator('mark.ev-hit').first()).toHaveText(/^vector$/i);
  await expect(events.locator('.ev-count')).toHaveText(new RegExp(`^\\d+ of ${all}`));
  expect(errors).toEqual([]);
});

test('every line can be read whole: arm64 8 CPUs /proc/interrupts columns, event rows and refusals on focus', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  await openArm64(page);
  const text = await openProcInterrupts(page);
  const line = text.locator('.dbg-line', { hasText: 'eth0-TxRx-3' });
  await expect(line).toHaveCount(1);
  await expect(line).toContainText('ITS-PCI-MSIX-0000:02:00.0   3 Edge      eth0-TxRx-3');
  // Scrolled to its right edge, the pane shows the end of the line (chip, hwirq and name).
  await text.evaluate((el) => (el.scrollLeft = el.scrollWidth));
  const end = await line.evaluate((el) => {
    const r = document.createRange();
    r.selectNodeContents(el);
    return r.getBoundingClientRect().right;
  });
  const boxRight = await text.evaluate((el) => el.getBoundingClientRect().right);
  expect(end).toBeLessThanOrEqual(boxRight + 1);
  await shot(page, 'textws-arm64-scrolled');

  // Event rows: a focused row (arrow keys from the log) shows its whole line.
  const events = page.getByRole('region', { name: 'Event stream' });
  const log = events.getByRole('log', { name: 'Events' });
  await log.focus();
  await page.keyboard.press('Home');
  const focused = log.locator('.ev-row:focus');
  await expect(focused).toHaveCount(1);
  await expect(focused).toHaveAttribute('data-index', '0');
  await page.keyboard.press('ArrowDown');
  await expect(focused).toHaveAttribute('data-index', '1');
  // Whole: nothing clipped (the row grew to its text).
  expect(await focused.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);

  // A refusal in the timeline, focused by keyboard, shows in full.
  await openScenario(page, presetScenario(PRESETS[1], 0));
  const refused = page.getByRole('list', { name: 'Steps' }).locator('.step-refused button');
  await expect(refused).toHaveCount(1);
  await refused.focus();
  const err = refused.locator('.step-error');
  await expect(err).toContainText('only 0 available');
  expect(await err.evaluate((el) => el.scrollWidth <= el.clientWidth + 1 && el.getBoundingClientRect().right <= el.closest('.timeline-list')!.getBoundingClientRect().right + 1)).toBe(true);
  await shot(page, 'textws-refusal-focused');
  expect(errors).toEqual([]);
});

test('the panes keep their place while a scenario plays, maximised or not', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1600, height: 1000 });
  await openScenario(page, presetScenario(PRESETS[1], 0));
  await openProcInterrupts(page);
  const pane = kernelText(page);
  // Hidden while the kernel text is maximised: then its box is null, and must stay so.
  const events = page.getByRole('region', { name: 'Event stream', includeHidden: true });
  const boxes = async () => JSON.stringify([await pane.boundingBox(), await events.boundingBox()].map((b) => b && [b.x, b.y, b.width, b.height].map(Math.round)));
  const playback = page.getByRole('toolbar', { name: 'Playback' });
  for (const maximised of [false, true]) {
    if (maximised) await pane.getByRole('button', { name: 'Maximise' }).click();
    await playback.getByRole('slider', { name: 'Timeline position' }).fill('0');
    await expect(playback).toContainText('step 0 /');
    const at0 = await boxes();
    await playback.getByRole('combobox', { name: 'Playback speed' }).selectOption({ label: '12×' });
    await playback.getByRole('button', { name: 'Play' }).click();
    const seen = new Set<string>([at0]);
    for (let i = 0; i < 12; i++) {
      seen.add(await boxes());
      await page.waitForTimeout(50);
    }
    await expect(playback).toContainText('step 9 / 9');
    seen.add(await boxes());
    expect([...seen]).toEqual([at0]);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(1000);
  }
  expect(errors).toEqual([]);
});

for (const [w, h] of [
  [1366, 768],
  [1600, 1000],
  [2560, 1440],
] as const) {
  for (const theme of ['light', 'dark'] as const) {
    test(`screenshots ${w}x${h} ${theme}: at rest, kernel text maximised, searched`, async ({ page }) => {
      const errors = watchErrors(page);
      await page.setViewportSize({ width: w, height: h });
      await openArm64(page);
      await useTheme(page, theme);
      await openProcInterrupts(page);
      await page.getByRole('group', { name: 'Interrupts of nvme0' }).getByRole('button').nth(1).click();
      await expect(kernelText(page).locator('.dbg-line.is-selected')).toHaveCount(1);
      // One desktop screen: nothing below the fold.
      expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(h);
      await shot(page, `textws-${w}x${h}-${theme}`);
      const pane = kernelText(page);
      await pane.getByRole('button', { name: 'Maximise' }).click();
      await pane.getByRole('searchbox', { name: 'Search the kernel text' }).fill('Edge');
      await expect(pane.getByRole('search').getByRole('status')).toContainText('matches');
      expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(h);
      await shot(page, `textws-${w}x${h}-${theme}-max`);
      await page.keyboard.press('Escape'); // clears the search
      await page.keyboard.press('Escape'); // restores the pane
      await expect(pane.getByRole('button', { name: 'Maximise' })).toHaveAttribute('aria-pressed', 'false');
      await page.getByRole('region', { name: 'Event stream' }).getByRole('button', { name: 'Maximise' }).click();
      await shot(page, `textws-${w}x${h}-${theme}-events-max`);
      expect(errors).toEqual([]);
    });
  }
}
