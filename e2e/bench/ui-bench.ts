// `npm run bench:ui`: the built app in Chromium — time to first render, main-thread long
// tasks and frame times while the largest preset plays and with 1024 CPUs shown, and the
// gzipped size of the JavaScript. Prints the figures next to the targets of issue 6.
import { chromium, type Page } from '@playwright/test';
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { gicv4ScaleWorkload, x86ScaleWorkload } from '../../src/sim/bench/scale';
import { PRESETS } from '../../src/sim/scenario/presets';
import type { Scenario } from '../../src/sim/scenario/schema';
import { encodeFragment } from '../../src/sim/scenario/url';

const DIST = join(process.cwd(), 'dist');
const PORT = Number(process.env.BENCH_PORT ?? 4191);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const TARGET = { firstRenderMs: 1000, longTaskMs: 50, frameP95Ms: 20, jsGzipKB: 300, usableMs: 5000, scrubMs: 2000 };

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

function serve(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    let path = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '');
    if (path.endsWith('/')) path += 'index.html';
    const file = join(DIST, path);
    if (!file.startsWith(DIST)) return void res.writeHead(403).end();
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
    } catch {
      return void res.writeHead(404).end('not found');
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(PORT, '127.0.0.1', () => resolve(server)));
}

/** Installed before any page script: long tasks, frame deltas, and when the first CPU switch appeared. */
const PROBE = `
  window.__bench = { longtasks: [], frames: [], recording: false, firstSwitch: null };
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__bench.longtasks.push({ start: e.startTime, duration: e.duration, recording: window.__bench.recording }); })
      .observe({ type: 'longtask', buffered: true });
  } catch (e) {}
  let last = 0;
  const tick = (t) => { if (window.__bench.recording && last) window.__bench.frames.push(t - last); last = t; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  const mo = new MutationObserver(() => {
    if (window.__bench.firstSwitch === null && document.querySelector('[role="switch"]')) { window.__bench.firstSwitch = performance.now(); mo.disconnect(); }
  });
  document.addEventListener('DOMContentLoaded', () => mo.observe(document.body, { childList: true, subtree: true }));
`;

interface Bench {
  recording: boolean;
  longtasks: Array<{ start: number; duration: number; recording: boolean }>;
  frames: number[];
  firstSwitch: number | null;
}

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function bench(page: Page): Promise<Bench> {
  return page.evaluate(() => (window as unknown as { __bench: Bench }).__bench);
}

async function position(page: Page): Promise<[number, number]> {
  const t = (await page.getByRole('toolbar', { name: 'Playback' }).locator('.position').textContent()) ?? '';
  const m = /step (\d+) \/ (\d+)/.exec(t);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

/** Opens a scenario link, rewinds to the booted machine and plays it to the end while recording. */
async function playScenario(page: Page, base: string, s: Scenario, maxMs: number) {
  await page.goto(`${base}/${encodeFragment(s)}`);
  await page.getByRole('switch', { name: 'CPU 0', exact: true }).waitFor({ timeout: 30_000 });
  await page.getByRole('slider', { name: 'Timeline position' }).focus();
  await page.keyboard.press('Home');
  await page.waitForFunction(() => /step 0 \//.test(document.querySelector('.position')?.textContent ?? ''));
  await page.evaluate(() => {
    const b = (window as unknown as { __bench: Bench }).__bench;
    b.frames = [];
    b.recording = true;
  });
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Play' }).click();
  for (;;) {
    const [at, total] = await position(page);
    if ((at >= total && total > 0) || Date.now() - t0 > maxMs) break;
    await page.waitForTimeout(250);
  }
  await page.evaluate(() => ((window as unknown as { __bench: Bench }).__bench.recording = false));
  const b = await bench(page);
  const during = b.longtasks.filter((l) => l.recording).map((l) => l.duration);
  const [at, total] = await position(page);
  return { steps: `${at}/${total}`, seconds: (Date.now() - t0) / 1000, frames: b.frames, longtasks: during, allLongtasks: b.longtasks.map((l) => l.duration) };
}

/** Opens a real-scale link: time until its last step is shown, scrubs (middle, start, end, a quarter), then plays. */
async function scaleLink(page: Page, base: string, s: Scenario) {
  const n = s.steps.length;
  const mark = () => page.evaluate(() => {
    const b = (window as unknown as { __bench: Bench }).__bench;
    b.longtasks = [];
    b.frames = [];
    b.recording = true;
  });
  await page.goto(`${base}/`);
  await page.getByRole('switch', { name: 'CPU 0', exact: true }).waitFor({ timeout: 30_000 });
  await mark();
  const t0 = Date.now();
  await page.goto(`${base}/${encodeFragment(s)}`);
  await page.evaluate(() => ((window as unknown as { __bench: Bench }).__bench.recording = true));
  await page.waitForFunction((n) => document.querySelector('.position')?.textContent?.startsWith(`step ${n} / ${n}`), n, { timeout: 120_000 });
  const usableMs = Date.now() - t0;
  const loadTasks = (await bench(page)).longtasks.map((l) => l.duration);
  await mark();
  const scrubs: Array<{ to: number; ms: number }> = [];
  for (const to of [Math.floor(n / 2), 0, n, Math.floor(n / 4)]) {
    const s0 = Date.now();
    await page.getByRole('slider', { name: 'Timeline position' }).fill(String(to));
    await page.waitForFunction((to) => document.querySelector('.position')?.textContent?.startsWith(`step ${to} /`), to, { timeout: 60_000 });
    scrubs.push({ to, ms: Date.now() - s0 });
    await page.waitForTimeout(300);
  }
  const scrubTasks = (await bench(page)).longtasks.map((l) => l.duration);
  await mark();
  const [from] = await position(page);
  await page.getByRole('button', { name: 'Play' }).click();
  const p0 = Date.now();
  while (Date.now() - p0 < 6000) await page.waitForTimeout(250);
  await page.getByRole('button', { name: 'Pause' }).click();
  const [to] = await position(page);
  const b = await bench(page);
  return { usableMs, loadTasks, scrubs, scrubTasks, played: to - from, frames: b.frames, playTasks: b.longtasks.map((l) => l.duration) };
}

/** The link pasted into a new tab: boot and load together, as a reader of a mailing-list thread opens it. */
async function freshTab(browser: import('@playwright/test').Browser, base: string, s: Scenario) {
  const ctx = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  await ctx.addInitScript(PROBE);
  const page = await ctx.newPage();
  await page.evaluate(() => undefined);
  const t0 = Date.now();
  await page.goto(`${base}/${encodeFragment(s)}`);
  await page.evaluate(() => ((window as unknown as { __bench: Bench }).__bench.recording = true));
  const n = s.steps.length;
  await page.waitForFunction((n) => document.querySelector('.position')?.textContent?.startsWith(`step ${n} / ${n}`), n, { timeout: 120_000 });
  const usableMs = Date.now() - t0;
  const tasks = (await bench(page)).longtasks.map((l) => l.duration);
  await ctx.close();
  return { usableMs, tasks };
}

function jsSizes() {
  const dir = join(DIST, 'assets');
  const rows = readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .map((f) => ({ file: f, gzip: gzipSync(readFileSync(join(dir, f)), { level: 9 }).length }));
  const main = rows.filter((r) => !/worker/.test(r.file));
  return { rows, mainKB: main.reduce((a, r) => a + r.gzip, 0) / 1024, allKB: rows.reduce((a, r) => a + r.gzip, 0) / 1024 };
}

const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');
const mark = (ok: boolean) => (ok ? 'ok  ' : 'MISS');

async function main() {
  const server = await serve();
  const base = `http://127.0.0.1:${PORT}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const lines: string[] = [];
  let misses = 0;
  const report = (name: string, value: number, target: number, unit: string, lower = true) => {
    const ok = lower ? value <= target : value >= target;
    if (!ok) misses++;
    lines.push(`${mark(ok)} ${name.padEnd(52)} ${fmt(value).padStart(9)} ${unit.padEnd(3)} (target ${lower ? '<' : '>'} ${target} ${unit})`);
  };
  try {
    // 1. First render of the default machine (fresh profile: no stored scenario).
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await ctx.addInitScript(PROBE);
    const page = await ctx.newPage();
    await page.goto(`${base}/`);
    await page.getByRole('switch', { name: 'CPU 0', exact: true }).waitFor({ timeout: 30_000 });
    const first = await bench(page);
    const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
    report('first contentful paint', fcp, TARGET.firstRenderMs, 'ms');
    report('first render of the running machine (CPU tiles)', first.firstSwitch ?? NaN, TARGET.firstRenderMs, 'ms');
    report('longest task while booting', Math.max(0, ...first.longtasks.map((l) => l.duration)), TARGET.longTaskMs, 'ms');

    // 2. The largest preset (most steps) played through.
    const largest = [...PRESETS].sort((a, b) => b.scenario.steps.length - a.scenario.steps.length)[0];
    const p = await playScenario(page, base, largest.scenario, 90_000);
    lines.push(`     largest preset: "${largest.title}" (${largest.scenario.steps.length} steps, played ${p.steps} in ${p.seconds.toFixed(1)} s, ${p.frames.length} frames)`);
    report('  longest task while playing', Math.max(0, ...p.longtasks), TARGET.longTaskMs, 'ms');
    report('  frame time p95 while playing', pct(p.frames, 95), TARGET.frameP95Ms, 'ms');
    lines.push(`     frame p50 ${fmt(pct(p.frames, 50))} ms, p99 ${fmt(pct(p.frames, 99))} ms, max ${fmt(Math.max(...p.frames))} ms; long tasks while playing: ${p.longtasks.length}`);

    // 3. 1024 CPUs shown, a few devices and hotplug steps played.
    const big: Scenario = {
      scenario: 1,
      title: 'bench: 1024 CPUs',
      machine: { arch: 'x86_64', cpus: 1024, nodes: 8 },
      steps: [
        { do: 'device.add', id: 'nvme0', type: 'nvme', queues: 64 },
        { do: 'device.add', id: 'eth0', type: 'nic', queues: 32 },
        ...Array.from({ length: 12 }, (_, i) => ({ do: 'cpu.offline' as const, cpu: 1000 + i })),
      ],
    };
    const q = await playScenario(page, base, big, 60_000);
    lines.push(`     1024 CPUs: played ${q.steps} in ${q.seconds.toFixed(1)} s, ${q.frames.length} frames`);
    report('  longest task with 1024 CPUs (load + play)', Math.max(0, ...q.longtasks), TARGET.longTaskMs, 'ms');
    report('  frame time p95 with 1024 CPUs', pct(q.frames, 95), TARGET.frameP95Ms, 'ms');
    await ctx.close();

    // 4. The stories' own machines at their real size, opened by link.
    const gic = gicv4ScaleWorkload();
    const x86 = x86ScaleWorkload();
    for (const [name, w] of [
      ['256 GICv4.1 guests x 32 vCPUs (128 CPUs)', gic],
      ['1024 CPUs, 64 NVMe x 64 queues, all CPUs off and on', x86],
    ] as const) {
      const big = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
      await big.addInitScript(PROBE);
      const bp = await big.newPage();
      const r = await scaleLink(bp, base, { scenario: 1, title: name, machine: w.machine, steps: w.steps });
      lines.push(`     ${name} (${w.steps.length} steps):`);
      report('  time until the link is usable (last step shown)', r.usableMs, TARGET.usableMs, 'ms');
      report('  slowest scrub (middle, start, end, a quarter)', Math.max(...r.scrubs.map((x) => x.ms)), TARGET.scrubMs, 'ms');
      lines.push(`     scrubs: ${r.scrubs.map((x) => `to ${x.to} ${x.ms} ms`).join(', ')}`);
      report('  longest task while opening', Math.max(0, ...r.loadTasks), TARGET.longTaskMs, 'ms');
      report('  longest task while scrubbing', Math.max(0, ...r.scrubTasks), TARGET.longTaskMs, 'ms');
      report('  longest task while playing', Math.max(0, ...r.playTasks), TARGET.longTaskMs, 'ms');
      lines.push(`     played ${r.played} steps in 6 s; frame p95 ${fmt(pct(r.frames, 95))} ms; long tasks: opening ${r.loadTasks.length}, scrubbing ${r.scrubTasks.length}, playing ${r.playTasks.length}`);
      await big.close();
      const f = await freshTab(browser, base, { scenario: 1, title: name, machine: w.machine, steps: w.steps });
      report('  in a new tab: time until usable (boot + link)', f.usableMs, TARGET.usableMs, 'ms');
      report('  in a new tab: longest task (boot + link)', Math.max(0, ...f.tasks), TARGET.longTaskMs, 'ms');
    }

    // 5. JavaScript size.
    const js = jsSizes();
    report('JS loaded by the page (gzip, excl. workers)', js.mainKB, TARGET.jsGzipKB, 'KB');
    lines.push(`     all JS incl. workers: ${fmt(js.allKB)} KB gzip — ${js.rows.map((r) => `${r.file} ${(r.gzip / 1024).toFixed(1)}`).join(', ')}`);
  } finally {
    await browser.close();
    server.close();
  }
  console.log('irqscope UI bench (Chromium, built app from a local server)');
  for (const l of lines) console.log(l);
  console.log(misses === 0 ? 'all targets met' : `${misses} target(s) missed`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
