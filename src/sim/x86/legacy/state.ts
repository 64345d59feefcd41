// Read-only views of the v4.14 vector state (arch/x86/kernel/apic/vector.c): the state
// object of one irq and the non-empty slots of a CPU's vector_irq table.
import { formatPbl } from '../../lib/bitmap';
import { type LegacyIrq, type LegacyIrqState, NR_VECTORS, VECTOR_UNUSED } from './types';
import type { LegacyVectorDomain } from './vector';

export function irqState(dom: LegacyVectorDomain, d: LegacyIrq): LegacyIrqState {
  const nr = dom.nrCpus;
  return {
    irq: d.irq,
    chip: d.chip,
    vector: d.vector,
    old_vector: d.oldVector,
    domain: formatPbl(d.domain, nr),
    old_domain: formatPbl(d.oldDomain, nr),
    move_in_progress: d.moveInProgress,
    dest_apicid: d.destApicid,
    is_managed: d.managed,
    requested: d.requested,
    started: d.started,
    managed_shutdown: d.managedShutdown,
    move_pending: d.movePending,
    affinity: formatPbl(d.affinity, nr),
    effective_affinity: formatPbl(d.effective, nr),
    pending_mask: d.movePending ? formatPbl(d.pendingMask, nr) : '',
  };
}

/** [vector, value] of every non-empty slot of `cpu` (value: irq, or -1 VECTOR_RETRIGGERED). */
export function vectorTable(dom: LegacyVectorDomain, cpu: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const base = cpu * NR_VECTORS;
  for (let v = 0; v < NR_VECTORS; v++) {
    const irq = dom.vectorIrq[base + v];
    if (irq !== VECTOR_UNUSED) out.push([v, irq]);
  }
  return out;
}
