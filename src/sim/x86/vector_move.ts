// Affinity moves of arch/x86/kernel/apic/vector.c: apic_set_affinity, apic_ack_edge /
// apic_ack_irq (irq_complete_move, then irq_move_irq), the v6.6+ per-CPU cleanup timer
// (__vector_schedule_cleanup, __vector_cleanup, vector_cleanup_callback), free_moved_vector and
// irq_force_complete_move (v6.10+: only for interrupts on the outgoing CPU).
import { cpumaskAnd, newCpumask } from '../core/cpumask';
import type { IrqDesc } from '../core/desc';
import type { GenirqArch } from '../core/genirq';
import { IRQ_SET_MASK_OK, type IrqData, irqdAffinityIsManaged, irqdIsActivated } from '../core/irqdata';
import { irqMoveIrq } from '../core/migration';
import { EIO } from '../lib/errno';
import { type ApicChipData, VECTOR_UNUSED, type X86Vector } from './vector';

/** apic_set_affinity: the chip callback of the VECTOR level. */
export function apicSetAffinity(v: X86Vector, irqd: IrqData, dest: Uint32Array, _force: boolean): number {
  if (!irqdIsActivated(irqd)) {
    v.core.warn('apic_set_affinity', `irq ${irqd.irq} is not activated`);
    return -EIO;
  }
  const search = newCpumask(v.nrCpus);
  cpumaskAnd(search, dest, v.core.online);
  const err = irqdAffinityIsManaged(irqd) ? v.assignManagedVector(irqd, search) : v.assignVectorLocked(irqd, search);
  return err ? err : IRQ_SET_MASK_OK;
}

/** apic_retrigger_irq: an IPI to the target (no further effect modelled). */
export function apicRetriggerIrq(_v: X86Vector, _irqd: IrqData): number {
  return 1;
}

/** Drop apicd from the cleanup list it is on (hlist_del_init). */
export function removeFromCleanupList(v: X86Vector, apicd: ApicChipData): void {
  if (apicd.clistCpu < 0) return;
  const list = v.cleanupList[apicd.clistCpu];
  const i = list.indexOf(apicd);
  if (i >= 0) list.splice(i, 1);
  apicd.clistCpu = -1;
}

/** free_moved_vector: release prev_vector on prev_cpu. */
export function freeMovedVector(v: X86Vector, apicd: ApicChipData): void {
  const vector = apicd.prevVector;
  const cpu = apicd.prevCpu;
  const managed = apicd.isManaged;
  if (managed) v.core.warn('free_moved_vector', `managed irq ${apicd.irq} has a moved vector`);
  v.emit({ type: 'vector_free_moved', irq: apicd.irq, cpu, vector, is_managed: managed });
  v.matrix.free(cpu, vector, managed);
  v.setSlot(cpu, vector, VECTOR_UNUSED);
  removeFromCleanupList(v, apicd);
  apicd.prevVector = 0;
  apicd.moveInProgress = false;
}

/** __vector_cleanup: free every queued vector of this CPU (IRR is never pending here). */
export function vectorCleanup(v: X86Vector, cpu: number, _checkIrr: boolean): void {
  const list = v.cleanupList[cpu];
  while (list.length > 0) freeMovedVector(v, list[0]);
}

/** vector_cleanup_callback: the timer of `cpu` expires. Returns 1 if it was pending, else 0. */
export function vectorCleanupCallback(v: X86Vector, cpu: number): number {
  if (cpu < 0 || cpu >= v.nrCpus || !v.timerPending[cpu]) return 0;
  v.timerPending[cpu] = 0;
  vectorCleanup(v, cpu, true);
  return 1;
}

/** __vector_schedule_cleanup: queue prev_vector on the old CPU and arm its timer. */
function scheduleCleanup(v: X86Vector, apicd: ApicChipData): void {
  const cpu = apicd.prevCpu;
  apicd.moveInProgress = false;
  if (v.core.cpuOnline(cpu)) {
    v.cleanupList[cpu].unshift(apicd);
    apicd.clistCpu = cpu;
    if (!v.timerPending[cpu]) v.timerPending[cpu] = 1;
  } else {
    v.core.log('warn', '__vector_schedule_cleanup', `IRQ ${apicd.irq} schedule cleanup for offline CPU ${cpu}`);
    freeMovedVector(v, apicd);
  }
}

/** vector_schedule_cleanup(cfg): what the remapping chips call after retargeting. */
export function vectorScheduleCleanup(v: X86Vector, irqd: IrqData): void {
  const apicd = v.apicd(irqd);
  if (apicd && apicd.moveInProgress) scheduleCleanup(v, apicd);
}

/**
 * irq_complete_move: the interrupt arrived on `vector` on this CPU; the first one on the new
 * vector of the new CPU ends the move.
 */
function irqCompleteMove(v: X86Vector, irqd: IrqData): void {
  const apicd = v.apicd(irqd);
  if (!apicd || !apicd.moveInProgress) return;
  if (v.core.irqVector === apicd.vector && apicd.cpu === v.core.thisCpu) scheduleCleanup(v, apicd);
}

/** apic_ack_irq: irq_move_irq, then EOI. */
export function apicAckIrq(v: X86Vector, irqd: IrqData): void {
  const desc = v.core.irqToDesc(irqd.irq);
  if (desc) irqMoveIrq(v.core, desc);
}

/** apic_ack_edge: irq_complete_move, then apic_ack_irq. */
export function apicAckEdge(v: X86Vector, irqd: IrqData): void {
  irqCompleteMove(v, irqd);
  apicAckIrq(v, irqd);
}

/**
 * irq_force_complete_move (v6.10+): on the outgoing CPU, a pending previous vector of an
 * interrupt that is or was on that CPU is freed at once.
 */
export function irqForceCompleteMove(v: X86Vector, desc: IrqDesc, cpu: number): void {
  const irqd = v.irqData(desc.irq);
  if (!irqd) return;
  const apicd = v.apicd(irqd);
  if (!apicd) return;
  const vector = apicd.prevVector;
  if (!vector || (apicd.cpu !== cpu && apicd.prevCpu !== cpu)) return;
  if (apicd.moveInProgress) {
    v.core.log('warn', 'irq_force_complete_move', `IRQ fixup: irq ${irqd.irq} move in progress, old vector ${vector}`);
  }
  freeMovedVector(v, apicd);
}

/**
 * The x86 hooks of the generic code (Genirq.arch): a class, so the hook is a prototype method
 * and the state it reaches (the X86Vector) is a plain field a checkpoint copies along.
 */
export class X86GenirqArch implements GenirqArch {
  constructor(readonly vector: X86Vector) {}

  irqForceCompleteMove(desc: IrqDesc, cpu: number): void {
    irqForceCompleteMove(this.vector, desc, cpu);
  }
}
