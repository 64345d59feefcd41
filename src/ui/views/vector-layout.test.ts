import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellRect, groupOfRow, hitTest, layoutGrid, rowTop, visibleColumns } from './vector-layout';

const node4 = Uint16Array.from([0, 0, 1, 1]);

describe('layoutGrid', () => {
  it('orders rows by node then CPU and makes one group per node', () => {
    const l = layoutGrid(Uint16Array.from([1, 0, 1, 0]), 4, 256, 512, 100);
    expect([...l.rowOrder]).toEqual([1, 3, 0, 2]);
    expect([...l.rowOf]).toEqual([2, 0, 3, 1]);
    expect(l.groups).toEqual([
      { node: 0, firstRow: 0, rows: 2 },
      { node: 1, firstRow: 2, rows: 2 },
    ]);
    expect(l.cellW).toBe(2);
  });

  it('fits the rows and gaps into the height, capping row height for small machines', () => {
    const big = layoutGrid(new Uint16Array(1024).map((_, i) => i >> 7), 1024, 256, 1024, 500);
    expect(big.height).toBeLessThanOrEqual(500 + 1e-9);
    expect(big.groups.length).toBe(8);
    const small = layoutGrid(new Uint16Array(2), 2, 256, 256, 500);
    expect(small.cellH).toBe(28);
    expect(small.gap).toBe(0);
  });

  it('puts a gap between node groups', () => {
    const l = layoutGrid(node4, 4, 256, 256, 100);
    expect(l.gap).toBeGreaterThan(0);
    expect(rowTop(l, 2) - rowTop(l, 1)).toBeCloseTo(l.cellH + l.gap);
    expect(groupOfRow(l, 3)).toBe(1);
  });
});

describe('hitTest', () => {
  const l = layoutGrid(node4, 4, 256, 512, 100);

  it('finds the cell under the pointer at zoom 1', () => {
    const r = cellRect(l, { k: 1, x: 0, y: 0 }, 2, 33);
    expect(hitTest(l, { k: 1, x: 0, y: 0 }, r.x + 0.5, r.y + 0.5)).toEqual({ cpu: 2, vector: 33, row: 2 });
  });

  it('inverts a zoomed and panned transform', () => {
    const t = { k: 4, x: -300, y: -50 };
    // Content point of vector 100 of CPU 3: x = 100 * 2 + 1, y = rowTop + 1.
    const cx = 100 * l.cellW + 1;
    const cy = rowTop(l, l.rowOf[3]) + 1;
    expect(hitTest(l, t, t.x + t.k * cx, t.y + t.k * cy)).toMatchObject({ cpu: 3, vector: 100 });
  });

  it('returns null outside the grid and inside a node gap', () => {
    const t = { k: 1, x: 0, y: 0 };
    expect(hitTest(l, t, -1, 5)).toBeNull();
    expect(hitTest(l, t, 5, l.height + 1)).toBeNull();
    const gapY = rowTop(l, 1) + l.cellH + l.gap / 2;
    expect(hitTest(l, t, 5, gapY)).toBeNull();
  });

  it('round-trips the centre of any cell under any transform (property)', () => {
    const nodes = new Uint16Array(64).map((_, i) => i >> 4);
    const grid = layoutGrid(nodes, 64, 256, 800, 400);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 63 }),
        fc.integer({ min: 0, max: 255 }),
        fc.double({ min: 1, max: 64, noNaN: true }),
        fc.double({ min: -5000, max: 0, noNaN: true }),
        fc.double({ min: -5000, max: 0, noNaN: true }),
        (cpu, vector, k, x, y) => {
          const t = { k, x, y };
          const r = cellRect(grid, t, cpu, vector);
          const hit = hitTest(grid, t, r.x + r.w / 2, r.y + r.h / 2);
          return hit !== null && hit.cpu === cpu && hit.vector === vector;
        },
      ),
    );
  });
});

describe('visibleColumns', () => {
  it('clips to the canvas under zoom', () => {
    const l = layoutGrid(node4, 4, 256, 512, 100);
    expect(visibleColumns(l, { k: 1, x: 0, y: 0 }, 512)).toEqual([0, 256]);
    expect(visibleColumns(l, { k: 4, x: -800, y: 0 }, 512)).toEqual([100, 164]);
  });
});
