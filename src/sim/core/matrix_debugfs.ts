// The matrix part of /sys/kernel/debug/irq/domains/VECTOR: irq_matrix_debug_show() of
// kernel/irq/matrix.c, byte for byte, and small read-only helpers over a Matrix.
import { findNextSet, formatPbl } from '../lib/bitmap';
import type { Matrix } from './matrix';

/** Ascending, de-duplicated copy of a CPU list (a cpumask is a set). */
export function cpuSet(cpus: Iterable<number>): number[] {
  return [...new Set(cpus)].sort((a, b) => a - b);
}

/** The kernel's irq_matrix_debug_show(sf, m, ind), byte for byte. */
export function matrixDebugShow(m: Matrix, ind: number): string {
  const pad = ' '.repeat(Math.max(ind, 1));
  const u6 = (v: number) => String(v).padStart(6);
  const u4 = (v: number) => String(v).padStart(4);
  let out = '';
  out += `Online bitmaps:   ${u6(m.onlineMaps)}\n`;
  out += `Global available: ${u6(m.globalAvailable)}\n`;
  out += `Global reserved:  ${u6(m.globalReserved)}\n`;
  out += `Total allocated:  ${u6(m.totalAllocated)}\n`;
  out += `System: ${m.systemCount()}: ${formatPbl(m.systemMap, m.matrixBits)}\n`;
  out += `${pad}| CPU | avl | man | mac | act | vectors\n`;
  for (let cpu = 0; cpu < m.nrCpus; cpu++) {
    if (!m.online[cpu]) continue;
    out +=
      `${pad} ${u4(cpu)}  ${u4(m.available[cpu])}  ${u4(m.managed[cpu])}  ${u4(m.managedAllocated[cpu])}` +
      ` ${u4(m.allocated[cpu])}  ${formatPbl(m.allocMapOf(cpu), m.matrixBits)}\n`;
  }
  return out;
}

/** Lowest allocated bit of a CPU at or after `from` (for views), or matrixBits. */
export function nextAllocatedBit(m: Matrix, cpu: number, from: number): number {
  return findNextSet(m.allocMapOf(cpu), from, m.matrixBits);
}
