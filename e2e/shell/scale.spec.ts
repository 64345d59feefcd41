// The stories' own machines at their real size, opened by link as a reader of a mail thread
// would: 256 GICv4.1 guests of 32 vCPUs on a 128-CPU host, and a 1024-CPU x86 server with 64
// NVMe drives of 64 queues that takes every CPU offline and back. They open, scrub to the
// middle, the start and the end, and play; a slowed-down engine is busy, never "dead".
// (How fast is for `npm run bench:ui`; these check that it works at all at this size.)
import { expect, test, type Page } from '@playwright/test';
import { gicv4ScaleWorkload, x86ScaleWorkload } from '../../src/sim/bench/scale';
import type { Scenario } from '../../src/sim/scenario/schema';
import { encodeFragment } from '../../src/sim/scenario/url';
import { shot, stepPosition, watchErrors } from './helpers';

function link(w: { machine: Scenario['machine']; steps: Scenario['steps'] }): string {
  return '/' + encodeFragment({ scenario: 1, title: 'scale', machine: w.machine, steps: w.steps });
}

async function scrubTo(page: Page, k: number, total: number): Promise<void> {
  await page.getByRole('slider', { name: 'Timeline position' }).fill(String(k));
  await expect(stepPosition(page)).toHaveText(new RegExp(`^step ${k} / ${total}`), { timeout: 30_000 });
}

const descriptors = (page: Page) => page.getByRole('region', { name: 'IRQ descriptors' });

test('256 GICv4.1 guests x 32 vCPUs: the link opens, scrubs and plays', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  const w = gicv4ScaleWorkload();
  const n = w.steps.length;
  await page.goto(link(w));
  await expect(stepPosition(page)).toHaveText(`step ${n} / ${n}`, { timeout: 60_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
  // Every guest launched, then was destroyed: the host is back to its own descriptors.
  await expect(page.getByRole('list', { name: 'Steps' }).getByText(/refused/)).toHaveCount(0);
  // The middle: all 256 guests running, 256 x 544 descriptors on top of the host's.
  await scrubTo(page, 256, n);
  await expect(descriptors(page)).toContainText(/allocated 139,?2\d\d/);
  await scrubTo(page, 0, n);
  await expect(descriptors(page)).toContainText(/allocated \d{2}\b/);
  await scrubTo(page, n, n);
  await scrubTo(page, 200, n);
  await expect(descriptors(page)).toContainText(/allocated 108,?\d{3}/);
  await shot(page, 'scale-gicv4-200');
  // Play at full size.
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(stepPosition(page)).toHaveText(/^step 20[3-9] \//, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  expect(errors).toEqual([]);
});

test('1024 CPUs, 64 NVMe x 64 queues, every CPU offline and online: the link opens, scrubs and plays', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  const w = x86ScaleWorkload();
  const n = w.steps.length;
  await page.goto(link(w));
  await expect(stepPosition(page)).toHaveText(`step ${n} / ${n}`, { timeout: 60_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
  const machine = page.getByRole('region', { name: 'Machine' });
  // Steps 65..1087 take CPUs 1..1023 offline: after 1055 steps CPUs 1..991 are offline.
  await scrubTo(page, 1055, n);
  await expect(machine).toContainText('node 0 · 1/128 online');
  await expect(machine).toContainText('node 7 · 32/128 online');
  await scrubTo(page, 0, n);
  await expect(machine).toContainText('node 7 · 128/128 online · 0 vectors');
  await scrubTo(page, n, n);
  await expect(machine).toContainText('node 7 · 128/128 online');
  // Steps 1088..2110 bring CPUs 1..1023 back: after 1500, CPUs up to 413 are online again.
  await scrubTo(page, 1500, n);
  await expect(machine).toContainText('node 3 · 30/128 online');
  await shot(page, 'scale-x86-1500');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(stepPosition(page)).toHaveText(/^step 150[3-9] \//, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  expect(errors).toEqual([]);
});

test('a slow engine is busy, not dead: progress shows, the watchdog stays quiet, the link opens', async ({ page }) => {
  test.setTimeout(120_000);
  // 240 steps at 60 ms each: a 15 s replay, longer than the watchdog's 10 s.
  const steps: Scenario['steps'] = [{ do: 'device.add', id: 'eth0', type: 'nic', queues: 8 }];
  for (let i = 1; i < 240; i++) steps.push({ do: 'irq.affinity', device: 'eth0', vector: i % 8, cpus: [i % 4] });
  await page.goto('/?engine-slowdown=60' + link({ machine: { cpus: 4 }, steps }).slice(1));
  const progress = page.getByRole('status').filter({ hasText: /Replaying step \d+ of 240/ });
  await expect(progress).toBeVisible({ timeout: 20_000 });
  await expect(progress.getByRole('progressbar', { name: 'Replay progress' })).toBeVisible();
  await expect(stepPosition(page)).toHaveText('step 240 / 240', { timeout: 60_000 });
  // The progress goes away with the work (not at some multiple of a batch size).
  await expect(page.getByRole('status').filter({ hasText: /Replaying step/ })).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByText('This scenario link cannot be opened')).toHaveCount(0);
});
