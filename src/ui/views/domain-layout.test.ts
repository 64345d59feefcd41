import { describe, expect, it } from 'vitest';
import { FOLD_SHOWN, chainLevels, hexHwirq, layoutDomains } from './domain-layout';
import { fixtureSnapshot } from './fixture.test-util';

describe('layoutDomains', () => {
  it('lays the hierarchy out as an indented tree, parents before children', () => {
    const l = layoutDomains(fixtureSnapshot().domains);
    expect(l.nodes.map((n) => `${'  '.repeat(n.depth)}${n.name}`)).toEqual([
      'VECTOR',
      '  INTEL-IR-0',
      '    IO-APIC-0',
      '    PCI-MSIX-0000:00:03.0',
    ]);
    expect(l.depth).toBe(2);
    const ioapic = l.nodes[2];
    expect(l.nodes[ioapic.parentRow].name).toBe('INTEL-IR-0');
    expect(l.nodes[0].parentRow).toBe(-1);
    expect(ioapic.mapcount).toBe(15);
  });

  it('keeps several roots, unknown parents as roots, duplicates once', () => {
    const l = layoutDomains([
      { name: 'GICv3', parent: null, mapcount: 1, size: 0 },
      { name: 'xen-dyn', parent: 'nowhere', mapcount: 3, size: 0 },
      { name: 'ITS', parent: 'GICv3', mapcount: 2, size: 0 },
      { name: 'ITS', parent: 'GICv3', mapcount: 9, size: 0 },
    ]);
    expect(l.nodes.map((n) => [n.name, n.depth])).toEqual([
      ['GICv3', 0],
      ['ITS', 1],
      ['xen-dyn', 0],
    ]);
    expect(l.nodes[1].mapcount).toBe(2);
  });

  it('survives a parent cycle by showing every domain', () => {
    const l = layoutDomains([
      { name: 'A', parent: 'B', mapcount: 0, size: 0 },
      { name: 'B', parent: 'A', mapcount: 0, size: 0 },
    ]);
    expect(l.nodes.map((n) => n.name).sort()).toEqual(['A', 'B']);
  });
});

describe('chainLevels', () => {
  it('maps each domain of an irq chain to its level and hwirq', () => {
    const m = chainLevels(fixtureSnapshot().irqs[0].levels);
    expect([...m.keys()]).toEqual(['PCI-MSIX-0000:00:03.0', 'INTEL-IR-0', 'VECTOR']);
    expect(hexHwirq(m.get('INTEL-IR-0')!.hwirq)).toBe('0x10000');
    expect(chainLevels(undefined).size).toBe(0);
  });
});

describe('folding long sibling runs', () => {
  const many = [
    { name: 'GICv3', parent: null, mapcount: 1, size: 0 },
    ...Array.from({ length: 40 }, (_, i) => ({ name: `GICv4-vpe-${i}`, parent: 'GICv3', mapcount: 32, size: 0 })),
  ];

  it('shows the first few children and one "+N more" row', () => {
    const l = layoutDomains(many);
    expect(l.total).toBe(41);
    expect(l.nodes.length).toBe(1 + FOLD_SHOWN + 1);
    const fold = l.nodes[l.nodes.length - 1];
    expect(fold).toMatchObject({ more: 40 - FOLD_SHOWN, foldOf: 'GICv3', depth: 1, parentRow: 0 });
    // Numeric order: vpe-2 before vpe-10.
    expect(l.nodes[3].name).toBe('GICv4-vpe-2');
  });

  it('keeps the selected chain visible and unfolds on request', () => {
    const kept = layoutDomains(many, { keep: new Set(['GICv4-vpe-33']) });
    expect(kept.nodes.some((n) => n.name === 'GICv4-vpe-33')).toBe(true);
    expect(kept.nodes[kept.nodes.length - 1].more).toBe(40 - FOLD_SHOWN - 1);
    const open = layoutDomains(many, { expanded: new Set(['GICv3']) });
    expect(open.nodes.length).toBe(41);
    expect(open.nodes.every((n) => n.more === 0)).toBe(true);
  });
});
