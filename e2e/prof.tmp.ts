// throwaway: CPU profile + trace of the x86 big link scrubs on a non-minified build
import { chromium } from '@playwright/test';
import { createReadStream, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { x86ScaleWorkload, gicv4ScaleWorkload } from '../src/sim/bench/scale';
import { encodeFragment } from '../src/sim/scenario/url';
const DIST = process.env.DIST ?? '/tmp/distprof';
const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };
const server = createServer((req, res) => {
  let p = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
  if (p.endsWith('/')) p += 'index.html';
  const f = join(DIST, p);
  try { if (!statSync(f).isFile()) throw 0; } catch { return void res.writeHead(404).end(); }
  res.writeHead(200, { 'content-type': MIME[extname(f)] ?? 'application/octet-stream' });
  createReadStream(f).pipe(res);
});
await new Promise<void>((r) => server.listen(4193, '127.0.0.1', () => r()));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const ctx = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
await ctx.addInitScript(`window.__lt=[];new PerformanceObserver(l=>{for(const e of l.getEntries())window.__lt.push([e.startTime,e.duration])}).observe({type:'longtask',buffered:true});`);
const page = await ctx.newPage();
const w = process.env.WL === 'gic' ? gicv4ScaleWorkload() : x86ScaleWorkload();
const n = w.steps.length;
await page.goto('http://127.0.0.1:4193/');
await page.getByRole('switch', { name: 'CPU 0', exact: true }).waitFor();
await page.goto('http://127.0.0.1:4193/' + encodeFragment({ scenario: 1, title: 'x', machine: w.machine, steps: w.steps }));
await page.waitForFunction((n) => document.querySelector('.position')?.textContent?.startsWith(`step ${n} / ${n}`), n, { timeout: 120000 });
await page.waitForTimeout(1000);
const cdp = await ctx.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
const events: unknown[] = [];
cdp.on('Tracing.dataCollected', (d: { value: unknown[] }) => events.push(...d.value));
await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8.execute,blink', transferMode: 'ReportEvents' });
await page.evaluate(() => ((window as any).__lt = [], (window as any).__t0 = performance.now()));
await cdp.send('Profiler.start');
const tOrigin = await page.evaluate(() => performance.timeOrigin);
for (const to of [Math.floor(n / 2), 0, n, Math.floor(n / 4), Math.floor(n/3), Math.floor(2*n/3)]) {
  const s0 = Date.now();
  await page.getByRole('slider', { name: 'Timeline position' }).fill(String(to));
  await page.waitForFunction((to) => document.querySelector('.position')?.textContent?.startsWith(`step ${to} /`), to, { timeout: 60000 });
  console.log('scrub', to, Date.now() - s0);
  await page.waitForTimeout(400);
}
const { profile } = await cdp.send('Profiler.stop');
const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
await cdp.send('Tracing.end');
await done;
const lt = await page.evaluate(() => (window as any).__lt);
console.log('longtasks', JSON.stringify(lt));
writeFileSync('/tmp/prof.cpuprofile', JSON.stringify(profile));
writeFileSync('/tmp/prof.trace.json', JSON.stringify({ traceEvents: events, tOrigin }));
await browser.close(); server.close();
