import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeFragment } from '../src/sim/scenario/url';

test('the built app opens on a running default machine, computed by the engine worker, with no errors', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto('/');
  const debugfs = page.getByRole('region', { name: 'debugfs' });
  const vector = debugfs.getByRole('region', { name: '/sys/kernel/debug/irq/domains/VECTOR' });
  await expect(vector).toContainText('Online bitmaps:        8', { timeout: 20_000 });
  await expect(vector).toContainText('| CPU | avl | man | mac | act | vectors');
  await expect(page.getByRole('switch', { name: 'CPU 3', exact: true })).toHaveAttribute('aria-checked', 'true');
  expect(errors).toEqual([]);
});

test('the built app ships a strict Content-Security-Policy and no eval in any bundle', async ({ page }) => {
  await page.goto('/');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-eval');
  expect(csp).not.toContain('unsafe-inline');
  // An injected inline script and a blob: script are refused, and the browser says so.
  const outcome = await page.evaluate(
    () =>
      new Promise<{ inline: boolean; blob: boolean; violations: string[] }>((resolve) => {
        const w = window as unknown as { __inline?: boolean; __blob?: boolean };
        const violations: string[] = [];
        document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
        const inline = document.createElement('script');
        inline.textContent = 'window.__inline = true';
        document.body.appendChild(inline);
        const blob = document.createElement('script');
        blob.src = URL.createObjectURL(new Blob(['window.__blob = true'], { type: 'text/javascript' }));
        document.body.appendChild(blob);
        setTimeout(() => resolve({ inline: w.__inline === true, blob: w.__blob === true, violations }), 300);
      }),
  );
  expect(outcome.inline).toBe(false);
  expect(outcome.blob).toBe(false);
  expect(outcome.violations.length).toBeGreaterThanOrEqual(2);
  // No code path of ours or of a dependency compiles strings to code.
  const dir = join(process.cwd(), 'dist', 'assets');
  const bundles = readdirSync(dir).filter((f) => f.endsWith('.js'));
  expect(bundles.length).toBeGreaterThan(0);
  // The one exception is zod's guarded capability probe (`allowsEval`), which never runs
  // because the schema module sets z.config({ jitless: true }).
  const ZOD_PROBE = 'try{return Function(``),!0}catch';
  for (const f of bundles) {
    const js = readFileSync(join(dir, f), 'utf8').split(ZOD_PROBE).join('');
    expect(js, f).not.toMatch(/(^|[^.\w$])Function\s*\(/);
    expect(js, f).not.toMatch(/(^|[^.\w$])eval\s*\(/);
  }
  // Workers get the policy from the server's header (a <meta> policy does not reach them).
  const res = await page.request.get('/');
  expect(res.headers()['content-security-policy']).toBe(csp);
});

test('names carried by a link are shown as text, never as HTML', async ({ page }) => {
  const title = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
  await page.goto('/' + encodeFragment({ scenario: 1, title, machine: { cpus: 2 }, steps: [] }));
  await expect(page.getByText(title).first()).toBeVisible({ timeout: 20_000 });
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('b', { hasText: 'bold' }).count()).toBe(0);
  expect(await page.locator('img[src="x"]').count()).toBe(0);
});

test('the icon and the web manifest are served with their types, linked from the page, and load under the CSP', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.goto('/');
  const icon = await page.request.get('favicon.svg');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toMatch(/^image\/svg\+xml/);
  expect(await icon.text()).toContain('<svg');
  const manifest = await page.request.get('manifest.webmanifest');
  expect(manifest.status()).toBe(200);
  expect(manifest.headers()['content-type']).toMatch(/^application\/manifest\+json/);
  const doc = (await manifest.json()) as { short_name: string; icons: Array<{ src: string }> };
  expect(doc.short_name).toBe('irqscope');
  expect(doc.icons.map((i) => i.src)).toContain('favicon.svg');
  // The page links both, and the browser fetches them without a policy violation.
  expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('./favicon.svg');
  expect(await page.locator('link[rel="manifest"]').getAttribute('href')).toBe('./manifest.webmanifest');
  const loaded = await page.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        const img = new Image();
        img.onload = () => resolve(img.naturalWidth > 0);
        img.onerror = () => resolve(false);
        img.src = (document.querySelector('link[rel="icon"]') as HTMLLinkElement).href;
      }),
  );
  expect(loaded).toBe(true);
  const cdp = await page.context().newCDPSession(page);
  const { url, errors } = (await cdp.send('Page.getAppManifest')) as { url: string; errors: Array<{ message: string }> };
  expect(url).toMatch(/manifest\.webmanifest$/);
  expect(errors.map((e) => e.message)).toEqual([]);
  expect(violations).toEqual([]);
});
