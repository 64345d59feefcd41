import { describe, expect, it } from 'vitest';
import { LEGEND_ENTRIES, legendKind } from './legend-kinds';
import { PALETTES } from './palette';

const VECTOR_STATES = ['exception', 'system', 'legacy', 'reservedManaged', 'allocatedManaged', 'moving', 'flash'];

describe('legend per architecture', () => {
  it('picks the legend of the machine on screen', () => {
    expect(legendKind(null)).toBe('x86');
    expect(legendKind({ arch: 'x86_64', xen: false, vectors: { allocator: 'matrix' } as never })).toBe('x86');
    expect(legendKind({ arch: 'x86_64', xen: false, vectors: { allocator: 'legacy' } as never })).toBe('x86-legacy');
    expect(legendKind({ arch: 'arm64', xen: false, vectors: undefined })).toBe('arm64');
    expect(legendKind({ arch: 'x86_64', xen: true, vectors: undefined })).toBe('xen');
  });

  it('lists x86 vector states only on x86, and no managed reservation before v4.15', () => {
    const sw = (k: keyof typeof LEGEND_ENTRIES) => LEGEND_ENTRIES[k].map((e) => e.swatch as string);
    expect(sw('x86')).toEqual(expect.arrayContaining(VECTOR_STATES));
    expect(sw('x86-legacy')).not.toContain('reservedManaged');
    expect(sw('x86-legacy')).toContain('moving');
    for (const k of ['arm64', 'xen'] as const) for (const s of VECTOR_STATES) expect(sw(k)).not.toContain(s);
    expect(sw('xen')).toEqual(expect.arrayContaining(['gsiIdentity', 'xenDynamic']));
    expect(sw('x86')).not.toContain('xenDynamic');
    for (const k of ['x86', 'x86-legacy', 'arm64', 'xen'] as const) {
      for (const e of LEGEND_ENTRIES[k]) expect(e.tip).toMatch(/^[A-Z].*\.$/);
    }
  });

  it('gives the Xen dynamic range its own colour, not "moving", in both themes', () => {
    for (const theme of ['light', 'dark'] as const) {
      const p = PALETTES[theme].swatch;
      expect(p.xenDynamic).not.toBe(p.moving);
      const shown = LEGEND_ENTRIES.xen.map((e) => p[e.swatch]);
      expect(new Set(shown).size).toBe(shown.length);
      const all = Object.entries(p).filter(([k]) => k !== 'xenDynamic').map(([, v]) => v);
      expect(all).not.toContain(p.xenDynamic);
    }
  });
});
