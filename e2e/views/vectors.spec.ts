import { expect, test } from '@playwright/test';
import { machine, openScenario, selectedTarget, shot, watchErrors } from './helpers';

test.describe('vector grid', () => {
  test('hovering a cell names its irq, device and domain; clicking selects it everywhere', async ({ page }) => {
    const errors = watchErrors(page);
    await openScenario(page, machine(8));
    // Select an NVMe interrupt from the machine panel: the domain tree shows its chain.
    const chip = page.getByRole('group', { name: 'Interrupts of nvme0' }).getByRole('button').nth(1);
    const irq = Number((await chip.textContent())!.trim());
    await chip.click();
    await expect(chip).toHaveAttribute('aria-pressed', 'true');
    const { vector, cpu } = await selectedTarget(page);
    // Hover that cell of the grid (one node: rows are CPUs in order, 28 px at most).
    const grid = page.getByRole('img', { name: /Vector grid/ });
    const box = (await grid.boundingBox())!;
    const rowH = Math.min(28, (box.height - 2) / 8);
    await page.mouse.move(box.x + 1 + (vector + 0.5) * ((box.width - 2) / 256), box.y + 1 + (cpu + 0.5) * rowH);
    const tip = page.getByRole('tooltip');
    await expect(tip).toContainText(`CPU ${cpu} · vector 0x${vector.toString(16).padStart(2, '0')} (${vector})`);
    await expect(tip).toContainText(`irq ${irq}`);
    await expect(tip).toContainText('device nvme0');
    await expect(tip).toContainText('VECTOR');
    await shot(page, 'vectors-8-hover-light');
    // Clicking another cell with an irq selects it in every view.
    await page.getByRole('button', { name: 'Clear the selected irq' }).click();
    await page.mouse.click(box.x + 1 + (vector + 0.5) * ((box.width - 2) / 256), box.y + 1 + (cpu + 0.5) * rowH);
    await expect(page.getByRole('group', { name: `Chain of irq ${irq}` })).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('the exception range and system vectors are named; keyboard zoom and pan move the view', async ({ page }) => {
    await openScenario(page, machine(8));
    const grid = page.getByRole('img', { name: /Vector grid/ });
    const box = (await grid.boundingBox())!;
    await page.mouse.move(box.x + 4, box.y + 4);
    await expect(page.getByRole('tooltip')).toContainText('exception (0-31)');
    await page.mouse.move(box.x + box.width - 3, box.y + 4);
    await expect(page.getByRole('tooltip')).toContainText('vector 0xff (255)');
    await expect(page.getByRole('tooltip')).toContainText('system');
    // Zoom in around the centre: the left edge is no longer vector 0.
    await grid.focus();
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await page.mouse.move(box.x + 4, box.y + 4);
    const tip = page.getByRole('tooltip');
    await expect(tip).toBeVisible();
    const text = (await tip.textContent()) ?? '';
    const v = Number(/\((\d+)\)/.exec(text)![1]);
    expect(v).toBeGreaterThan(32);
    // Wheel zoom also works and 0 resets.
    await page.mouse.wheel(0, -400);
    await grid.focus();
    await page.keyboard.press('0');
    await page.mouse.move(box.x + 2, box.y + 4);
    await expect(page.getByRole('tooltip')).toContainText('vector 0x00 (0)');
  });

  test('screenshots: 8 CPUs light and dark, 1024 CPUs light and dark', async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1440, height: 1000 });
    await openScenario(page, machine(8, 2));
    await shot(page, 'app-8-light');
    await openScenario(page, machine(8, 2), 'dark');
    await shot(page, 'app-8-dark');
    const big = machine(1024, 8, 64);
    await openScenario(page, big);
    await expect(page.getByRole('button', { name: /^node 7/ })).toBeVisible();
    await shot(page, 'app-1024-light');
    await openScenario(page, big, 'dark');
    await page.getByRole('img', { name: /Vector grid/ }).hover();
    await page.mouse.wheel(0, -500);
    await shot(page, 'app-1024-dark-zoomed');
  });
});
