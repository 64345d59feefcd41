// CPU hotplug around the v4.14 vector code: arch/x86/kernel/smpboot.c (native_cpu_disable,
// start_secondary), arch/x86/kernel/irq.c (check_irq_vectors_for_cpu_disable, fixup_irqs)
// and kernel/irq/cpuhotplug.c of v4.14 (migrate_one_irq, irq_affinity_online_cpu).
import { clearBit, setBit, testBit } from '../../lib/bitmap';
import { EBUSY, EINVAL, ERANGE } from '../../lib/errno';
import { type Cpumask, cpumaskEmpty, cpumaskFirst, cpumaskIntersects, cpumaskNext, cpumaskSubset } from './cpumask';
import { irqForceCompleteMove } from './cleanup';
import { canSetAffinity, irqDoSetAffinity, irqSetAffinityLocked, irqShutdown, irqStartup } from './genirq';
import { FIRST_EXTERNAL_VECTOR, type LegacyIrq, NR_VECTORS, VECTOR_UNUSED } from './types';
import type { LegacyVectorDomain } from './vector';

/**
 * check_irq_vectors_for_cpu_disable(): can the vectors of `cpu` (those of irqs with an
 * action whose affinity would be left with no online CPU) fit in the free vectors of the
 * other online CPUs? 0 or -ERANGE.
 */
export function checkIrqVectorsForCpuDisable(dom: LegacyVectorDomain, cpu: number): number {
  const nr = dom.nrCpus;
  const onlineNew = dom.onlineNew;
  onlineNew.set(dom.online);
  clearBit(onlineNew, cpu);
  const affinityNew = dom.affinityNew;
  let thisCount = 0;
  for (let v = FIRST_EXTERNAL_VECTOR; v < NR_VECTORS; v++) {
    const irq = dom.slot(cpu, v);
    if (irq < 0) continue;
    const d = dom.irqs.get(irq);
    if (!d || !d.requested) continue; // inactive irqs do not count
    affinityNew.set(d.affinity);
    clearBit(affinityNew, cpu);
    if (cpumaskEmpty(affinityNew, nr) || !cpumaskSubset(affinityNew, onlineNew, nr)) thisCount++;
  }
  if (thisCount === 0) return 0;
  let count = 0;
  for (let c = cpumaskFirst(dom.online, nr); c < nr; c = cpumaskNext(c, dom.online, nr)) {
    if (c === cpu) continue;
    for (let v = FIRST_EXTERNAL_VECTOR; v < dom.firstSystemVector; v++) {
      if (!testBit(dom.usedVectors, v) && dom.slot(c, v) < 0) count++;
    }
  }
  if (count < thisCount) {
    dom.log(
      'check_irq_vectors_for_cpu_disable',
      `CPU ${cpu} disable failed: CPU has ${thisCount} vectors assigned and there are only ${count} available.`,
    );
    return -ERANGE;
  }
  return 0;
}

/** irq_needs_fixup(d) on the dying `cpu` (CONFIG_GENERIC_IRQ_EFFECTIVE_AFF_MASK). */
function irqNeedsFixup(dom: LegacyVectorDomain, d: LegacyIrq, cpu: number): boolean {
  const nr = dom.nrCpus;
  let m: Cpumask = d.effective;
  if (cpumaskEmpty(m, nr)) m = d.affinity;
  // Not empty without the outgoing CPU, yet no online CPU in it: a missed fixup.
  let other = cpumaskFirst(m, nr);
  if (other === cpu) other = cpumaskNext(cpu, m, nr);
  if (other < nr && !cpumaskIntersects(m, dom.online, nr)) {
    dom.log('irq_needs_fixup', `Eff. affinity of IRQ ${d.irq} contains only offline CPUs after offlining CPU ${cpu}`);
    return true;
  }
  return testBit(m, cpu);
}

/** irq_fixup_move_pending(desc, force_clear) */
function irqFixupMovePending(dom: LegacyVectorDomain, d: LegacyIrq, forceClear: boolean): boolean {
  if (!d.movePending) return false;
  // The outgoing CPU was the last online target of the pending move: drop it.
  if (!cpumaskIntersects(d.pendingMask, dom.online, dom.nrCpus)) {
    d.movePending = false;
    return false;
  }
  if (forceClear) d.movePending = false;
  return true;
}

/** migrate_one_irq(desc) as of v4.14 (the force-complete comes after the fixup check). */
function migrateOneIrq(dom: LegacyVectorDomain, d: LegacyIrq, cpu: number): void {
  if (!canSetAffinity(d)) return;
  if (!d.started || !irqNeedsFixup(dom, d, cpu)) {
    irqFixupMovePending(dom, d, false);
    return;
  }
  irqForceCompleteMove(dom, d);
  let affinity: Cpumask = irqFixupMovePending(dom, d, true) ? d.pendingMask : d.affinity;
  if (!cpumaskIntersects(affinity, dom.online, dom.nrCpus)) {
    // A managed irq is shut down with its affinity untouched; others break affinity.
    if (d.managed) {
      d.managedShutdown = true;
      irqShutdown(d);
      return;
    }
    affinity = dom.online;
  }
  const err = irqDoSetAffinity(dom, d, affinity);
  if (err) dom.log('migrate_one_irq', `IRQ${d.irq}: set affinity failed(${err}).`);
}

/** cpu_offline: native_cpu_disable() then fixup_irqs() on the dying CPU. */
export function cpuOffline(dom: LegacyVectorDomain, cpu: number): number {
  const site = 'native_cpu_disable';
  if (!Number.isInteger(cpu) || cpu < 0 || cpu >= dom.nrCpus) return dom.fail(site, EINVAL, `CPU ${cpu} does not exist`);
  if (!testBit(dom.online, cpu)) return dom.fail(site, EINVAL, `CPU ${cpu} is not online`);
  let others = 0;
  for (let c = cpumaskFirst(dom.online, dom.nrCpus); c < dom.nrCpus; c = cpumaskNext(c, dom.online, dom.nrCpus)) {
    if (c !== cpu) others++;
  }
  if (others === 0) return dom.fail(site, EBUSY, `CPU ${cpu} is the last online CPU`);
  const err = checkIrqVectorsForCpuDisable(dom, cpu);
  if (err) return err;

  // remove_cpu_from_maps(); the cleanup IPI pending on this CPU is lost with it.
  clearBit(dom.online, cpu);
  dom.cleanupIpi[cpu] = 0;
  // fixup_irqs(): irq_migrate_all_off_this_cpu(), then every remaining slot goes unused
  // (IRR is never pending, so no VECTOR_RETRIGGERED).
  for (const irq of dom.activeIrqs().slice()) {
    const d = dom.irqs.get(irq);
    if (d) migrateOneIrq(dom, d, cpu);
  }
  for (let v = FIRST_EXTERNAL_VECTOR; v < NR_VECTORS; v++) dom.setSlot(cpu, v, VECTOR_UNUSED);
  return 0;
}

/** cpu_online: start_secondary() (setup_vector_irq, set online), then irq_affinity_online_cpu(). */
export function cpuOnline(dom: LegacyVectorDomain, cpu: number): number {
  const site = 'start_secondary';
  if (!Number.isInteger(cpu) || cpu < 0 || cpu >= dom.nrCpus) return dom.fail(site, EINVAL, `CPU ${cpu} does not exist`);
  if (testBit(dom.online, cpu)) return dom.fail(site, EINVAL, `CPU ${cpu} is already online`);
  dom.setupVectorIrq(cpu);
  setBit(dom.online, cpu);
  // irq_affinity_online_cpu -> irq_restore_affinity_of_irq for every irq.
  for (const irq of dom.activeIrqs().slice()) {
    const d = dom.irqs.get(irq);
    if (!d || !d.managed || !d.requested || !testBit(d.affinity, cpu)) continue;
    if (d.managedShutdown) {
      irqStartup(dom, d);
      continue;
    }
    // Single-target (physical mode) irqs already sit on a CPU of their mask.
    if (!d.singleTarget) irqSetAffinityLocked(dom, d, d.affinity);
  }
  return 0;
}
