// What differs between the two kernels of compare mode at the position shown: the counters a
// reader checks first (descriptors, vectors, LPIs, event channels, guests, refusals), each
// CPU's vector counters, the vector cells, and the descriptor number space.
import type { Snapshot, StepOutcome } from '../../sim/snapshot';

export interface CounterRow {
  name: string;
  a: string;
  b: string;
  differs: boolean;
}

function lpiAllocated(s: Snapshot): number | null {
  if (!s.lpis) return null;
  let free = 0;
  for (let i = 1; i < s.lpis.freeRanges.length; i += 2) free += s.lpis.freeRanges[i];
  return s.lpis.end - s.lpis.first - free;
}

/** The counters both sides have (a row with "—" where one side has no such thing). */
export function counterRows(a: Snapshot, b: Snapshot, outA: readonly StepOutcome[], outB: readonly StepOutcome[]): CounterRow[] {
  const rows: CounterRow[] = [];
  const add = (name: string, va: number | string | null | undefined, vb: number | string | null | undefined) => {
    if ((va === null || va === undefined) && (vb === null || vb === undefined)) return;
    const sa = va === null || va === undefined ? '—' : String(va);
    const sb = vb === null || vb === undefined ? '—' : String(vb);
    rows.push({ name, a: sa, b: sb, differs: sa !== sb });
  };
  const refused = (o: readonly StepOutcome[], at: number) => o.slice(0, at).filter((x) => !x.ok).length;
  add('steps refused so far', refused(outA, a.at), refused(outB, b.at));
  add('descriptors allocated', a.descriptors.allocated, b.descriptors.allocated);
  add('descriptor limit', a.descriptors.limit, b.descriptors.limit);
  add('nr_irqs', a.descriptors.nrIrqs, b.descriptors.nrIrqs);
  add('online CPUs', a.cpus.online.reduce((n, x) => n + x, 0), b.cpus.online.reduce((n, x) => n + x, 0));
  add('vectors: global available', a.vectors?.globalAvailable, b.vectors?.globalAvailable);
  add('vectors: global reserved', a.vectors?.globalReserved, b.vectors?.globalReserved);
  add('vectors: total allocated', a.vectors?.totalAllocated, b.vectors?.totalAllocated);
  add('LPIs allocated', lpiAllocated(a), lpiAllocated(b));
  add('ITS devices', a.lpis?.devices.length, b.lpis?.devices.length);
  add('event channels bound', a.xenState?.channels.length, b.xenState?.channels.length);
  add('guests running', a.vms.filter((v) => v.state === 'running').length, b.vms.filter((v) => v.state === 'running').length);
  add('guests failed', a.vms.filter((v) => v.state === 'failed').length, b.vms.filter((v) => v.state === 'failed').length);
  add('interrupts with a handler', a.irqs.filter((r) => r.name).length, b.irqs.filter((r) => r.name).length);
  return rows;
}

export interface CpuVectorDiff {
  cpu: number;
  a: { available: number; allocated: number; managed: number };
  b: { available: number; allocated: number; managed: number };
}

/** CPUs whose matrix counters differ (x86 on both sides, same CPU count). */
export function cpuVectorDiffs(a: Snapshot, b: Snapshot): CpuVectorDiff[] {
  const va = a.vectors;
  const vb = b.vectors;
  if (!va || !vb || va.nrCpus !== vb.nrCpus) return [];
  const out: CpuVectorDiff[] = [];
  for (let c = 0; c < va.nrCpus; c++) {
    if (va.available[c] !== vb.available[c] || va.allocated[c] !== vb.allocated[c] || va.managed[c] !== vb.managed[c]) {
      out.push({
        cpu: c,
        a: { available: va.available[c], allocated: va.allocated[c], managed: va.managed[c] },
        b: { available: vb.available[c], allocated: vb.allocated[c], managed: vb.managed[c] },
      });
    }
  }
  return out;
}

/** 1 where a (cpu, vector) cell's state differs between the sides; null when the grids do not match in shape. */
export function vectorCellDiff(a: Snapshot, b: Snapshot): { mask: Uint8Array; count: number; nrCpus: number; nrVectors: number } | null {
  const va = a.vectors;
  const vb = b.vectors;
  if (!va || !vb || va.nrCpus !== vb.nrCpus || va.nrVectors !== vb.nrVectors) return null;
  const mask = new Uint8Array(va.cells.length);
  let count = 0;
  for (let i = 0; i < mask.length; i++) {
    if (va.cells[i] !== vb.cells[i]) {
      mask[i] = 1;
      count++;
    }
  }
  return { mask, count, nrCpus: va.nrCpus, nrVectors: va.nrVectors };
}

/** Allocated descriptor runs as [start, end) pairs -> the runs held by `x` and not by `y`. */
export function rangesOnlyIn(x: Int32Array, y: Int32Array): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let j = 0;
  for (let i = 0; i < x.length; i += 2) {
    let s = x[i];
    const e = x[i + 1];
    while (j < y.length && y[j + 1] <= s) j += 2;
    let k = j;
    while (s < e) {
      if (k >= y.length || y[k] >= e) {
        out.push([s, e]);
        break;
      }
      if (y[k] > s) out.push([s, y[k]]);
      s = Math.max(s, y[k + 1]);
      k += 2;
    }
  }
  return out;
}

/** "8192-8259, 9000" for the first few runs, and how many more; `unit` names what is counted. */
export function formatRuns(runs: Array<[number, number]>, max = 6, unit = 'descriptor'): string {
  const shown = runs.slice(0, max).map(([s, e]) => (e - s === 1 ? `${s}` : `${s}-${e - 1}`));
  const total = runs.reduce((n, [s, e]) => n + e - s, 0);
  return `${shown.join(', ')}${runs.length > max ? `, … (${runs.length - max} more runs)` : ''} — ${total} ${unit}${total === 1 ? '' : 's'}`;
}

/** The allocated LPIs of a snapshot as [start, end) pairs: the LPI space minus its free ranges. */
export function lpiAllocatedRuns(s: Snapshot): Int32Array {
  const l = s.lpis;
  if (!l) return new Int32Array(0);
  const free: Array<[number, number]> = [];
  for (let i = 0; i + 1 < l.freeRanges.length; i += 2) free.push([l.freeRanges[i], l.freeRanges[i] + l.freeRanges[i + 1]]);
  free.sort((x, y) => x[0] - y[0]);
  const out: number[] = [];
  let at = l.first;
  for (const [fs, fe] of free) {
    if (fs > at) out.push(at, Math.min(fs, l.end));
    at = Math.max(at, fe);
  }
  if (at < l.end) out.push(at, l.end);
  return Int32Array.from(out);
}

export interface ChannelDiff {
  port: number;
  a: string;
  b: string;
}

/** Event-channel ports bound differently (or only on one side): "irq 24 virq:TIMER cpu 0" per side. */
export function channelDiffs(a: Snapshot, b: Snapshot): ChannelDiff[] {
  const text = (s: Snapshot) => new Map((s.xenState?.channels ?? []).map((c) => [c.port, `irq ${c.irq} ${c.binding} cpu ${c.cpu}`]));
  const ta = text(a);
  const tb = text(b);
  const ports = [...new Set([...ta.keys(), ...tb.keys()])].sort((x, y) => x - y);
  return ports.filter((p) => ta.get(p) !== tb.get(p)).map((port) => ({ port, a: ta.get(port) ?? '—', b: tb.get(port) ?? '—' }));
}
