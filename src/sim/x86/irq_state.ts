// The state of one x86 interrupt as the x86_vector conformance traces show it: the
// apic_chip_data fields of arch/x86/kernel/apic/vector.c and the IRQD_* bits above them.
import { cpumaskPbl } from '../core/cpumask';
import { IRQD_MANAGED_SHUTDOWN, IRQD_SETAFFINITY_PENDING, irqdHas, irqdIsActivated, irqdIsStarted } from '../core/irqdata';
import type { X86Machine } from './machine';

/** The state of one interrupt as the x86_vector traces show it (keys in trace order). */
export interface X86IrqState {
  irq: number;
  vector: number;
  cpu: number;
  prev_vector: number;
  prev_cpu: number;
  move_in_progress: boolean;
  is_managed: boolean;
  can_reserve: boolean;
  has_reserved: boolean;
  cleanup_pending: boolean;
  hw_vector: number;
  activated: boolean;
  started: boolean;
  managed_shutdown: boolean;
  move_pending: boolean;
  affinity: string;
  effective_affinity: string;
  pending_mask: string;
}

export function x86IrqState(m: X86Machine, irq: number): X86IrqState | null {
  const desc = m.core.irqToDesc(irq);
  const irqd = m.vector.irqData(irq);
  const apicd = irqd ? m.vector.apicd(irqd) : null;
  if (!desc || !apicd) return null;
  const d = desc.irqData;
  const pending = irqdHas(d, IRQD_SETAFFINITY_PENDING);
  return {
    irq,
    vector: apicd.vector,
    cpu: apicd.cpu,
    prev_vector: apicd.prevVector,
    prev_cpu: apicd.prevVector ? apicd.prevCpu : 0,
    move_in_progress: apicd.moveInProgress,
    is_managed: apicd.isManaged,
    can_reserve: apicd.canReserve,
    has_reserved: apicd.hasReserved,
    cleanup_pending: apicd.clistCpu >= 0,
    hw_vector: apicd.hwIrqCfg.vector,
    activated: irqdIsActivated(d),
    started: irqdIsStarted(d),
    managed_shutdown: irqdHas(d, IRQD_MANAGED_SHUTDOWN),
    move_pending: pending,
    affinity: cpumaskPbl(d.common.affinity, m.nrCpus),
    effective_affinity: cpumaskPbl(d.common.effectiveAffinity, m.nrCpus),
    pending_mask: pending ? cpumaskPbl(desc.pendingMask, m.nrCpus) : '',
  };
}
