// CPU bring-up and tear-down of the x86 vector space: lapic_assign_system_vectors and
// lapic_update_legacy_vectors (boot, arch/x86/kernel/apic/vector.c), lapic_online /
// lapic_offline, lapic_can_unplug_cpu, and fixup_irqs (arch/x86/kernel/irq.c).
import { irqMigrateAllOffThisCpu } from '../core/cpuhotplug';
import { ENOSPC } from '../lib/errno';
import {
  FIRST_EXTERNAL_VECTOR,
  ISA_IRQ_VECTOR,
  NR_VECTORS,
  PIC_CASCADE_IR,
  VECTOR_RETRIGGERED,
  VECTOR_UNUSED,
  type X86Vector,
} from './vector';
import { vectorCleanup } from './vector_move';

/**
 * lapic_assign_system_vectors on the boot CPU: every IDT system vector, the cascade vector,
 * the boot CPU's matrix online, then the ISA vectors assigned on it; then init_IRQ's
 * vector_irq entries for the legacy irqs on CPU 0.
 */
export function lapicAssignSystemVectors(v: X86Vector, bootCpu: number, systemVectors: readonly number[]): void {
  for (const bit of systemVectors) v.matrix.assignSystem(bootCpu, bit, false);
  if (v.nrLegacyIrqs > 1) v.matrix.assignSystem(bootCpu, ISA_IRQ_VECTOR(PIC_CASCADE_IR), false);
  v.matrix.onlineCpu(bootCpu);
  for (let i = 0; i < v.nrLegacyIrqs; i++) if (i !== PIC_CASCADE_IR) v.matrix.assign(bootCpu, ISA_IRQ_VECTOR(i));
  for (let i = 0; i < v.nrLegacyIrqs; i++) v.setSlot(bootCpu, ISA_IRQ_VECTOR(i), i);
}

/** lapic_update_legacy_vectors: without IO-APIC the ISA vectors become system vectors. */
export function lapicUpdateLegacyVectors(v: X86Vector, bootCpu: number, ioApic: boolean): void {
  if (ioApic) return;
  for (let i = 0; i < v.nrLegacyIrqs; i++) if (i !== PIC_CASCADE_IR) v.matrix.assignSystem(bootCpu, ISA_IRQ_VECTOR(i), true);
}

/** __setup_vector_irq: legacy irqs not handled by the IO-APIC are installed on every CPU. */
function setupVectorIrq(v: X86Vector, vector: number): number {
  const isairq = vector - ISA_IRQ_VECTOR(0);
  if (isairq < 0 || isairq >= v.nrLegacyIrqs) return VECTOR_UNUSED;
  if (v.ioApicIrqs & (1 << isairq)) return VECTOR_UNUSED;
  return v.core.irqToDesc(isairq) ? isairq : VECTOR_UNUSED;
}

/** lapic_online: the CPU's matrix map online and its vector_irq table rebuilt. */
export function lapicOnline(v: X86Vector, cpu: number): void {
  v.matrix.onlineCpu(cpu);
  for (let vector = 0; vector < NR_VECTORS; vector++) v.setSlot(cpu, vector, setupVectorIrq(v, vector));
}

/** lapic_offline: run the pending cleanup without IRR check, matrix map offline, timer gone. */
export function lapicOffline(v: X86Vector, cpu: number): void {
  vectorCleanup(v, cpu, false);
  v.matrix.offlineCpu(cpu);
  v.timerPending[cpu] = 0;
  if (v.cleanupList[cpu].length) v.core.warn('lapic_offline', `CPU ${cpu} cleanup list not empty`);
}

/**
 * lapic_can_unplug_cpu: the CPU's non-managed vectors must fit into what the other CPUs have
 * available (approximate by design). Returns 0 or -ENOSPC with the kernel's message.
 */
export function lapicCanUnplugCpu(v: X86Vector, cpu: number): { ret: number; message: string | null } {
  const tomove = v.matrix.allocatedOn(cpu);
  const avl = v.matrix.availableFor(cpu, true);
  if (avl < tomove) {
    const message = `CPU ${cpu} has ${tomove} vectors, ${avl} available. Cannot disable CPU`;
    v.core.log('warn', 'lapic_can_unplug_cpu', message);
    return { ret: -ENOSPC, message };
  }
  const rsvd = v.matrix.reservedCount();
  if (avl < rsvd) v.core.log('warn', 'lapic_can_unplug_cpu', `Reserved vectors ${rsvd} > available ${avl}. IRQ request may fail`);
  return { ret: 0, message: null };
}

/**
 * fixup_irqs on the outgoing CPU (already out of cpu_online_mask): migrate every interrupt
 * away, then every slot still naming an irq becomes unused (markers stay; IRR never pending).
 */
export function fixupIrqs(v: X86Vector, cpu: number): void {
  irqMigrateAllOffThisCpu(v.core, cpu);
  for (let vector = FIRST_EXTERNAL_VECTOR; vector < NR_VECTORS; vector++) {
    const s = v.slot(cpu, vector);
    if (s < 0) continue;
    if (s !== VECTOR_RETRIGGERED) v.setSlot(cpu, vector, VECTOR_UNUSED);
  }
}
