// The per-CPU vector grid the UI draws: one CELL state and owning irq per (CPU, vector),
// read from the matrix bitmaps and the vector_irq tables, with the system vectors' names.
import { CELL, type VectorSnapshot } from '../snapshot';
import type { X86Machine } from './machine';
import { systemVectorNames } from './system_vectors';

const NR_VECTORS = 256;
const FIRST_EXTERNAL_VECTOR = 32;

/** The grid of `m`; `release` names the system vectors (default: the newest modelled). */
export function fillVectorGrid(m: X86Machine, release?: string): VectorSnapshot {
  const mx = m.matrix;
  const n = m.nrCpus;
  const cells = new Uint8Array(n * NR_VECTORS);
  const owner = new Int32Array(n * NR_VECTORS).fill(-1);
  for (let cpu = 0; cpu < n; cpu++) {
    const row = cpu * NR_VECTORS;
    for (let v = 0; v < NR_VECTORS; v++) {
      const slot = m.vector.slot(cpu, v);
      if (slot >= 0) owner[row + v] = slot;
      let st: number;
      if (v < FIRST_EXTERNAL_VECTOR) st = CELL.exception;
      else if (mx.isSystem(v) || v >= mx.allocEnd) st = CELL.system;
      else if (mx.isAllocated(cpu, v)) st = mx.isManaged(cpu, v) ? CELL.allocatedManaged : CELL.allocated;
      else if (mx.isManaged(cpu, v)) st = CELL.reservedManaged;
      else st = CELL.free;
      if (st === CELL.allocated && slot >= 0 && slot < 16 && !m.vector.irqData(slot)) st = CELL.legacy;
      cells[row + v] = st;
    }
  }
  // Previous vectors of interrupts whose move awaits completion or cleanup.
  for (const irq of m.vectorIrqs()) {
    const irqd = m.vector.irqData(irq);
    const apicd = irqd ? m.vector.apicd(irqd) : null;
    if (apicd && apicd.prevVector) {
      const i = apicd.prevCpu * NR_VECTORS + apicd.prevVector;
      cells[i] = CELL.moving;
      owner[i] = irq;
    }
  }
  return {
    nrCpus: n,
    nrVectors: NR_VECTORS,
    cells,
    owner,
    available: mx.available.slice(),
    managed: mx.managed.slice(),
    managedAllocated: mx.managedAllocated.slice(),
    allocated: mx.allocated.slice(),
    onlineMaps: mx.onlineMaps,
    globalAvailable: mx.globalAvailable,
    globalReserved: mx.globalReserved,
    totalAllocated: mx.totalAllocated,
    allocator: 'matrix',
    systemNames: systemVectorNames(release),
  };
}
