// Import, export and trace replay as a user does them: paste, choose and drop captures,
// bad input of every kind with the previous scenario intact, the scenario file round trip,
// Copy / Download of a kernel text view, the event stream as ftrace text, and a trace scrubbed.
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { Session } from '../../src/sim/engine/session';
import { importTrace } from '../../src/sim/trace/replay';
import { DEFAULT_SCENARIO } from '../../src/ui/url-state';
import { open, shot, stepPosition, watchErrors } from './helpers';

// ../shared from the project root (where playwright runs).
const FIXTURES = resolve(process.cwd(), '../shared/fixtures/real');
const fixture = (name: string) => resolve(FIXTURES, name);
const NVME = 'proc-interrupts-x86-32cpu-ir-pcimsix-dbdf-nvme.txt';

function importDialog(page: Page) {
  return page.getByRole('dialog', { name: 'Import a capture' });
}

async function openImport(page: Page) {
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(importDialog(page)).toBeVisible();
  return importDialog(page);
}

/** A changed scenario (so it is the user's own, kept in Recent when replaced). */
async function ownScenario(page: Page) {
  await open(page);
  await page.getByRole('switch', { name: 'CPU 5', exact: true }).click();
  await expect(stepPosition(page)).toHaveText(/step 3 \/ 3/);
}

test('paste the 32-CPU NVMe capture: recognised, notes listed, nvme0..2 in the machine, nothing refused, the old scenario in Recent', async ({ page, context }) => {
  const errors = watchErrors(page);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await ownScenario(page);
  const before = await page.getByRole('heading', { level: 1 }).innerText();
  const d = await openImport(page);
  // A real paste: the capture on the clipboard, Ctrl+V into the field.
  const text = readFileSync(fixture(NVME), 'utf8');
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await d.getByRole('textbox', { name: 'Capture text' }).focus();
  await page.keyboard.press('Control+V');
  await expect(d.getByRole('textbox', { name: 'Capture text' })).toHaveValue(text);
  await d.getByRole('button', { name: 'Recognise' }).click();
  await expect(d.getByRole('status').filter({ hasText: 'Recognised' })).toContainText('/proc/interrupts (x86, per-device MSI naming');
  await expect(d.getByRole('status').filter({ hasText: 'Recognised' })).toContainText('32 CPUs, 18 devices');
  const notes = d.getByRole('list', { name: 'What could not be inferred' });
  await expect(notes).toContainText('NUMA nodes and SMT siblings are not visible');
  await shot(page, 'import-recognised');
  await d.getByRole('button', { name: 'Open machine' }).click();
  await expect(importDialog(page)).toBeHidden();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Imported /proc/interrupts: x86_64, 32 CPUs, 18 devices');
  const devices = page.getByRole('group', { name: 'Devices' });
  for (const id of ['nvme0', 'nvme1', 'nvme2', 'enp5s0', 'nvidia']) await expect(devices.getByLabel(`Device ${id}`, { exact: true })).toBeVisible();
  // Nothing refused: no step marked so, no device saying it failed.
  await expect(stepPosition(page)).toHaveText(/step 18 \/ 18/);
  await expect(page.locator('.refused-count')).toHaveCount(0);
  await expect(devices.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Imported capture' })).toContainText('could not be inferred');
  // The machine is the user's to change: offline a CPU.
  await page.getByRole('switch', { name: 'CPU 3', exact: true }).click();
  await expect(stepPosition(page)).toHaveText(/step 19 \/ 19/);
  await shot(page, 'import-opened');
  // The scenario it replaced is in Recent.
  await page.getByRole('button', { name: /^Recent/ }).click();
  await expect(page.getByRole('list', { name: 'Recent scenarios' })).toContainText(before);
  expect(errors).toEqual([]);
});

test('choose a file and drop a file: recognised and opened', async ({ page }) => {
  await open(page);
  let d = await openImport(page);
  await d.getByLabel('Choose a file').setInputFiles(fixture('proc-interrupts-arm64-gicv3-its-8cpu-graviton-nvme-ena.txt'));
  await expect(d.getByRole('status').filter({ hasText: 'Recognised' })).toContainText('arm64, 8 CPUs');
  await d.getByRole('button', { name: 'Open machine' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('arm64');
  await expect(page.locator('.refused-count')).toHaveCount(0);

  // A drop of a debugfs capture onto the dialog.
  d = await openImport(page);
  const body = readFileSync(fixture('debugfs-irq-x86-intel-ir-msi-3level-mlx5-skylake.txt'), 'utf8');
  const dt = await page.evaluateHandle((t) => {
    const x = new DataTransfer();
    x.items.add(new File([t], 'irq-130.txt', { type: 'text/plain' }));
    return x;
  }, body);
  await d.locator('.import-drop').dispatchEvent('drop', { dataTransfer: dt });
  await expect(d.getByText('File: irq-130.txt')).toBeVisible();
  await expect(d.getByRole('status').filter({ hasText: 'Recognised' })).toContainText('/sys/kernel/debug/irq');
  await shot(page, 'import-dropped');
  await d.getByRole('button', { name: 'Open machine' }).click();
  await expect(importDialog(page)).toBeHidden();
});

test('bad input of every kind: a clear message, the previous scenario intact', async ({ page }) => {
  const errors = watchErrors(page);
  await open(page);
  await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#s1\./);
  const first = await page.evaluate(() => location.hash);
  await page.getByRole('switch', { name: 'CPU 5', exact: true }).click();
  await expect(stepPosition(page)).toHaveText(/step 3 \/ 3/);
  const title = await page.getByRole('heading', { level: 1 }).innerText();
  // The link is written after the step: wait until the address (and the storage) carry it.
  await expect.poll(() => page.evaluate((h) => location.hash !== h && localStorage.getItem('irqscope.scenario') === location.hash, first)).toBe(true);
  const hash = await page.evaluate(() => location.hash);
  const d = await openImport(page);
  const alert = d.getByRole('alert');
  const file = d.getByLabel('Choose a file');

  // A screenshot.
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, ...new Array(64).fill(7)]);
  await file.setInputFiles({ name: 'screenshot.png', mimeType: 'image/png', buffer: png });
  await expect(alert).toContainText('this is a PNG image (a screenshot?), not text');
  await expect(d.getByRole('button', { name: 'Open machine' })).toHaveCount(0);

  // A 50 MB file: refused by its size before it is read.
  const huge = test.info().outputPath('huge.log');
  writeFileSync(huge, 'CPU0 CPU1\n');
  truncateSync(huge, 50 * 1024 * 1024);
  await file.setInputFiles(huge);
  await expect(alert).toContainText('52,428,800 bytes (50.0 MiB), more than the 16.0 MiB irqscope reads');
  await shot(page, 'import-too-big');

  // An unknown architecture.
  await file.setInputFiles(fixture('proc-interrupts-arm32-gicv2-2cpu-zynq7000.txt'));
  await expect(alert).toContainText('architecture not supported: arm32');

  // A capture with only its header (cut short), pasted.
  const text = d.getByRole('textbox', { name: 'Capture text' });
  await text.fill(readFileSync(fixture(NVME), 'utf8').split('\n')[0]);
  await d.getByRole('button', { name: 'Recognise' }).click();
  await expect(alert).toContainText('but no numbered interrupt line: the capture is cut short');

  // Text that is none of the captures.
  await text.fill('hello, this is my shopping list\neggs\nmilk');
  await d.getByRole('button', { name: 'Recognise' }).click();
  await expect(alert).toContainText('none of the captures irqscope reads');
  await expect(alert).toContainText('it starts with: "hello, this is my shopping list"');
  await shot(page, 'import-bad-text');

  // A JSON file that is not a scenario.
  await text.fill('{"scenario": 2, "machine": {"cpus": 99999}, "steps": []}');
  await d.getByRole('button', { name: 'Recognise' }).click();
  await expect(alert).toContainText('not an irqscope scenario');

  await d.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(stepPosition(page)).toHaveText(/step 3 \/ 3/);
  expect(await page.evaluate(() => location.hash)).toBe(hash);
  expect(errors).toEqual([]);
});

test('export the scenario and import it back; the event stream as ftrace text', async ({ page }) => {
  await ownScenario(page);
  const title = await page.getByRole('heading', { level: 1 }).innerText();
  await page.getByRole('button', { name: 'Export' }).click();
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Scenario (JSON)' }).click()]);
  const path = await dl.path();
  const saved = JSON.parse(readFileSync(path, 'utf8')) as { title: string; steps: Array<{ do: string; cpu?: number }> };
  expect(saved.title).toBe(title);
  expect(saved.steps.map((s) => s.do)).toEqual(['device.add', 'device.add', 'cpu.offline']);

  // Something else opened, then the file brought back.
  await page.getByRole('switch', { name: 'CPU 6', exact: true }).click();
  await expect(stepPosition(page)).toHaveText(/step 4 \/ 4/);
  const d = await openImport(page);
  await d.getByLabel('Choose a file').setInputFiles({ name: dl.suggestedFilename(), mimeType: 'application/json', buffer: readFileSync(path) });
  await expect(d.getByRole('status').filter({ hasText: 'Recognised' })).toContainText('irqscope scenario (JSON)');
  await d.getByRole('button', { name: 'Open machine' }).click();
  await expect(stepPosition(page)).toHaveText(/step 3 \/ 3/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);

  // The event stream: ftrace text the trace replay reads back without a disagreement.
  await page.getByRole('button', { name: 'Export' }).click();
  const [ev] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Events (ftrace text)' }).click()]);
  const trace = readFileSync(await ev.path(), 'utf8');
  expect(trace.startsWith('# tracer: nop\n')).toBe(true);
  expect(trace).toContain('irq_matrix_offline');
  const back = importTrace(trace);
  expect(back.ok && back.replay.counts.inconsistent).toBe(0);
  await page.getByRole('button', { name: 'Export' }).click();
  const [js] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Events (JSON lines)' }).click()]);
  const rows = readFileSync(await js.path(), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; seq: number });
  expect(rows.length).toBe(trace.split('\n').filter((l) => l && !l.startsWith('#')).length);
});

test('Copy and Download of a kernel text view give exactly the worker\'s text', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await open(page);
  // The same text, computed here by the engine the worker runs, for the default scenario.
  const s = new Session();
  const r = s.run({ kind: 'load', scenario: DEFAULT_SCENARIO });
  if (!r.ok) throw new Error(r.message);
  const pane = page.getByRole('region', { name: 'debugfs' });
  for (const path of ['/proc/interrupts', '/sys/kernel/debug/irq/domains/VECTOR']) {
    await pane.getByRole('combobox').selectOption(path);
    const want = s.text(path).text!;
    expect(want.length).toBeGreaterThan(100);
    await pane.getByRole('button', { name: 'Copy', exact: true }).click();
    await expect(pane.getByRole('status').filter({ hasText: 'Copied' })).toHaveText(`Copied ${want.length.toLocaleString('en-US')} characters`);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(want);
    const [dl] = await Promise.all([page.waitForEvent('download'), pane.getByRole('button', { name: 'Download', exact: true }).click()]);
    expect(readFileSync(await dl.path(), 'utf8')).toBe(want);
  }
  await shot(page, 'text-copied');
});

test('a trace opens as a recorded machine and scrubs event by event', async ({ page }) => {
  const errors = watchErrors(page);
  await ownScenario(page);
  const title = await page.getByRole('heading', { level: 1 }).innerText();
  const name = 'trace-irq-matrix-vector-104cpu-excerpt.txt';
  const expected = importTrace(readFileSync(fixture(name), 'utf8'));
  if (!expected.ok) throw new Error(expected.message);
  const rec = expected.replay.records;
  const d = await openImport(page);
  await d.getByLabel('Choose a file').setInputFiles(fixture(name));
  await expect(d.getByRole('status').filter({ hasText: 'Recognised' })).toContainText(expected.replay.summaryLine());
  await d.getByRole('button', { name: 'Open trace' }).click();
  const view = page.getByRole('main', { name: 'Recorded trace' });
  await expect(view.getByLabel('Trace totals')).toContainText('14 events, 4 consistent, 1 inconsistent, 1 gaps');
  const pos = view.locator('.trace-position');
  await expect(pos).toHaveText(`record ${rec.length} of ${rec.length}`);
  const status = view.getByLabel('Consistency at this event');
  await expect(status).toContainText(rec[rec.length - 1].status);
  await expect(view.getByLabel('Rebuilt VECTOR matrix')).toContainText(expected.replay.matrixText().split('\n')[0].trim());
  await shot(page, 'trace-end');

  // Back to the first event, then forward one at a time: every status as the replay judged it.
  await view.getByRole('button', { name: 'First event' }).click();
  await expect(pos).toHaveText(`before record 1 of ${rec.length}`);
  for (let k = 0; k < rec.length; k++) {
    await view.getByRole('button', { name: 'Next event' }).click();
    await expect(pos).toHaveText(`record ${k + 1} of ${rec.length}`);
    await expect(status).toContainText(`${rec[k].status}:`);
    await expect(view.getByLabel('Rebuilt VECTOR matrix')).toHaveText(expected.replay.matrixText(k));
  }
  // The disagreement: the differences listed.
  await view.getByRole('button', { name: 'First event' }).click();
  await view.getByRole('button', { name: 'Next problem' }).click();
  const bad = rec.findIndex((x) => x.status === 'inconsistent' || x.status === 'gap');
  await expect(pos).toHaveText(`record ${bad + 1} of ${rec.length}`);
  if (rec[bad].status === 'inconsistent') {
    const m = rec[bad].mismatches[0];
    await expect(view.getByRole('table', { name: 'Differences' })).toContainText(m.field);
    await expect(view.getByRole('table', { name: 'Differences' })).toContainText(String(m.trace));
  }
  await shot(page, 'trace-inconsistent');
  await view.getByRole('button', { name: 'Next problem' }).click();
  await expect(status).toContainText('gap:');
  await shot(page, 'trace-gap');

  // Closing the trace brings the scenario back, untouched.
  await view.getByRole('button', { name: 'Close trace' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(stepPosition(page)).toHaveText(/step 3 \/ 3/);

  // The second fixture: irq_vectors only.
  const d2 = await openImport(page);
  await d2.getByLabel('Choose a file').setInputFiles(fixture('trace-irq-vectors-x86-msi-serial-5.17-excerpt.txt'));
  await d2.getByRole('button', { name: 'Open trace' }).click();
  await expect(page.getByRole('main', { name: 'Recorded trace' }).getByLabel('Trace totals')).toContainText('4 events, 1 consistent, 0 inconsistent, 0 gaps');
  await shot(page, 'trace-vectors');
  expect(errors).toEqual([]);
});
