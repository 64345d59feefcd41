// Shared steps of the views' end-to-end tests: open the built app on a scenario carried by
// the URL fragment (as a shared link would), collect page errors, take screenshots.
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import type { Scenario } from '../../src/sim/scenario/schema';
import { encodeFragment } from '../../src/sim/scenario/url';

export const SHOTS = fileURLToPath(new URL('../../test-results/views/', import.meta.url));

export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** A machine of `cpus` CPUs over `nodes` nodes with an NVMe (managed queues) and a NIC. */
export function machine(cpus: number, nodes = 1, queues = Math.min(cpus, 8)): Scenario {
  return {
    scenario: 1,
    title: `views e2e: ${cpus} CPUs`,
    machine: { arch: 'x86_64', cpus, nodes },
    steps: [
      { do: 'device.add', id: 'nvme0', type: 'nvme', queues },
      { do: 'device.add', id: 'eth0', type: 'nic', queues: 4 },
    ],
  } as Scenario;
}

/** Opens the app on `s` in `scheme` and waits until its last step is shown. */
export async function openScenario(page: Page, s: Scenario, scheme: 'light' | 'dark' = 'light'): Promise<void> {
  await page.emulateMedia({ colorScheme: scheme });
  await page.goto('/' + encodeFragment(s));
  await expect(page.getByRole('switch', { name: 'CPU 0', exact: true }).or(page.getByRole('button', { name: /^node 0/ })).first()).toBeVisible({
    timeout: 20_000,
  });
  await expect(page.getByRole('region', { name: 'Vector space' }).getByRole('img', { name: /Vector grid/ })).toBeVisible({ timeout: 20_000 });
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
}

/** Reads the selected irq's vector and target CPU from the domain pane's chain summary. */
export async function selectedTarget(page: Page): Promise<{ vector: number; cpu: number }> {
  const chain = page.getByRole('group', { name: /^Chain of irq/ });
  await expect(chain).toContainText('vector 0x');
  const text = (await chain.textContent()) ?? '';
  const m = /vector 0x([0-9a-f]+) on CPU (\d+)/.exec(text);
  if (!m) throw new Error(`no vector in chain text: ${text}`);
  return { vector: parseInt(m[1], 16), cpu: Number(m[2]) };
}
