// CPU hotplug around the v4.14 vector code: arch/x86/kernel/smpboot.c (native_cpu_disable,
// start_secondary), arch/x86/kernel/irq.c (check_irq_vectors_for_cpu_disable, fixup_irqs)
// and kernel/irq/cpuhotplug.c of v4.14 (migrate_one_irq with irq_force_complete_move after
// the fixup check, irq_affinity_online_cpu restarting a managed irq with irq_startup),
// on the shared genirq core's descriptors.
import { irqShutdown, irqStartup } from '../../core/chip';
import type { IrqDesc } from '../../core/desc';
import {
  IRQD_MANAGED_SHUTDOWN,
  irqdAffinityIsManaged,
  irqdIsManagedAndShutdown,
  irqdIsSingleTarget,
  irqdIsStarted,
  irqdSet,
} from '../../core/irqdata';
import { irqDoSetAffinity, irqSetAffinityLocked } from '../../core/manage';
import { irqFixupMovePending } from '../../core/migration';
import { clearBit, setBit, testBit } from '../../lib/bitmap';
import { ERANGE } from '../../lib/errno';
import { type Cpumask, cpumaskEmpty, cpumaskFirst, cpumaskIntersects, cpumaskNext, cpumaskSubset } from './cpumask';
import { irqForceCompleteMove } from './cleanup';
import { FIRST_EXTERNAL_VECTOR, NR_VECTORS, VECTOR_UNUSED } from './types';
import type { LegacyVector } from './vector';

/**
 * check_irq_vectors_for_cpu_disable(): can the vectors of `cpu` (those of irqs with an
 * action whose affinity would be left with no online CPU) fit in the free vectors of the
 * other online CPUs? 0 or -ERANGE.
 */
export function checkIrqVectorsForCpuDisable(v: LegacyVector, cpu: number): number {
  const nr = v.nrCpus;
  const core = v.core;
  const onlineNew = v.onlineNew;
  onlineNew.set(core.online);
  clearBit(onlineNew, cpu);
  const affinityNew = v.affinityNew;
  let thisCount = 0;
  for (let vec = FIRST_EXTERNAL_VECTOR; vec < NR_VECTORS; vec++) {
    const irq = v.slot(cpu, vec);
    if (irq < 0) continue;
    const desc = core.irqToDesc(irq);
    if (!desc || desc.actions.length === 0) continue; // inactive irqs do not count
    affinityNew.set(desc.common.affinity);
    clearBit(affinityNew, cpu);
    if (cpumaskEmpty(affinityNew, nr) || !cpumaskSubset(affinityNew, onlineNew, nr)) thisCount++;
  }
  if (thisCount === 0) return 0;
  let count = 0;
  for (let c = cpumaskFirst(core.online, nr); c < nr; c = cpumaskNext(c, core.online, nr)) {
    if (c === cpu) continue;
    for (let vec = FIRST_EXTERNAL_VECTOR; vec < v.firstSystemVector; vec++) {
      if (!testBit(v.usedVectors, vec) && v.slot(c, vec) < 0) count++;
    }
  }
  if (count < thisCount) {
    core.log('warn', 'check_irq_vectors_for_cpu_disable', `CPU ${cpu} disable failed: CPU has ${thisCount} vectors assigned and there are only ${count} available.`);
    return -ERANGE;
  }
  return 0;
}

/** irq_needs_fixup(d) on the dying `cpu` (CONFIG_GENERIC_IRQ_EFFECTIVE_AFF_MASK). */
function irqNeedsFixup(v: LegacyVector, desc: IrqDesc, cpu: number): boolean {
  const nr = v.nrCpus;
  let m: Cpumask = desc.common.effectiveAffinity;
  if (cpumaskEmpty(m, nr)) m = desc.common.affinity;
  // Not empty without the outgoing CPU, yet no online CPU in it: a missed fixup.
  let other = cpumaskFirst(m, nr);
  if (other === cpu) other = cpumaskNext(cpu, m, nr);
  if (other < nr && !cpumaskIntersects(m, v.core.online, nr)) {
    v.core.log('warn', 'irq_needs_fixup', `Eff. affinity of IRQ ${desc.irq} contains only offline CPUs after offlining CPU ${cpu}`);
    return true;
  }
  return testBit(m, cpu);
}

/** migrate_one_irq(desc) as of v4.14. */
function migrateOneIrq(v: LegacyVector, desc: IrqDesc, cpu: number): void {
  const core = v.core;
  const d = desc.irqData;
  // No chip or no affinity setter (the XT-PIC): nothing can be done here.
  if (!d.chip?.irqSetAffinity) return;
  if (!irqdIsStarted(d) || !irqNeedsFixup(v, desc, cpu)) {
    irqFixupMovePending(core, desc, false);
    return;
  }
  irqForceCompleteMove(v, desc.irq);
  let affinity: Cpumask = irqFixupMovePending(core, desc, true) ? desc.pendingMask : desc.common.affinity;
  if (!cpumaskIntersects(affinity, core.online, v.nrCpus)) {
    // A managed irq is shut down with its affinity untouched; others break affinity.
    if (irqdAffinityIsManaged(d)) {
      irqdSet(d, IRQD_MANAGED_SHUTDOWN);
      irqShutdown(desc);
      return;
    }
    affinity = core.online;
  }
  const err = irqDoSetAffinity(core, d, affinity.slice(), false);
  if (err) core.log('warn', 'migrate_one_irq', `IRQ${desc.irq}: set affinity failed(${err}).`);
}

/** native_cpu_disable() then fixup_irqs() on the dying CPU; the caller checked it may go. */
export function legacyCpuOffline(v: LegacyVector, cpu: number): number {
  const core = v.core;
  const err = checkIrqVectorsForCpuDisable(v, cpu);
  if (err) return err;
  // remove_cpu_from_maps(); the cleanup IPI pending on this CPU is lost with it.
  clearBit(core.online, cpu);
  v.cleanupIpi[cpu] = 0;
  core.thisCpu = cpu;
  // fixup_irqs(): irq_migrate_all_off_this_cpu(), then every remaining slot goes unused
  // (IRR is never pending, so no VECTOR_RETRIGGERED).
  for (const irq of core.activeIrqs()) {
    const desc = core.irqToDesc(irq);
    if (desc) migrateOneIrq(v, desc, cpu);
  }
  for (let vec = FIRST_EXTERNAL_VECTOR; vec < NR_VECTORS; vec++) v.setSlot(cpu, vec, VECTOR_UNUSED);
  return 0;
}

/** start_secondary() (setup_vector_irq, set online), then irq_affinity_online_cpu(). */
export function legacyCpuOnline(v: LegacyVector, cpu: number): number {
  const core = v.core;
  v.setupVectorIrq(cpu);
  setBit(core.online, cpu);
  core.thisCpu = cpu;
  // irq_affinity_online_cpu -> irq_restore_affinity_of_irq for every irq.
  for (const irq of core.activeIrqs()) {
    const desc = core.irqToDesc(irq);
    if (!desc) continue;
    const d = desc.irqData;
    if (!irqdAffinityIsManaged(d) || desc.actions.length === 0 || !testBit(desc.common.affinity, cpu)) continue;
    if (irqdIsManagedAndShutdown(d)) {
      irqStartup(core, desc, true, false);
      continue;
    }
    // Single-target (physical mode) irqs already sit on a CPU of their mask.
    if (!irqdIsSingleTarget(d)) irqSetAffinityLocked(core, desc, desc.common.affinity.slice(), false);
  }
  return 0;
}
