// Pixels of the vector grid: one pixel per (row, vector) cell, painted from the snapshot's
// CELL bytes through the palette (one table lookup per cell), plus the mask of cells that
// changed since the previous snapshot (the flash).
import type { GridLayout } from './vector-layout';

/**
 * Fills `out` (a Uint32 view over an ImageData of nrVectors x nrCpus, rows in layout order)
 * with the packed colour of each cell; offline CPUs use `offlineColours` (translucent).
 */
export function paintCells(
  l: GridLayout,
  cells: Uint8Array,
  online: Uint8Array,
  colours: Uint32Array,
  offlineColours: Uint32Array,
  out: Uint32Array,
): void {
  const nv = l.nrVectors;
  for (let r = 0; r < l.nrCpus; r++) {
    const cpu = l.rowOrder[r];
    const table = online[cpu] ? colours : offlineColours;
    const src = cpu * nv;
    const dst = r * nv;
    for (let v = 0; v < nv; v++) out[dst + v] = table[cells[src + v]] ?? table[0];
  }
}

/** `colours` with their alpha scaled to `alpha` (0..1): for offline CPUs. */
export function withAlpha(colours: Uint32Array, alpha: number): Uint32Array {
  const a = Math.round(alpha * 255) & 255;
  const out = new Uint32Array(colours.length);
  for (let i = 0; i < colours.length; i++) out[i] = ((colours[i] & 0x00ffffff) | (a << 24)) >>> 0;
  return out;
}

export interface FlashMask {
  /** Number of changed cells. */
  changed: number;
  /** Rows (layout order) with at least one changed cell. */
  rows: Uint8Array;
}

/**
 * Marks in `out` (Uint32 view, layout order) the cells whose state or owner differs between
 * the previous and the current snapshot with `flash`, all others transparent.
 */
export function diffCells(
  l: GridLayout,
  prevCells: Uint8Array,
  prevOwner: Int32Array,
  cells: Uint8Array,
  owner: Int32Array,
  flash: number,
  out: Uint32Array,
): FlashMask {
  const nv = l.nrVectors;
  const rows = new Uint8Array(l.nrCpus);
  let changed = 0;
  for (let r = 0; r < l.nrCpus; r++) {
    const cpu = l.rowOrder[r];
    const src = cpu * nv;
    const dst = r * nv;
    for (let v = 0; v < nv; v++) {
      const i = src + v;
      if (cells[i] !== prevCells[i] || owner[i] !== prevOwner[i]) {
        out[dst + v] = flash;
        rows[r] = 1;
        changed++;
      } else out[dst + v] = 0;
    }
  }
  return { changed, rows };
}

/** Every (cpu, vector) whose owner is `irq`. */
export function cellsOfIrq(owner: Int32Array, nrVectors: number, irq: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = owner.indexOf(irq); i !== -1; i = owner.indexOf(irq, i + 1)) {
    out.push([Math.floor(i / nrVectors), i % nrVectors]);
  }
  return out;
}

/** Every cell owned by one of `irqs`, as [cpu, vector] pairs (one pass over the grid). */
export function cellsOfIrqs(owner: Int32Array, nrVectors: number, irqs: ReadonlySet<number>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  if (irqs.size === 0) return out;
  for (let i = 0; i < owner.length; i++) {
    if (owner[i] >= 0 && irqs.has(owner[i])) out.push([Math.floor(i / nrVectors), i % nrVectors]);
  }
  return out;
}

/** Flash opacity `elapsed` ms after a change: full, then fading out over `duration`. */
export function flashAlpha(elapsed: number, duration = 900): number {
  if (elapsed <= 0) return 1;
  if (elapsed >= duration) return 0;
  const t = elapsed / duration;
  return 1 - t * t;
}

/** Which state wins when several CPUs share one pixel row: what a reader must not miss first. */
export const CELL_PRIORITY: readonly number[] = (() => {
  // Indexed by CELL value: free 0, exception 1, system 2, reservedManaged 3,
  // allocatedManaged 4, allocated 5, moving 6, legacy 7.
  const p: number[] = [];
  p[0] = 0;
  p[1] = 1;
  p[2] = 2;
  p[7] = 3;
  p[3] = 4;
  p[4] = 5;
  p[5] = 6;
  p[6] = 7;
  return p;
})();

/** CELL_PRIORITY + 1 as a typed table (unknown states rank with free): the downsampling's hot loop. */
const PRIORITY_PLUS_ONE: Uint8Array = Uint8Array.from({ length: 256 }, (_, s) => (CELL_PRIORITY[s] ?? 0) + 1);

/**
 * Downsamples the rows [firstRow, firstRow + rows) of the grid to `outRows` pixel rows: each
 * output cell shows the highest-priority state among the CPUs it covers (so one allocated
 * vector among 128 CPUs still shows), offline-only rows translucent. Fills `out` (Uint32 view,
 * nrVectors x outRows).
 */
export function aggregateRows(
  l: GridLayout,
  cells: Uint8Array,
  online: Uint8Array,
  colours: Uint32Array,
  offlineColours: Uint32Array,
  firstRow: number,
  rows: number,
  outRows: number,
  out: Uint32Array,
): void {
  const nv = l.nrVectors;
  // Per output row, the winning state of each column and its priority (+1: 0 = none yet).
  const best = new Uint8Array(nv);
  const bestPrio = new Uint8Array(nv);
  for (let o = 0; o < outRows; o++) {
    const r0 = firstRow + Math.floor((o * rows) / outRows);
    const r1 = Math.max(r0 + 1, firstRow + Math.floor(((o + 1) * rows) / outRows));
    bestPrio.fill(0);
    best.fill(0);
    let on = 0;
    for (let r = r0; r < r1; r++) {
      const cpu = l.rowOrder[r];
      if (online[cpu]) on = 1;
      const src = cpu * nv;
      for (let v = 0; v < nv; v++) {
        const s = cells[src + v];
        const p = PRIORITY_PLUS_ONE[s];
        if (p > bestPrio[v]) {
          bestPrio[v] = p;
          best[v] = s;
        }
      }
    }
    const table = on ? colours : offlineColours;
    const dst = o * nv;
    for (let v = 0; v < nv; v++) out[dst + v] = table[best[v]] ?? table[0];
  }
}
