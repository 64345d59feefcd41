import { describe, expect, it } from 'vitest';
import { CELL } from '../../sim/snapshot';
import { packedCellColours } from '../theme/palette';
import { fixtureSnapshot } from './fixture.test-util';
import { CELL_PRIORITY, aggregateRows, cellsOfIrq, cellsOfIrqs, diffCells, flashAlpha, paintCells, withAlpha } from './vector-paint';
import { layoutGrid } from './vector-layout';

describe('paintCells', () => {
  it('paints each cell with its state colour, rows in layout order, offline rows translucent', () => {
    const s = fixtureSnapshot(4, 2);
    s.cpus.node.set([1, 1, 0, 0]);
    s.cpus.online[3] = 0;
    const v = s.vectors!;
    const l = layoutGrid(s.cpus.node, 4, 256, 256, 100);
    const colours = packedCellColours('light');
    const off = withAlpha(colours, 0.5);
    const out = new Uint32Array(4 * 256);
    paintCells(l, v.cells, s.cpus.online, colours, off, out);
    // Rows: node 0 (CPUs 2, 3) then node 1 (CPUs 0, 1): CPU 1 is row 3.
    expect(l.rowOf[1]).toBe(3);
    expect(out[3 * 256 + 33]).toBe(colours[CELL.allocated]);
    expect(out[3 * 256 + 0]).toBe(colours[CELL.exception]);
    expect(out[3 * 256 + 240]).toBe(colours[CELL.system]);
    expect(out[2 * 256 + 33]).toBe(colours[CELL.free]);
    // CPU 3 (row 1) is offline.
    expect(out[1 * 256 + 100] >>> 24).toBe(128);
    expect(out[1 * 256 + 100] & 0xffffff).toBe(colours[CELL.free] & 0xffffff);
  });
});

describe('diffCells', () => {
  it('marks exactly the cells whose state or owner changed', () => {
    const a = fixtureSnapshot(4, 1).vectors!;
    const b = fixtureSnapshot(4, 1).vectors!;
    b.cells[3 * 256 + 50] = CELL.allocated;
    b.owner[3 * 256 + 50] = 47;
    b.owner[1 * 256 + 33] = 48; // same state, new owner
    const l = layoutGrid(new Uint16Array(4), 4, 256, 256, 100);
    const out = new Uint32Array(4 * 256);
    const m = diffCells(l, a.cells, a.owner, b.cells, b.owner, 0xff00ffff, out);
    expect(m.changed).toBe(2);
    expect([...m.rows]).toEqual([0, 1, 0, 1]);
    expect(out[3 * 256 + 50]).toBe(0xff00ffff);
    expect(out[3 * 256 + 51]).toBe(0);
  });
});

describe('cellsOfIrq', () => {
  it('finds every cell an irq owns, including its moving previous vector', () => {
    const v = fixtureSnapshot().vectors!;
    expect(cellsOfIrq(v.owner, 256, 45)).toEqual([
      [0, 35],
      [1, 33],
    ]);
    expect(cellsOfIrq(v.owner, 256, 99)).toEqual([]);
  });
});

describe('flashAlpha', () => {
  it('starts full, fades monotonically and ends at zero', () => {
    expect(flashAlpha(0)).toBe(1);
    expect(flashAlpha(900)).toBe(0);
    let prev = 1;
    for (let t = 0; t <= 900; t += 50) {
      const a = flashAlpha(t);
      expect(a).toBeLessThanOrEqual(prev);
      prev = a;
    }
  });
});

describe('aggregateRows', () => {
  it('keeps a lone allocated vector visible when 64 CPUs share a pixel row', () => {
    const s = fixtureSnapshot(128, 1);
    const v = s.vectors!;
    const l = layoutGrid(s.cpus.node, 128, 256, 256, 100);
    const colours = packedCellColours('light');
    const out = new Uint32Array(2 * 256);
    aggregateRows(l, v.cells, s.cpus.online, colours, withAlpha(colours, 0.5), 0, 128, 2, out);
    // CPU 1 vector 33 is allocated (row 0 covers CPUs 0-63), CPU 0 vector 35 is moving.
    expect(out[33]).toBe(colours[CELL.allocated]);
    expect(out[35]).toBe(colours[CELL.moving]);
    expect(out[34]).toBe(colours[CELL.allocatedManaged]);
    expect(out[256 + 33]).toBe(colours[CELL.free]);
    expect(out[256 + 5]).toBe(colours[CELL.exception]);
    expect(out[256 + 240]).toBe(colours[CELL.system]);
  });

  it('ranks moving over allocated over managed over reserved over free', () => {
    const order = [CELL.free, CELL.exception, CELL.system, CELL.legacy, CELL.reservedManaged, CELL.allocatedManaged, CELL.allocated, CELL.moving];
    for (let i = 1; i < order.length; i++) expect(CELL_PRIORITY[order[i]]).toBeGreaterThan(CELL_PRIORITY[order[i - 1]]);
  });
});

describe('cellsOfIrqs', () => {
  it('lists every cell of a set of irqs (a whole device) in one pass', () => {
    const s = fixtureSnapshot();
    const v = s.vectors!;
    expect(cellsOfIrqs(v.owner, v.nrVectors, new Set([45, 46]))).toEqual([
      [0, 35],
      [1, 33],
      [2, 34],
    ]);
    expect(cellsOfIrqs(v.owner, v.nrVectors, new Set())).toEqual([]);
  });
});
