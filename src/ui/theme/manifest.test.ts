// public/manifest.webmanifest and index.html's theme colours follow the palette: the
// browser's toolbar is the header's panel colour, the splash screen the page background.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PALETTES } from './palette';

const ROOT = resolve(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(resolve(ROOT, 'public/manifest.webmanifest'), 'utf8')) as {
  name: string;
  short_name: string;
  theme_color: string;
  background_color: string;
  icons: Array<{ src: string; type: string }>;
};
const html = readFileSync(resolve(ROOT, 'index.html'), 'utf8');

describe('web manifest and icon', () => {
  it('names the app and uses the light palette', () => {
    expect(manifest.short_name).toBe('irqscope');
    expect(manifest.name).toMatch(/^irqscope/);
    expect(manifest.theme_color).toBe(PALETTES.light.panel);
    expect(manifest.background_color).toBe(PALETTES.light.bg);
  });

  it('lists icons that exist in public/', () => {
    expect(manifest.icons.length).toBeGreaterThan(0);
    for (const icon of manifest.icons) expect(existsSync(resolve(ROOT, 'public', icon.src)), icon.src).toBe(true);
  });

  it('index.html links the icon and the manifest and gives each theme its toolbar colour', () => {
    expect(html).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml" />');
    expect(html).toContain('<link rel="manifest" href="/manifest.webmanifest" />');
    expect(html).toContain(`<meta name="theme-color" content="${PALETTES.light.panel}" media="(prefers-color-scheme: light)" />`);
    expect(html).toContain(`<meta name="theme-color" content="${PALETTES.dark.panel}" media="(prefers-color-scheme: dark)" />`);
  });
});
