// Issue 13, items 2, 8, 9 and 10: each check would have caught its defect in real Chromium.
import { expect, test, type Page } from '@playwright/test';
import { x86ScaleWorkload } from '../../src/sim/bench/scale';
import { createBackend } from '../../src/sim/engine/backends';
import { Timeline } from '../../src/sim/engine/timeline';
import { base64urlDecode, base64urlEncode } from '../../src/sim/scenario/bytes';
import type { Scenario } from '../../src/sim/scenario/schema';
import { encodeFragment } from '../../src/sim/scenario/url';
import { open, openStory, shot, stepPosition } from './helpers';

/** The vector grid's keyboard cursor description of (row 0's CPU, vector): its live text. */
async function describeCell(page: Page, vector: number, downRows = 0): Promise<string> {
  const grid = page.getByRole('img', { name: /Vector grid/ });
  await grid.focus();
  await page.keyboard.press('Escape');
  await page.keyboard.press('ArrowRight'); // the cursor appears on vector 32 of the first row
  for (let v = 32; v < vector; v++) await page.keyboard.press('ArrowRight');
  for (let r = 0; r < downRows; r++) await page.keyboard.press('ArrowDown');
  const tip = page.getByRole('tooltip');
  await expect(tip).toContainText(`vector 0x${vector.toString(16)}`);
  return (await tip.innerText()).replace(/\n/g, ' · ');
}

test('v4.14 x86 vectors story: the ISA vectors 0x30-0x3f are not moving, and no tooltip ends on "domains"', async ({ page }) => {
  await openStory(page, 'x86 vectors: exhaustion and CPU offline, managed vs regular', /^v4\.14/);
  await expect(page.getByRole('region', { name: 'Story' })).toContainText('v4.14');
  const cpu0timer = await describeCell(page, 0x30);
  expect(cpu0timer).toContain('CPU 0 ');
  expect(cpu0timer).toContain('irq 0 timer');
  expect(cpu0timer).not.toMatch(/moving/);
  expect(cpu0timer).not.toMatch(/domains\s*($|·)/);
  // v4.14 had the hierarchy: the cell names the irq's domains, down to VECTOR.
  expect(cpu0timer).toMatch(/domains IO-APIC-(IR-0 → INTEL-IR-0|0) → VECTOR/);
  for (const v of [0x31, 0x34, 0x3f]) expect(await describeCell(page, v)).not.toMatch(/moving/);
  // CPU 1: the IO-APIC took the ISA irqs over before the secondaries came up: free there.
  expect(await describeCell(page, 0x30, 1)).toMatch(/CPU 1 .*free/);
  await shot(page, 'ux2-v414-isa-vectors');
});

test('a link cut short when copied is reported as truncated, not as "added or changed at the end"', async ({ page }) => {
  await open(page);
  await page.getByRole('switch', { name: 'CPU 5', exact: true }).click();
  await expect(stepPosition(page)).toHaveText(/step 3 \/ 3/);
  await page.getByRole('button', { name: 'Share' }).click();
  const url = await page.getByRole('textbox', { name: 'Scenario URL' }).inputValue();
  const [base, frag] = url.split('#s1.');
  // A cut inside a character group leaves stray bits in the last character.
  let cut = 0;
  for (let k = frag.length - 2; k > 8 && !cut; k--) {
    const b = base64urlDecode(frag.slice(0, k));
    if (b.ok && base64urlEncode(b.bytes) !== frag.slice(0, k)) cut = k;
  }
  expect(cut).toBeGreaterThan(0);
  await page.goto(`${base}#s1.${frag.slice(0, cut)}`);
  const alert = page.getByRole('alert').filter({ hasText: 'This scenario link cannot be opened' });
  await expect(alert).toContainText(/the link is truncated: it carries \d+ of its \d+ compressed bytes/);
  await expect(alert).not.toContainText('added or changed');
  await shot(page, 'ux2-truncated-link');
});

test('a refused story step says what was refused, not the success caption', async ({ page }) => {
  test.setTimeout(120_000);
  await openStory(page, 'GICv4.1 guests against the ~8K descriptor cap', /^v6\.4/);
  const story = page.getByRole('region', { name: 'Story' });
  const slider = page.getByRole('slider', { name: 'Timeline position' });
  await slider.focus();
  await page.keyboard.press('End');
  await expect(stepPosition(page)).toHaveText(/step 20 \/ 20/, { timeout: 30_000 });
  const caption = story.locator('.caption');
  // (Guest 16's failed launch leaked its doorbells and vSGIs: guest 18 fails at its doorbells.)
  await expect(caption).toContainText('Step 20 of 20: Guest 18: refused with VPE IRQ allocation failure — __irq_alloc_descs found no 32 contiguous');
  await expect(caption).not.toContainText('544 descriptors');
  await shot(page, 'ux2-refused-caption');
  // A step that went through keeps the story's caption.
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(stepPosition(page)).toHaveText(/step 3 \/ 20/);
  await expect(caption).toHaveText('Step 3 of 20: Guest 1: +32 doorbells (GICv4-vpe) and 32 × 16 vSGIs (GICv4-sgi) = 544 descriptors.');
});

test('the legend lists only the states the architecture can show; Xen "dynamic from" has its own colour', async ({ page }) => {
  test.setTimeout(90_000);
  const legend = page.getByRole('list', { name: 'Legend' }).first();
  await open(page);
  await expect(legend).toContainText('moving');
  await expect(legend).toContainText('reserved (managed)');
  await expect(legend).not.toContainText('dynamic');
  // arm64 (GICv3 story): no x86 vector states.
  await openStory(page, 'Shared INTx lines and hot unplug: who owns the mapping?');
  await expect(page.getByRole('region', { name: 'LPI space' })).toBeVisible();
  for (const x86 of ['exception (0-31)', 'system', 'legacy ISA', 'reserved (managed)', 'moving']) await expect(legend).not.toContainText(x86);
  await expect(legend).toContainText('allocated');
  await expect(legend).toContainText('failed');
  // Xen dom0: the event-channel story.
  await openStory(page, 'Xen event channels eating into the GSI space');
  await expect(legend).toContainText('dynamic (event channels)');
  await expect(legend).toContainText('GSI identity');
  for (const x86 of ['exception (0-31)', 'moving', 'reserved (managed)']) await expect(legend).not.toContainText(x86);
  const key = page.getByRole('region', { name: 'IRQ descriptors' }).locator('.ds-key').last();
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
    const colours = await page.evaluate(() => {
      const css = getComputedStyle(document.documentElement);
      return { moving: css.getPropertyValue('--irq-moving').trim(), dynamic: css.getPropertyValue('--irq-xen-dynamic').trim() };
    });
    const drawn = await key.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(colours.dynamic).not.toBe('');
    expect(colours.dynamic).not.toBe(colours.moving);
    expect(drawn).not.toBe(await page.evaluate((m) => {
      const d = document.createElement('div');
      d.style.background = m;
      document.body.append(d);
      const c = getComputedStyle(d).backgroundColor;
      d.remove();
      return c;
    }, colours.moving));
    await shot(page, `ux2-xen-legend-${theme}`);
  }
});

test('arm64 GICv3: every CPU tile counts what reaches it (PPIs on each CPU, the INTx SPI on its effective CPU)', async ({ page }) => {
  await openStory(page, 'Shared INTx lines and hot unplug: who owns the mapping?');
  await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(stepPosition(page)).toHaveText(/step 1 \//);
  const tile = (cpu: number) => page.getByRole('switch', { name: `CPU ${cpu}`, exact: true });
  await expect(tile(0)).toHaveAttribute('title', /CPU 0: online, 6 interrupts/);
  for (const cpu of [1, 2, 3]) await expect(tile(cpu)).toHaveAttribute('title', new RegExp(`CPU ${cpu}: online, 5 interrupts`));
  await shot(page, 'ux2-arm64-tiles');
});

test('NVMe queues say which rule of the release placed them, and follow an older release', async ({ page }) => {
  await open(page);
  const nvme = page.getByRole('group', { name: 'Devices' }).getByRole('listitem', { name: 'Device nvme0' });
  const placement = nvme.locator('.mp-dev-placement');
  await expect(placement).toHaveText('queues spread by group_cpus_evenly (v7.0)');
  await expect(placement).toHaveAttribute('title', /^8 managed queues spread by group_cpus_evenly, cluster-aware \(v7\.0\)/);
  const chips = page.getByRole('group', { name: 'Interrupts of nvme0' }).getByRole('button');
  // A chip's tooltip is built when it is pointed at (or focused).
  await chips.nth(0).hover();
  await expect(chips.nth(0)).toHaveAttribute('title', /vector 0 .*\nnot managed: irq_matrix_alloc/);
  await chips.nth(1).focus();
  await expect(chips.nth(1)).toHaveAttribute('title', /vector 1 · affinity [\d,-]+ · effective \d+\nmanaged: mask spread by group_cpus_evenly, cluster-aware \(v7\.0\)/);
  await page.getByRole('button', { name: 'Machine settings' }).click();
  const dlg = page.getByRole('dialog', { name: 'Machine settings' });
  await dlg.getByLabel('Kernel release').selectOption('5.10');
  await dlg.getByRole('button', { name: 'Apply and replay' }).click();
  await expect(dlg).toBeHidden();
  await expect(placement).toHaveText('queues spread by irq_build_affinity_masks (v5.4)');
  await expect(placement).toHaveAttribute('title', /^8 managed queues spread by irq_build_affinity_masks, nodes by CPU ratio \(v5\.4\)/);
  await chips.nth(1).hover();
  await expect(chips.nth(1)).toHaveAttribute('title', /managed: mask spread by irq_build_affinity_masks, nodes by CPU ratio \(v5\.4\)/);
  await shot(page, 'ux2-nvme-placement-v5');
});

test('1024 CPUs x 64 NVMe drives: the diagonal in node 0 is the drives\' admin vectors, and the grid says so', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1600, height: 1000 });
  const w = x86ScaleWorkload();
  const sc = { scenario: 1, title: '64 NVMe drives on 1024 CPUs', machine: w.machine, steps: w.steps.slice(0, 64) } as Scenario;
  // The kernel's answer, replayed in Node: drive k's admin vector (not managed) sits on the CPU
  // irq_matrix_alloc found with the most free vectors: one CPU further per drive.
  const t = new Timeline(sc, createBackend);
  t.seek(64);
  const admins = t.snapshot().irqs.filter((r) => r.index === 0 && r.device?.startsWith('nvme'));
  expect(admins).toHaveLength(64);
  for (let k = 1; k < 64; k++) expect(admins[k].cpu).toBe(admins[k - 1].cpu + 1);
  const a5 = admins[5];
  await page.goto('/' + encodeFragment(sc));
  await expect(stepPosition(page)).toHaveText('step 64 / 64', { timeout: 60_000 });
  const text = await describeCell(page, a5.vector, a5.cpu);
  expect(text).toContain(`CPU ${a5.cpu} · vector 0x${a5.vector.toString(16)}`);
  expect(text).toContain(`irq ${a5.irq} nvme5q0`);
  expect(text).toContain('NVMe admin queue, not managed: irq_matrix_alloc');
  expect(text).toContain('equally loaded CPUs take turns');
  await shot(page, 'ux2-1024-admin-diagonal-hover');
  await page.getByRole('region', { name: 'Vector space' }).screenshot({ path: 'test-results/shell/ux2-1024-grid-after.png' });
  // A managed queue of the same drive names the release's spreading.
  const q1 = t.snapshot().irqs.find((r) => r.device === 'nvme5' && r.index === 1)!;
  expect(await describeCell(page, q1.vector, q1.cpu)).toContain('managed: mask spread by group_cpus_evenly, cluster-aware (v7.0)');
  // Pointing at the drive in the machine panel outlines all of its vectors in the grid.
  await page.keyboard.press('Escape');
  const pixels = () => page.locator('canvas.vg-grid').evaluate((c: HTMLCanvasElement) => c.toDataURL());
  const plain = await pixels();
  await page.getByRole('group', { name: 'Devices' }).getByRole('listitem', { name: 'Device nvme5', exact: true }).hover();
  await expect.poll(pixels).not.toBe(plain);
  await page.mouse.move(0, 0);
  await expect.poll(pixels).toBe(plain);
});
