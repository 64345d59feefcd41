// The thin genirq layer of v4.14 around the legacy vector code: kernel/irq/manage.c
// (irq_setup_affinity, irq_do_set_affinity, irq_set_affinity_locked, request/free_irq),
// chip.c (irq_startup, irq_shutdown), migration.c (irq_move_irq), proc.c
// (write_irq_affinity) and the chips above VECTOR (msi_domain_set_affinity,
// intel_ir_set_affinity, apic_ack_edge).
import { EBUSY, EEXIST, EINVAL, EIO } from '../../lib/errno';
import {
  type Cpumask,
  cpumaskAnd,
  cpumaskClear,
  cpumaskCopy,
  cpumaskEmpty,
  cpumaskIntersects,
  cpumaskOf,
} from './cpumask';
import { irqCompleteMove, sendCleanupVector } from './cleanup';
import {
  FIRST_EXTERNAL_VECTOR,
  type LegacyIrq,
  type LegacyIrqType,
  NR_VECTORS,
  NUMA_NO_NODE,
} from './types';
import type { LegacyVectorDomain } from './vector';

/** IRQD_MOVE_PCNTXT: the remapped chips can be retargeted from process context. */
export function canMoveInProcessContext(d: LegacyIrq): boolean {
  return d.chip === 'IR-PCI-MSI' || d.chip === 'IR-IO-APIC';
}

/** __irq_can_set_affinity: the chip has an irq_set_affinity (the XT-PIC has none). */
export function canSetAffinity(d: LegacyIrq): boolean {
  return d.chip !== 'XT-PIC';
}

/**
 * chip->irq_set_affinity of the top chip: msi_domain_set_affinity / ioapic_set_affinity
 * down to apic_set_affinity; with remapping, intel_ir_set_affinity then sends the cleanup
 * IPI at once (send_cleanup_vector).
 */
function chipSetAffinity(dom: LegacyVectorDomain, d: LegacyIrq, mask: Cpumask): number {
  if (!canSetAffinity(d)) return -EINVAL;
  const ret = dom.apicSetAffinity(d, mask);
  if (ret === 0 && canMoveInProcessContext(d)) sendCleanupVector(dom, d);
  return ret;
}

/** irq_do_set_affinity(data, mask, force): on success the affinity becomes `mask`. */
export function irqDoSetAffinity(dom: LegacyVectorDomain, d: LegacyIrq, mask: Cpumask): number {
  const ret = chipSetAffinity(dom, d, mask);
  if (ret === 0 && mask !== d.affinity) cpumaskCopy(d.affinity, mask);
  return ret;
}

/** irq_set_affinity_locked: at once with remapping, else pending until the next interrupt. */
export function irqSetAffinityLocked(dom: LegacyVectorDomain, d: LegacyIrq, mask: Cpumask): number {
  if (!canSetAffinity(d)) return -EINVAL;
  let ret = 0;
  if (canMoveInProcessContext(d)) {
    ret = irqDoSetAffinity(dom, d, mask);
  } else {
    d.movePending = true;
    if (mask !== d.pendingMask) cpumaskCopy(d.pendingMask, mask);
  }
  d.affinitySet = true;
  return ret;
}

/** irq_setup_affinity(desc): default (or kept user/managed) affinity, online, node-local. */
export function irqSetupAffinity(dom: LegacyVectorDomain, d: LegacyIrq): number {
  const nr = dom.nrCpus;
  if (!canSetAffinity(d)) return 0;
  let set = dom.defaultAffinity;
  // Keep a managed or user-chosen affinity as long as one of its CPUs is online.
  if (d.managed || d.affinitySet) {
    if (cpumaskIntersects(d.affinity, dom.online, nr)) set = d.affinity;
    else d.affinitySet = false;
  }
  const mask = dom.scratch;
  cpumaskAnd(mask, dom.online, set);
  if (d.node !== NUMA_NO_NODE && d.node >= 0 && d.node < dom.nodeMasks.length) {
    const nodemask = dom.nodeMasks[d.node];
    if (cpumaskIntersects(mask, nodemask, nr)) cpumaskAnd(mask, mask, nodemask);
  }
  return irqDoSetAffinity(dom, d, mask);
}

/** irq_startup(desc, IRQ_RESEND, IRQ_START_COND) */
export function irqStartup(dom: LegacyVectorDomain, d: LegacyIrq): number {
  if (d.started) return 0; // irq_enable()
  if (!d.managed) {
    d.started = true; // __irq_startup
    irqSetupAffinity(dom, d);
    return 0;
  }
  // __irq_startup_managed
  d.managedShutdown = false;
  if (!cpumaskIntersects(d.affinity, dom.online, dom.nrCpus)) {
    // Requested with no online CPU in its mask: the CPU hotplug code starts it later.
    d.managedShutdown = true;
    return 0;
  }
  irqDoSetAffinity(dom, d, d.affinity);
  d.started = true;
  return 0;
}

/** irq_shutdown(desc): the chip is shut down; the vector is kept. */
export function irqShutdown(d: LegacyIrq): void {
  if (d.started) d.started = false;
}

/** irq_move_irq + irq_move_masked_irq: apply a pending affinity from the ack path. */
export function irqMoveIrq(dom: LegacyVectorDomain, d: LegacyIrq): void {
  if (!d.movePending) return;
  if (!d.started) return; // irqd_irq_disabled
  d.movePending = false;
  if (cpumaskEmpty(d.pendingMask, dom.nrCpus)) return;
  if (!canSetAffinity(d)) return;
  if (cpumaskIntersects(d.pendingMask, dom.online, dom.nrCpus)) irqDoSetAffinity(dom, d, d.pendingMask);
  cpumaskClear(d.pendingMask);
}

/** The chip of a new irq of `type`. */
function chipFor(dom: LegacyVectorDomain, type: LegacyIrqType): LegacyIrq['chip'] {
  if (type === 'legacy') return dom.remapping ? 'IR-IO-APIC' : 'IO-APIC';
  return dom.remapping ? 'IR-PCI-MSI' : 'PCI-MSI';
}

function validCpuList(dom: LegacyVectorDomain, cpus: unknown): cpus is number[] {
  return (
    Array.isArray(cpus) &&
    cpus.length > 0 &&
    cpus.every((c) => Number.isInteger(c) && c >= 0 && c < dom.nrCpus)
  );
}

/**
 * alloc: per irq, the descriptor (alloc_descs) then x86_vector_alloc_irqs with no
 * info->mask. If irq i fails, irqs 0..i-1 of the call are freed again.
 */
export function allocIrqs(
  dom: LegacyVectorDomain,
  irq: number,
  count: number,
  type: LegacyIrqType,
  node: number,
  affinity?: number[][],
): number {
  const site = 'x86_vector_alloc_irqs';
  if (!Number.isInteger(irq) || !Number.isInteger(count) || irq < 0 || count < 1) {
    return dom.fail(site, EINVAL, `bad irq range ${irq}+${count}`);
  }
  if (type !== 'msi' && type !== 'managed' && type !== 'legacy') return dom.fail(site, EINVAL, `unknown type ${String(type)}`);
  if (type === 'managed') {
    if (!affinity || (affinity.length !== count && affinity.length !== 1) || !affinity.every((a) => validCpuList(dom, a))) {
      return dom.fail(site, EINVAL, 'managed irqs need one non-empty CPU list per irq');
    }
  }
  for (let i = irq; i < irq + count; i++) {
    const d = dom.irqs.get(i);
    if (type === 'legacy') {
      if (i >= dom.nrLegacyIrqs) return dom.fail(site, EINVAL, `irq ${i} is not an ISA irq`);
      if (!d || d.chip !== 'XT-PIC') return dom.fail(site, EEXIST, `irq ${i} is already handled by the IO-APIC`);
    } else if (d) {
      return dom.fail(site, EEXIST, `irq ${i} already exists`);
    }
  }

  const made: LegacyIrq[] = [];
  for (let k = 0; k < count; k++) {
    const i = irq + k;
    let d: LegacyIrq;
    if (type === 'legacy') {
      // legacy_irq_data[] is reused: vector 0x30+irq, domain all CPUs; the desc keeps its node.
      d = dom.irqs.get(i)!;
      d.chip = chipFor(dom, type);
    } else {
      let descNode = node;
      d = dom.newIrq(i, chipFor(dom, type), descNode);
      if (type === 'managed') {
        const cpus = affinity!.length === 1 ? affinity![0] : affinity![k];
        const mask = cpumaskOf(dom.nrCpus, cpus);
        cpumaskCopy(d.affinity, mask);
        d.managed = true;
        descNode = dom.cpuToNode[Math.min(...cpus)];
        d.node = descNode;
      }
      dom.addIrq(d);
    }
    made.push(d);
    const err = dom.assignIrqVectorPolicy(d);
    if (err) {
      // x86_vector_free_irqs(virq, i + 1), then the descriptors go away.
      for (const m of made) dom.clearIrqVector(m);
      for (const m of made) if (type !== 'legacy') dom.removeIrq(m.irq);
      return err;
    }
    if (dom.apic === 'physflat') d.singleTarget = true; // !apic->irq_dest_mode
  }
  return 0;
}

/** request_irq(irq) */
export function requestIrq(dom: LegacyVectorDomain, irq: number): number {
  const d = dom.irqs.get(irq);
  if (!d) return dom.fail('request_irq', EINVAL, `irq ${irq} does not exist`);
  if (d.requested) return dom.fail('request_irq', EBUSY, `irq ${irq} already has an action`);
  d.requested = true;
  return irqStartup(dom, d);
}

/** free_irq(irq) */
export function freeIrq(dom: LegacyVectorDomain, irq: number): number {
  const d = dom.irqs.get(irq);
  if (!d || !d.requested) {
    dom.warn('__free_irq', `Trying to free already-free IRQ ${irq}`);
    return -EINVAL;
  }
  d.requested = false;
  irqShutdown(d);
  return 0;
}

/** MSI teardown of `count` irqs from `irq`: clear_irq_vector and the descriptor released. */
export function freeIrqs(dom: LegacyVectorDomain, irq: number, count: number): number {
  const site = 'x86_vector_free_irqs';
  if (!Number.isInteger(irq) || !Number.isInteger(count) || irq < 0 || count < 1) {
    return dom.fail(site, EINVAL, `bad irq range ${irq}+${count}`);
  }
  for (let i = irq; i < irq + count; i++) {
    const d = dom.irqs.get(i);
    if (!d) return dom.fail(site, EINVAL, `irq ${i} does not exist`);
    if (i < dom.nrLegacyIrqs) {
      dom.warn(site, `irq ${i} is an ISA irq; legacy irqs are never freed`);
      return -EINVAL;
    }
  }
  // An irq that still has an action is torn down all the same (the traces do this).
  for (let i = irq; i < irq + count; i++) {
    const d = dom.irqs.get(i)!;
    d.requested = false;
    irqShutdown(d);
    dom.clearIrqVector(d);
    dom.removeIrq(i);
  }
  return 0;
}

/** write_irq_affinity: /proc/irq/N/smp_affinity */
export function writeIrqAffinity(dom: LegacyVectorDomain, irq: number, cpus: number[]): number {
  const site = 'write_irq_affinity';
  const d = dom.irqs.get(irq);
  if (!d) return dom.fail(site, EINVAL, `irq ${irq} does not exist`);
  if (!Array.isArray(cpus) || !cpus.every((c) => Number.isInteger(c) && c >= 0 && c < dom.nrCpus)) {
    return dom.fail(site, EINVAL, 'CPU out of range');
  }
  // irq_can_set_affinity_usr: needs an affinity setter and not managed.
  if (!canSetAffinity(d) || d.managed) return -EIO;
  const mask = cpumaskOf(dom.nrCpus, cpus);
  if (!cpumaskIntersects(mask, dom.online, dom.nrCpus)) {
    // No online CPU: irq_select_affinity_usr() re-runs irq_setup_affinity().
    return irqSetupAffinity(dom, d) ? -EINVAL : 0;
  }
  irqSetAffinityLocked(dom, d, mask); // the result (e.g. -EBUSY) is ignored
  return 0;
}

/**
 * An interrupt arrives on `cpu` through `vector`: the flow handler acks it. Non-remapped
 * MSI and IO-APIC ack through apic_ack_edge (irq_complete_move, irq_move_irq); the
 * remapped chips and the XT-PIC only EOI.
 */
export function fireIrq(dom: LegacyVectorDomain, irq: number, cpu: number, vector: number): number {
  const site = 'do_IRQ';
  const d = dom.irqs.get(irq);
  if (!d) return dom.fail(site, EINVAL, `irq ${irq} does not exist`);
  if (!dom.isOnline(cpu)) return dom.fail(site, EINVAL, `CPU ${cpu} is not online`);
  if (!Number.isInteger(vector) || vector < FIRST_EXTERNAL_VECTOR || vector >= NR_VECTORS || dom.slot(cpu, vector) !== irq) {
    dom.log(site, `${cpu}.${vector} No irq handler for vector`);
    return dom.fail(site, EINVAL, `vector ${vector} of CPU ${cpu} does not point at irq ${irq}`);
  }
  if (d.chip === 'XT-PIC' || canMoveInProcessContext(d)) return 0;
  irqCompleteMove(dom, d, vector, cpu);
  irqMoveIrq(dom, d);
  return 0;
}
