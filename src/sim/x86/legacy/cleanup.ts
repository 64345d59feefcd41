// The cleanup half of the v4.14 vector code (arch/x86/kernel/apic/vector.c): after a move,
// the first interrupt on the new vector sends IRQ_MOVE_CLEANUP_VECTOR to the old CPUs,
// whose handler frees the old slots (send_cleanup_vector, irq_complete_move,
// smp_irq_move_cleanup_interrupt, irq_force_complete_move).
import { clearBit, testBit } from '../../lib/bitmap';
import { cpumaskAnd, cpumaskClear, cpumaskEmpty, cpumaskFirst, cpumaskNext } from './cpumask';
import { FIRST_EXTERNAL_VECTOR, type LegacyIrq, NR_VECTORS, VECTOR_UNUSED } from './types';
import type { LegacyVectorDomain } from './vector';

/** __send_cleanup_vector(data): IPI the online CPUs of old_domain. */
function sendCleanupVectorNow(dom: LegacyVectorDomain, d: LegacyIrq): void {
  const nr = dom.nrCpus;
  cpumaskAnd(d.oldDomain, d.oldDomain, dom.online);
  d.moveInProgress = false;
  for (let c = cpumaskFirst(d.oldDomain, nr); c < nr; c = cpumaskNext(c, d.oldDomain, nr)) dom.cleanupIpi[c] = 1;
}

/** send_cleanup_vector(cfg): after an immediate (remapped) move. */
export function sendCleanupVector(dom: LegacyVectorDomain, d: LegacyIrq): void {
  if (d.moveInProgress) sendCleanupVectorNow(dom, d);
}

/** irq_complete_move(cfg) with the vector the interrupt came in on (~orig_ax), on `cpu`. */
export function irqCompleteMove(dom: LegacyVectorDomain, d: LegacyIrq, vector: number, cpu: number): void {
  if (!d.moveInProgress) return;
  if (vector === d.vector && testBit(d.domain, cpu)) sendCleanupVectorNow(dom, d);
}

/** irq_force_complete_move(desc), from fixup_irqs on the dying CPU. */
export function irqForceCompleteMove(dom: LegacyVectorDomain, d: LegacyIrq): void {
  const nr = dom.nrCpus;
  if (d.chip === 'XT-PIC') return; // not in the vector domain's hierarchy
  cpumaskAnd(d.oldDomain, d.oldDomain, dom.online);
  if (!d.moveInProgress && cpumaskEmpty(d.oldDomain, nr)) return;
  if (d.moveInProgress) {
    dom.log('irq_force_complete_move', `IRQ fixup: irq ${d.irq} move in progress, old vector ${d.oldVector}`);
  }
  for (let c = cpumaskFirst(d.oldDomain, nr); c < nr; c = cpumaskNext(c, d.oldDomain, nr)) {
    dom.setSlot(c, d.oldVector, VECTOR_UNUSED);
  }
  cpumaskClear(d.oldDomain);
  d.moveInProgress = false;
}

/** smp_irq_move_cleanup_interrupt() on `me` (IRR never pending). */
export function moveCleanupInterrupt(dom: LegacyVectorDomain, me: number): void {
  for (let v = FIRST_EXTERNAL_VECTOR; v < NR_VECTORS; v++) {
    const irq = dom.slot(me, v);
    if (irq < 0) continue;
    const d = dom.irqs.get(irq);
    if (!d) continue;
    // Nothing to clean if the move is still in progress or this CPU is not in old_domain.
    if (d.moveInProgress || !testBit(d.oldDomain, me)) continue;
    // The current vector of a CPU still in the domain stays.
    if (v === d.vector && testBit(d.domain, me)) continue;
    dom.setSlot(me, v, VECTOR_UNUSED);
    clearBit(d.oldDomain, me);
  }
}
