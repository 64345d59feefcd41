// Geometry of the vector grid: rows are CPUs ordered by NUMA node (a small gap between nodes),
// columns are the vectors in kernel order. Pure functions: the layout, where a row sits, and
// which cell a pointer is over under a d3-zoom transform.

export interface ZoomTransform {
  k: number;
  x: number;
  y: number;
}

export interface RowGroup {
  node: number;
  firstRow: number;
  rows: number;
}

export interface GridLayout {
  nrCpus: number;
  nrVectors: number;
  /** rowOrder[row] = cpu shown in that row. */
  rowOrder: Int32Array;
  /** rowOf[cpu] = its row. */
  rowOf: Int32Array;
  groups: RowGroup[];
  /** Cell size and node gap at zoom 1, in CSS pixels. */
  cellW: number;
  cellH: number;
  gap: number;
  /** Extent of the grid content at zoom 1. */
  width: number;
  height: number;
}

export const MAX_ROW_H = 28;

/**
 * Lays out `nrCpus` rows (grouped by `node`, stable by CPU number inside a node) and
 * `nrVectors` columns to fit a `viewW` x `viewH` area at zoom 1.
 */
export function layoutGrid(
  node: ArrayLike<number>,
  nrCpus: number,
  nrVectors: number,
  viewW: number,
  viewH: number,
): GridLayout {
  const rowOrder = new Int32Array(nrCpus);
  for (let i = 0; i < nrCpus; i++) rowOrder[i] = i;
  rowOrder.sort((a, b) => (node[a] ?? 0) - (node[b] ?? 0) || a - b);
  const rowOf = new Int32Array(nrCpus);
  const groups: RowGroup[] = [];
  for (let r = 0; r < nrCpus; r++) {
    const cpu = rowOrder[r];
    rowOf[cpu] = r;
    const n = node[cpu] ?? 0;
    const last = groups[groups.length - 1];
    if (last && last.node === n) last.rows++;
    else groups.push({ node: n, firstRow: r, rows: 1 });
  }
  const cellW = Math.max(0.5, viewW / Math.max(1, nrVectors));
  const gap = groups.length > 1 ? Math.min(6, Math.max(2, viewH * 0.012)) : 0;
  const fit = (viewH - gap * (groups.length - 1)) / Math.max(1, nrCpus);
  const cellH = Math.max(0.05, Math.min(MAX_ROW_H, fit));
  return {
    nrCpus,
    nrVectors,
    rowOrder,
    rowOf,
    groups,
    cellW,
    cellH,
    gap,
    width: cellW * nrVectors,
    height: cellH * nrCpus + gap * (groups.length - 1),
  };
}

/** Index of the group holding `row`. */
export function groupOfRow(l: GridLayout, row: number): number {
  let lo = 0;
  let hi = l.groups.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (l.groups[mid].firstRow <= row) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Top of a row in content coordinates (zoom 1). */
export function rowTop(l: GridLayout, row: number): number {
  return row * l.cellH + groupOfRow(l, row) * l.gap;
}

/** Top of a group in content coordinates. */
export function groupTop(l: GridLayout, gi: number): number {
  return l.groups[gi].firstRow * l.cellH + gi * l.gap;
}

/** The cell under screen point (px, py) of the grid canvas, or null (outside, or in a node gap). */
export function hitTest(
  l: GridLayout,
  t: ZoomTransform,
  px: number,
  py: number,
): { cpu: number; vector: number; row: number } | null {
  const cx = (px - t.x) / t.k;
  const cy = (py - t.y) / t.k;
  if (cx < 0 || cy < 0 || cx >= l.width || cy >= l.height) return null;
  const vector = Math.floor(cx / l.cellW);
  if (vector < 0 || vector >= l.nrVectors) return null;
  // The last group whose top is at or above cy.
  let lo = 0;
  let hi = l.groups.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (groupTop(l, mid) <= cy) lo = mid;
    else hi = mid - 1;
  }
  const g = l.groups[lo];
  const within = Math.floor((cy - groupTop(l, lo)) / l.cellH);
  if (within < 0 || within >= g.rows) return null;
  const row = g.firstRow + within;
  return { cpu: l.rowOrder[row], vector, row };
}

/** Screen rectangle of a cell under a transform. */
export function cellRect(
  l: GridLayout,
  t: ZoomTransform,
  cpu: number,
  vector: number,
): { x: number; y: number; w: number; h: number } {
  return {
    x: t.x + t.k * vector * l.cellW,
    y: t.y + t.k * rowTop(l, l.rowOf[cpu]),
    w: t.k * l.cellW,
    h: t.k * l.cellH,
  };
}

/** The vectors visible in a canvas `viewW` wide: [first, endExclusive). */
export function visibleColumns(l: GridLayout, t: ZoomTransform, viewW: number): [number, number] {
  const first = Math.max(0, Math.floor(-t.x / (t.k * l.cellW)));
  const end = Math.min(l.nrVectors, Math.ceil((viewW - t.x) / (t.k * l.cellW)));
  return [first, Math.max(first, end)];
}

/** Kernel-style vector label: "0x21". */
export function hexVector(v: number): string {
  return '0x' + v.toString(16).padStart(2, '0');
}
