// A Xen dom0 with 2048 CPUs: its /proc/interrupts is a row per CPU per per-CPU event channel,
// each 2048 counts wide (326 MB as one text). The text pane reads only its visible rows, so
// the machine opens, the view shows, and the engine is never declared dead.
import { expect, test } from '@playwright/test';
import { encodeFragment } from '../../src/sim/scenario/url';

test('a 2048-CPU Xen dom0 opens and shows /proc/interrupts without the engine dying', async ({ page }) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const scenario = { scenario: 2, title: 'dom0, 2048 CPUs', machine: { arch: 'x86_64', cpus: 2048, xen: { role: 'dom0' } }, steps: [{ do: 'device.add', id: 'nvme0', type: 'nvme', queues: 8 }] };
  await page.goto('/' + encodeFragment(scenario as never));
  const view = page.getByRole('region', { name: '/proc/interrupts' });
  await expect(view).toContainText('CPU2047', { timeout: 60_000 });
  await expect(view).toContainText(/xen-percpu +-(virq|ipi) +\w+/, { timeout: 30_000 });
  // The watchdog fires after 6-8 s of silence: well past it, the engine is still alive.
  await page.waitForTimeout(12_000);
  await expect(page.getByText('The simulation engine stopped.')).toHaveCount(0);
  await expect(view).toContainText('CPU2047');
  expect(errors).toEqual([]);
  await page.screenshot({ path: 'test-results/xen-dom0-2048.png' });
});
