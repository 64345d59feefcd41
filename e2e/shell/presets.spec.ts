import { expect, test } from '@playwright/test';
import { createBackend } from '../../src/sim/engine/backends';
import { Timeline } from '../../src/sim/engine/timeline';
import { decodeFragment } from '../../src/sim/scenario/url';
import { open, shot, stepPosition, steps } from './helpers';

/** What the engine (run here, in Node) says about the scenario the page has open. */
function expectedOutcome(url: string) {
  const decoded = decodeFragment(url);
  if (!decoded.ok) throw new Error(decoded.message);
  const t = new Timeline(decoded.scenario, createBackend);
  return t.outcomes.filter((o) => !o.ok);
}

const PRESET_TITLES = [
  'GICv4.1 guests against the ~8K descriptor cap',
  'x86 vectors: exhaustion and CPU offline, managed vs regular',
  'Shared INTx lines and hot unplug: who owns the mapping?',
  'ITS Multi-MSI: the driver cannot be loaded twice',
  'Xen event channels eating into the GSI space',
];

for (const [i, title] of PRESET_TITLES.entries()) {
  test(`preset ${i + 1} opens as a story and plays through: ${title}`, async ({ page }) => {
    test.setTimeout(120_000);
    await open(page);
    await page.getByRole('button', { name: 'Presets' }).click();
    const dlg = page.getByRole('dialog', { name: 'Presets' });
    await dlg.getByRole('radio', { name: title }).check();
    await dlg.getByRole('button', { name: 'Open story' }).click();
    await expect(dlg).toBeHidden();
    const story = page.getByRole('region', { name: 'Story' });
    await expect(story.getByRole('heading')).toContainText(title);
    await expect(stepPosition(page)).toHaveText(/step 0 \/ \d+/);
    const total = Number((await stepPosition(page).textContent())!.match(/\/ (\d+)/)![1]);
    if (i === 0) await shot(page, 'preset-title-card');
    // Play through quickly: drag the scrubber to the end (play itself is tested in timeline.spec).
    await page.getByRole('button', { name: 'Step forward' }).click();
    await expect(stepPosition(page)).toHaveText(new RegExp(`step 1 / ${total}`));
    await expect(story).toContainText(`Step 1 of ${total}`);
    const slider = page.getByRole('slider', { name: 'Timeline position' });
    await slider.focus();
    await page.keyboard.press('End');
    await expect(stepPosition(page)).toHaveText(new RegExp(`step ${total} / ${total}`), { timeout: 30_000 });
    await expect(story.locator('.story-explanation')).toBeVisible();
    // The outcome on screen is the kernel's: the same steps refused, with the same errors.
    await page.waitForFunction(() => location.hash.length > 3);
    const refused = expectedOutcome(page.url());
    const playback = page.getByRole('toolbar', { name: 'Playback' });
    if (refused.length) await expect(page.locator('.refused-count')).toHaveText(` · ${refused.length} refused`);
    else await expect(page.locator('.refused-count')).toHaveCount(0);
    const last = refused[refused.length - 1];
    if (last) {
      const row = steps(page).filter({ hasText: `refused: ${last.error}` }).last();
      await expect(row).toBeVisible();
      if (last.message) await expect(row).toContainText(last.message);
    }
    await expect(playback).toBeVisible();
    await shot(page, `preset-${i + 1}-end`);
    // The other kernel behaviour, one click away.
    const other = story.getByRole('button', { name: /^Same story, / });
    if ((await other.count()) > 0) {
      await other.first().click();
      await expect(stepPosition(page)).toHaveText(new RegExp(`step 0 / ${total}`));
    }
  });
}
