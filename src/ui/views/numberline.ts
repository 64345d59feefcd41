// The IRQ descriptor number line: which numbers are allocated, nr_irqs, and the cap of the
// descriptor policy. The bitmap era's cap (IRQ_BITMAP_BITS = NR_IRQS + 8196) is drawn to
// scale; the maple tree has no practical cap (INT_MAX), so the axis is broken before it.
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import type { DescriptorSnapshot } from '../../sim/snapshot';

export const INT_MAX = 2147483647;
/** Width reserved right of a broken axis for the break mark and the cap label. */
export const BREAK_W = 96;

export interface NumberLine {
  scale: ScaleLinear<number, number>;
  /** Last number shown on the linear part (exclusive end). */
  extent: number;
  broken: boolean;
  cap: number;
  capLabel: string;
  ticks: number[];
}

/** A round number >= n (1, 2, 5 x 10^k). */
export function niceCeil(n: number): number {
  if (n <= 10) return 10;
  const p = Math.pow(10, Math.floor(Math.log10(n)));
  for (const m of [1, 2, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}

/** Highest allocated number + 1 (0 when none). */
export function allocatedEnd(ranges: Int32Array): number {
  let end = 0;
  for (let i = 1; i < ranges.length; i += 2) end = Math.max(end, ranges[i]);
  return end;
}

export function numberLine(d: DescriptorSnapshot, width: number): NumberLine {
  const used = Math.max(allocatedEnd(d.ranges), d.nrIrqs, d.gsiTop ?? 0, d.dynamicStart ?? 0, 16);
  if (d.policy === 'bitmap' && d.limit > 0 && d.limit <= used * 64) {
    const scale = scaleLinear().domain([0, d.limit]).range([0, width]);
    return {
      scale,
      extent: d.limit,
      broken: false,
      cap: d.limit,
      capLabel: `cap ${d.limit} (IRQ_BITMAP_BITS)`,
      ticks: scale.ticks(Math.max(2, Math.floor(width / 90))),
    };
  }
  const extent = Math.min(niceCeil(used * 1.25), d.limit || INT_MAX);
  const scale = scaleLinear()
    .domain([0, extent])
    .range([0, Math.max(10, width - BREAK_W)]);
  const capLabel =
    d.policy === 'maple'
      ? `no practical cap (maple tree, up to ${d.limit > 0 && d.limit < INT_MAX ? d.limit : 'INT_MAX'})`
      : `cap ${d.limit} (IRQ_BITMAP_BITS)`;
  return {
    scale,
    extent,
    broken: true,
    cap: d.limit,
    capLabel,
    ticks: scale.ticks(Math.max(2, Math.floor((width - BREAK_W) / 90))),
  };
}

/** Allocated runs merged so that each drawn segment is at least `minPx` apart: [x0, x1] in px. */
export function segments(line: NumberLine, ranges: Int32Array, minPx = 1): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 1 < ranges.length; i += 2) {
    const a = ranges[i];
    if (a >= line.extent) continue;
    const b = Math.min(ranges[i + 1], line.extent);
    const x0 = line.scale(a);
    const x1 = Math.max(line.scale(b), x0 + minPx);
    const last = out[out.length - 1];
    if (last && x0 - last[1] < minPx) last[1] = Math.max(last[1], x1);
    else out.push([x0, x1]);
  }
  return out;
}

/** The number under x, or null (beyond the linear part). */
export function numberAt(line: NumberLine, x: number): number | null {
  if (x < 0) return null;
  const n = Math.floor(line.scale.invert(x));
  return n >= 0 && n < line.extent ? n : null;
}

/** Whether `n` is inside one of the allocated runs (binary search; runs are sorted). */
export function isAllocated(ranges: Int32Array, n: number): boolean {
  let lo = 0;
  let hi = ranges.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (n < ranges[2 * mid]) hi = mid - 1;
    else if (n >= ranges[2 * mid + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/**
 * A zoomed second line over the used part [0, niceCeil(used * 1.1)) when the overview squeezes
 * it into less than `minShare` of the width (e.g. 256 Xen irqs under a 12548 bitmap cap).
 */
export function detailLine(d: DescriptorSnapshot, overview: NumberLine, width: number, minShare = 0.15): NumberLine | null {
  const used = Math.max(allocatedEnd(d.ranges), d.nrIrqs, d.gsiTop ?? 0, d.dynamicStart ?? 0, 16);
  if (used / overview.extent >= minShare) return null;
  const extent = niceCeil(used * 1.1);
  const scale = scaleLinear().domain([0, extent]).range([0, width]);
  return {
    scale,
    extent,
    broken: false,
    cap: overview.cap,
    capLabel: `detail 0-${extent - 1}`,
    ticks: scale.ticks(Math.max(2, Math.floor(width / 90))),
  };
}
