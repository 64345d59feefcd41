import { describe, expect, it } from 'vitest';
import type { DescriptorSnapshot } from '../../sim/snapshot';
import { BREAK_W, INT_MAX, detailLine, isAllocated, niceCeil, numberAt, numberLine, segments } from './numberline';

const maple: DescriptorSnapshot = {
  policy: 'maple',
  limit: INT_MAX,
  nrIrqs: 1024,
  allocated: 40,
  ranges: new Int32Array([0, 16, 24, 48]),
};

describe('numberLine', () => {
  it('breaks the axis for the maple tree and says there is no practical cap', () => {
    const l = numberLine(maple, 1000);
    expect(l.broken).toBe(true);
    expect(l.extent).toBe(2000); // niceCeil(1024 * 1.25)
    expect(l.scale(l.extent)).toBe(1000 - BREAK_W);
    expect(l.capLabel).toContain('INT_MAX');
  });

  it('draws the bitmap cap to scale when it is within reach', () => {
    const d: DescriptorSnapshot = { policy: 'bitmap', limit: 8196 + 4352, nrIrqs: 4352, allocated: 9000, ranges: new Int32Array([0, 9000]) };
    const l = numberLine(d, 1000);
    expect(l.broken).toBe(false);
    expect(l.scale(d.limit)).toBe(1000);
    expect(l.capLabel).toBe('cap 12548 (IRQ_BITMAP_BITS)');
  });

  it('keeps the highest allocated number on the linear part', () => {
    const d = { ...maple, ranges: new Int32Array([0, 16, 139000, 139264]) };
    const l = numberLine(d, 800);
    expect(l.extent).toBeGreaterThanOrEqual(139264);
  });
});

describe('segments and lookups', () => {
  it('maps runs to pixels and merges runs closer than a pixel', () => {
    const l = numberLine(maple, 2000 / 1 + BREAK_W); // 1 px per number
    expect(segments(l, maple.ranges)).toEqual([
      [0, 16],
      [24, 48],
    ]);
    const tight = numberLine(maple, 200 + BREAK_W); // 0.1 px per number
    expect(segments(tight, maple.ranges).length).toBe(1);
  });

  it('finds the number under x and whether it is allocated', () => {
    const l = numberLine(maple, 2000 + BREAK_W);
    expect(numberAt(l, 30.5)).toBe(30);
    expect(numberAt(l, -1)).toBeNull();
    expect(numberAt(l, 2000 + 10)).toBeNull();
    expect(isAllocated(maple.ranges, 30)).toBe(true);
    expect(isAllocated(maple.ranges, 16)).toBe(false);
    expect(isAllocated(maple.ranges, 47)).toBe(true);
    expect(isAllocated(maple.ranges, 48)).toBe(false);
    expect(isAllocated(new Int32Array(0), 0)).toBe(false);
  });

  it('rounds up to 1, 2, 5 x 10^k', () => {
    expect(niceCeil(1280)).toBe(2000);
    expect(niceCeil(4000)).toBe(5000);
    expect(niceCeil(100)).toBe(100);
    expect(niceCeil(7)).toBe(10);
  });
});

describe('detailLine', () => {
  it('zooms on the used part when the overview squeezes it', () => {
    const xen: DescriptorSnapshot = { policy: 'bitmap', limit: 12548, nrIrqs: 256, allocated: 255, ranges: new Int32Array([0, 255]), gsiTop: 24, dynamicStart: 40 };
    const o = numberLine(xen, 1000);
    const d = detailLine(xen, o, 1000)!;
    expect(d.extent).toBe(500);
    expect(d.scale(256)).toBeCloseTo(512);
    expect(detailLine(maple, numberLine(maple, 1000), 1000)).toBeNull();
  });
});
