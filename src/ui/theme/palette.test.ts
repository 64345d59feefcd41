import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CELL } from '../../sim/snapshot';
import {
  PALETTES,
  SWATCH_INFO,
  SWATCH_ORDER,
  cellColour,
  cellSwatch,
  hexToRgb,
  packedCellColours,
  resolveTheme,
  swatchVar,
} from './palette';

describe('palette', () => {
  it('gives each cell state its own colour in both themes', () => {
    for (const theme of ['light', 'dark'] as const) {
      const colours = Object.values(CELL).map((s) => cellColour(s, theme));
      expect(new Set(colours).size).toBe(colours.length);
    }
  });

  it('maps the named states', () => {
    expect(cellSwatch(CELL.exception)).toBe('exception');
    expect(cellSwatch(CELL.system)).toBe('system');
    expect(cellSwatch(CELL.moving)).toBe('moving');
    expect(cellSwatch(CELL.allocatedManaged)).toBe('allocatedManaged');
    expect(cellSwatch(200)).toBe('free');
    expect(cellColour(CELL.allocated, 'light')).toBe('#009e73');
  });

  it('keeps red (failed) for failures only: no cell state is drawn in it', () => {
    for (const theme of ['light', 'dark'] as const) {
      const failed = PALETTES[theme].swatch.failed;
      for (const s of Object.values(CELL)) expect(cellColour(s, theme)).not.toBe(failed);
    }
  });

  it('packs colours as little-endian ABGR for ImageData', () => {
    const packed = packedCellColours('light');
    const [r, g, b] = hexToRgb(cellColour(CELL.allocated, 'light'));
    const bytes = new Uint8Array(new Uint32Array([packed[CELL.allocated]]).buffer);
    expect([...bytes]).toEqual([r, g, b, 255]);
  });

  it('resolves the system choice from the preference', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
  });

  it('has a legend entry with a one-sentence tip for every swatch', () => {
    expect(SWATCH_ORDER.length).toBe(Object.keys(PALETTES.light.swatch).length);
    for (const s of SWATCH_ORDER) {
      expect(SWATCH_INFO[s].tip).toMatch(/^[A-Z].*\.$/);
      expect(SWATCH_INFO[s].tip.split('. ').length).toBe(1);
    }
  });

  it('theme.css carries the same values as palette.ts, light and dark', () => {
    const css = readFileSync(new URL('./theme.css', import.meta.url), 'utf8');
    const light = css.slice(css.indexOf(':root {'), css.indexOf("[data-theme='dark']"));
    const dark = css.slice(css.indexOf(":root[data-theme='dark']"), css.indexOf('@media'));
    const media = css.slice(css.indexOf('@media'), css.indexOf('body {'));
    for (const s of SWATCH_ORDER) {
      expect(light).toContain(`${swatchVar(s)}: ${PALETTES.light.swatch[s]};`);
      expect(dark).toContain(`${swatchVar(s)}: ${PALETTES.dark.swatch[s]};`);
      expect(media).toContain(`${swatchVar(s)}: ${PALETTES.dark.swatch[s]};`);
    }
  });
});
