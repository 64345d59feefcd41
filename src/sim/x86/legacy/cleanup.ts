// The cleanup half of the v4.14 vector code (arch/x86/kernel/apic/vector.c): after a move,
// the first interrupt on the new vector sends IRQ_MOVE_CLEANUP_VECTOR to the old CPUs,
// whose handler frees the old slots (send_cleanup_vector, irq_complete_move,
// smp_irq_move_cleanup_interrupt, irq_force_complete_move).
import { clearBit, testBit } from '../../lib/bitmap';
import { cpumaskAnd, cpumaskClear, cpumaskEmpty, cpumaskFirst, cpumaskNext } from './cpumask';
import { FIRST_EXTERNAL_VECTOR, NR_VECTORS, VECTOR_UNUSED } from './types';
import type { LegacyApicData, LegacyVector } from './vector';

/** __send_cleanup_vector(data): IPI the online CPUs of old_domain. */
function sendCleanupVectorNow(v: LegacyVector, d: LegacyApicData): void {
  const nr = v.nrCpus;
  cpumaskAnd(d.oldDomain, d.oldDomain, v.core.online);
  d.moveInProgress = false;
  for (let c = cpumaskFirst(d.oldDomain, nr); c < nr; c = cpumaskNext(c, d.oldDomain, nr)) v.cleanupIpi[c] = 1;
}

/** send_cleanup_vector(cfg): after an immediate (remapped) move. */
export function sendCleanupVector(v: LegacyVector, d: LegacyApicData): void {
  if (d.moveInProgress) sendCleanupVectorNow(v, d);
}

/** irq_complete_move(cfg) with the vector the interrupt came in on (~orig_ax), on `cpu`. */
export function irqCompleteMove(v: LegacyVector, d: LegacyApicData, vector: number, cpu: number): void {
  if (!d.moveInProgress) return;
  if (vector === d.vector && testBit(d.domain, cpu)) sendCleanupVectorNow(v, d);
}

/** irq_force_complete_move(desc), from fixup_irqs on the dying CPU (VECTOR-domain irqs only). */
export function irqForceCompleteMove(v: LegacyVector, irq: number): void {
  const nr = v.nrCpus;
  const irqd = v.irqData(irq);
  const d = irqd ? v.apicdOf(irqd) : null;
  if (!d) return;
  cpumaskAnd(d.oldDomain, d.oldDomain, v.core.online);
  if (!d.moveInProgress && cpumaskEmpty(d.oldDomain, nr)) return;
  if (d.moveInProgress) {
    v.core.log('warn', 'irq_force_complete_move', `IRQ fixup: irq ${d.irq} move in progress, old vector ${d.oldVector}`);
  }
  for (let c = cpumaskFirst(d.oldDomain, nr); c < nr; c = cpumaskNext(c, d.oldDomain, nr)) {
    v.setSlot(c, d.oldVector, VECTOR_UNUSED);
  }
  cpumaskClear(d.oldDomain);
  d.moveInProgress = false;
}

/** smp_irq_move_cleanup_interrupt() on `me` (IRR never pending). */
export function moveCleanupInterrupt(v: LegacyVector, me: number): void {
  for (let vec = FIRST_EXTERNAL_VECTOR; vec < NR_VECTORS; vec++) {
    const irq = v.slot(me, vec);
    if (irq < 0) continue;
    const d = v.apicd(irq);
    if (!d) continue;
    // Nothing to clean if the move is still in progress or this CPU is not in old_domain.
    if (d.moveInProgress || !testBit(d.oldDomain, me)) continue;
    // The current vector of a CPU still in the domain stays.
    if (vec === d.vector && testBit(d.domain, me)) continue;
    v.setSlot(me, vec, VECTOR_UNUSED);
    clearBit(d.oldDomain, me);
  }
}
