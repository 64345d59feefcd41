// Shared steps of the shell's end-to-end tests: open the app, wait for the engine, collect
// page errors, and take screenshots into test-results/shell/.
import { expect, type Page } from '@playwright/test';

export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** Opens the page (optionally with a fragment) on a clean storage and waits for the engine's first snapshot. */
export async function open(page: Page, hash = ''): Promise<void> {
  await page.goto(`/${hash}`);
  await expect(page.getByRole('switch', { name: 'CPU 0', exact: true })).toBeVisible({ timeout: 15_000 });
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/shell/${name}.png`, fullPage: true });
}

export function stepPosition(page: Page) {
  return page.getByRole('toolbar', { name: 'Playback' }).locator('.position');
}

/** The timeline's step rows. */
export function steps(page: Page) {
  return page.getByRole('list', { name: 'Steps' }).getByRole('listitem');
}

/** Opens the app and a preset story under one of its kernel variants (the variant's radio label). */
export async function openStory(page: Page, title: string, variant?: RegExp): Promise<void> {
  await open(page);
  await page.getByRole('button', { name: 'Presets' }).click();
  const dlg = page.getByRole('dialog', { name: 'Presets' });
  await dlg.getByRole('radio', { name: title }).check();
  if (variant) await dlg.getByRole('radio', { name: variant }).check();
  await dlg.getByRole('button', { name: 'Open story' }).click();
  await expect(dlg).toBeHidden();
}
