// The x86 VECTOR irq domain of v4.14 and earlier: arch/x86/kernel/apic/vector.c before the
// 4.15 matrix rework. x86_vector_domain_ops has only .alloc (x86_vector_alloc_irqs: the vector
// is taken at allocation, assign_irq_vector_policy) and .free (x86_vector_free_irqs:
// clear_irq_vector); there is no activate/deactivate and no debug_show (those came with the
// matrix in v4.15). The domain is named "VECTOR" (irq_domain_alloc_named_fwnode, v4.13+) and
// its chip is lapic_controller "APIC" (irq_ack apic_ack_edge, irq_set_affinity
// apic_set_affinity). The search of __assign_irq_vector walks the two function-static
// positions current_vector/current_offset shared by every irq; init_legacy_irqs gives the ISA
// irqs their apic_chip_data (vector 0x30+irq on all CPUs) as the XT-PIC descriptors' chip data,
// reused when the IO-APIC takes one over. The cleanup IPI lives in cleanup.ts, the APIC
// callbacks in apic.ts, CPU hotplug in hotplug.ts; genirq itself is the shared core.
import type { Genirq } from '../../core/genirq';
import {
  IRQ_SET_MASK_OK,
  IRQD_SINGLE_TARGET,
  type IrqChip,
  type IrqData,
  irqDataRoot,
  irqdSet,
} from '../../core/irqdata';
import {
  IRQ_DOMAIN_NAME_ALLOCATED,
  type IrqDomain,
  type IrqDomainOps,
  irqDomainCreate,
  irqDomainGetIrqData,
  irqDomainResetIrqData,
} from '../../core/irqdomain';
import { type Bits, newBits, setBit, testBit } from '../../lib/bitmap';
import { EBUSY, EINVAL, ENOSPC } from '../../lib/errno';
import { cpuMaskToApicid, vectorAllocationDomain } from './apic';
import { irqCompleteMove, sendCleanupVector } from './cleanup';
import {
  type Cpumask,
  cpumaskAnd,
  cpumaskAndnot,
  cpumaskClear,
  cpumaskCopy,
  cpumaskEmpty,
  cpumaskEqual,
  cpumaskFirst,
  cpumaskFirstAnd,
  cpumaskIntersects,
  cpumaskNext,
  cpumaskOr,
  cpumaskSetall,
  cpumaskSubset,
} from './cpumask';
import {
  FIRST_EXTERNAL_VECTOR,
  ISA_IRQ_VECTOR_BASE,
  type LegacyApic,
  NR_VECTORS,
  VECTOR_OFFSET_START,
  VECTOR_UNUSED,
} from './types';
import { irqMoveIrq } from '../../core/migration';

/** struct apic_chip_data of v4.14 (with its struct irq_cfg). */
export class LegacyApicData {
  readonly irq: number;
  vector = 0;
  oldVector = 0;
  destApicid = 0;
  moveInProgress = false;
  /** The CPUs that share the vector (vector_allocation_domain). */
  readonly domain: Cpumask;
  /** CPUs still holding the previous vector until the cleanup IPI. */
  readonly oldDomain: Cpumask;

  constructor(irq: number, nrCpus: number) {
    this.irq = irq;
    this.domain = newBits(nrCpus);
    this.oldDomain = newBits(nrCpus);
  }
}

export interface LegacyVectorConfig {
  apic: LegacyApic;
  /** first_system_vector: the search runs below it. */
  firstSystemVector: number;
  /** nr_legacy_irqs(): 16 with a PIC, else 0. */
  nrLegacyIrqs: number;
  /** The used_vectors bitmap, as vector numbers. */
  systemVectors: readonly number[];
}

/** The APIC level's host: x86_vector_domain, vector_irq, the search statics, pending IPIs. */
export class LegacyVector {
  readonly core: Genirq;
  readonly domain: IrqDomain;
  readonly chip: IrqChip;
  readonly nrCpus: number;
  readonly apic: LegacyApic;
  readonly firstSystemVector: number;
  readonly nrLegacyIrqs: number;
  /** used_vectors: the search skips these vectors. */
  readonly usedVectors: Bits;
  /** per_cpu(vector_irq, cpu)[vector] at cpu * 256 + vector: an irq, or VECTOR_UNUSED. */
  readonly vectorIrq: Int32Array;
  /** IRQ_MOVE_CLEANUP_VECTOR pending (sent, not yet handled) on each CPU. */
  readonly cleanupIpi: Uint8Array;
  /** The two statics of __assign_irq_vector(), shared by every irq and never reset. */
  currentVector = FIRST_EXTERNAL_VECTOR + VECTOR_OFFSET_START;
  currentOffset = VECTOR_OFFSET_START % 16;
  /** legacy_irq_data[]: the ISA irqs' apic_chip_data (null once freed). */
  readonly legacyIrqData: Array<LegacyApicData | null> = [];
  // The file-static scratch masks of vector.c (vector_cpumask, vector_searchmask,
  // searched_cpumask) and the affinity_new/online_new statics of check_irq_vectors_for_cpu_disable.
  readonly vectorCpumask: Cpumask;
  readonly vectorSearchmask: Cpumask;
  readonly searchedCpumask: Cpumask;
  readonly affinityNew: Cpumask;
  readonly onlineNew: Cpumask;

  constructor(core: Genirq, cfg: LegacyVectorConfig) {
    this.core = core;
    this.nrCpus = core.nrCpus;
    this.apic = cfg.apic;
    this.firstSystemVector = cfg.firstSystemVector;
    this.nrLegacyIrqs = cfg.nrLegacyIrqs;
    const nr = this.nrCpus;
    this.usedVectors = newBits(NR_VECTORS);
    for (const v of cfg.systemVectors) if (v >= 0 && v < NR_VECTORS) setBit(this.usedVectors, v);
    this.vectorIrq = new Int32Array(nr * NR_VECTORS).fill(VECTOR_UNUSED);
    this.cleanupIpi = new Uint8Array(nr);
    this.vectorCpumask = newBits(nr);
    this.vectorSearchmask = newBits(nr);
    this.searchedCpumask = newBits(nr);
    this.affinityNew = newBits(nr);
    this.onlineNew = newBits(nr);
    this.chip = LAPIC_CONTROLLER;
    // arch_early_irq_init: init_legacy_irqs, then the "VECTOR" tree domain (the default host).
    for (let i = 0; i < this.nrLegacyIrqs; i++) {
      const apicd = new LegacyApicData(i, nr);
      apicd.vector = ISA_IRQ_VECTOR_BASE + i;
      cpumaskSetall(apicd.domain, nr);
      this.legacyIrqData.push(apicd);
    }
    this.domain = irqDomainCreate(core, { name: 'VECTOR', flags: IRQ_DOMAIN_NAME_ALLOCATED, hostData: this, ops: LEGACY_VECTOR_DOMAIN_OPS });
  }

  slot(cpu: number, vector: number): number {
    return this.vectorIrq[cpu * NR_VECTORS + vector];
  }

  setSlot(cpu: number, vector: number, irq: number): void {
    this.vectorIrq[cpu * NR_VECTORS + vector] = irq;
  }

  /** apic_chip_data(irq_data): the chip data of the root level, if it is the APIC's. */
  apicdOf(irqd: IrqData | null | undefined): LegacyApicData | null {
    if (!irqd) return null;
    const root = irqDataRoot(irqd);
    return root.chipData instanceof LegacyApicData ? root.chipData : null;
  }

  /** The apic_chip_data of an irq (XT-PIC ISA irqs included), or null. */
  apicd(irq: number): LegacyApicData | null {
    return this.apicdOf(this.core.irqToDesc(irq)?.irqData);
  }

  /** The VECTOR-level irq_data of an irq, or null. */
  irqData(irq: number): IrqData | null {
    return irqDomainGetIrqData(this.domain, irq);
  }

  /**
   * __assign_irq_vector(irq, d, mask, irqd): 0, -EBUSY or -ENOSPC. `effective` is the
   * interrupt's effective affinity, which cpu_mask_to_apicid updates.
   */
  assignIrqVector(d: LegacyApicData, effective: Cpumask, mask: Cpumask): number {
    const nr = this.nrCpus;
    const online = this.core.online;
    const vcm = this.vectorCpumask;
    const vsm = this.vectorSearchmask;
    const searched = this.searchedCpumask;
    // A move in progress, or a previous move not yet cleaned up: come back later.
    if (d.moveInProgress || cpumaskIntersects(d.oldDomain, online, nr)) return -EBUSY;

    cpumaskClear(d.oldDomain);
    cpumaskClear(searched);
    let cpu = cpumaskFirstAnd(mask, online, nr);
    let vector = 0;
    search: while (cpu < nr) {
      vectorAllocationDomain(this.apic, cpu, vcm, this.core.defaultAffinity);
      cpumaskAnd(vsm, vcm, online);
      if (cpumaskIntersects(vsm, mask, nr)) {
        if (cpumaskSubset(vcm, d.domain, nr)) {
          if (cpumaskEqual(vcm, d.domain, nr)) return this.assignSuccess(d, effective, mask);
          // The domain shrinks: the CPUs no longer in it keep the vector until cleanup.
          cpumaskAndnot(d.oldDomain, d.domain, vcm);
          vector = d.vector;
          break search;
        }
        vector = this.currentVector;
        let offset = this.currentOffset;
        for (;;) {
          vector += 16;
          if (vector >= this.firstSystemVector) {
            offset = (offset + 1) % 16;
            vector = FIRST_EXTERNAL_VECTOR + offset;
          }
          // Wrapped around: try the next CPU.
          if (vector === this.currentVector) break;
          if (testBit(this.usedVectors, vector)) continue;
          if (this.vectorInUse(vsm, vector)) continue;
          this.currentVector = vector;
          this.currentOffset = offset;
          if (d.vector) cpumaskCopy(d.oldDomain, d.domain);
          for (let c = cpumaskFirst(vsm, nr); c < nr; c = cpumaskNext(c, vsm, nr)) this.setSlot(c, vector, d.irq);
          break search;
        }
      }
      // next_cpu: leave out the domain just searched and try the next online CPU of mask.
      cpumaskOr(searched, searched, vcm);
      cpumaskAndnot(vcm, mask, searched);
      cpu = cpumaskFirstAnd(vcm, online, nr);
    }
    if (cpu >= nr) return -ENOSPC;

    // update: only online CPUs are left to clean up.
    cpumaskAnd(d.oldDomain, d.oldDomain, online);
    d.moveInProgress = !cpumaskEmpty(d.oldDomain, nr);
    d.oldVector = d.moveInProgress ? d.vector : 0;
    d.vector = vector;
    cpumaskCopy(d.domain, vcm);
    return this.assignSuccess(d, effective, mask);
  }

  /** The `success:` tail: dest_apicid and effective affinity from domain & online & mask. */
  private assignSuccess(d: LegacyApicData, effective: Cpumask, mask: Cpumask): number {
    cpumaskAnd(this.vectorSearchmask, this.vectorSearchmask, mask);
    const err = cpuMaskToApicid(this.apic, this.nrCpus, d, effective, this.vectorSearchmask);
    // The kernel BUG()s here; it cannot happen since mask & domain & online is not empty.
    if (err) this.core.warn('__assign_irq_vector', `BUG: no destination for irq ${d.irq}`);
    return 0;
  }

  /** Does any CPU of `cpus` have `vector` taken (IS_ERR_OR_NULL is false)? */
  private vectorInUse(cpus: Cpumask, vector: number): boolean {
    const nr = this.nrCpus;
    for (let c = cpumaskFirst(cpus, nr); c < nr; c = cpumaskNext(c, cpus, nr)) {
      if (this.slot(c, vector) >= 0) return true;
    }
    return false;
  }

  /** assign_irq_vector_policy(irq, node, data, info = no mask) */
  assignIrqVectorPolicy(d: LegacyApicData, effective: Cpumask, node: number): number {
    if (node >= 0 && node < this.core.nodeMasks.length && this.assignIrqVector(d, effective, this.core.nodeMask(node)) === 0) return 0;
    // apic->target_cpus() is cpu_online_mask for flat and physflat.
    return this.assignIrqVector(d, effective, this.core.online);
  }

  /** clear_irq_vector(irq, data) */
  clearIrqVector(d: LegacyApicData): void {
    const nr = this.nrCpus;
    const online = this.core.online;
    if (!d.vector) return;
    const vector = d.vector;
    for (let c = cpumaskFirst(d.domain, nr); c < nr; c = cpumaskNext(c, d.domain, nr)) {
      if (testBit(online, c)) this.setSlot(c, vector, VECTOR_UNUSED);
    }
    d.vector = 0;
    cpumaskClear(d.domain);
    if (!d.moveInProgress && cpumaskEmpty(d.oldDomain, nr)) return;
    // A move or its cleanup is still pending: drop the old references on those CPUs.
    for (let c = cpumaskFirst(d.oldDomain, nr); c < nr; c = cpumaskNext(c, d.oldDomain, nr)) {
      if (!testBit(online, c)) continue;
      for (let v = FIRST_EXTERNAL_VECTOR; v < NR_VECTORS; v++) {
        if (this.slot(c, v) !== d.irq) continue;
        this.setSlot(c, v, VECTOR_UNUSED);
        break;
      }
    }
    d.moveInProgress = false;
  }

  /** setup_vector_irq(cpu): the table of a CPU coming online (vector_lock held). */
  setupVectorIrq(cpu: number): void {
    // The legacy PIC may deliver on any CPU: map every ISA irq on its static vector.
    for (let irq = 0; irq < this.nrLegacyIrqs; irq++) this.setSlot(cpu, ISA_IRQ_VECTOR_BASE + irq, irq);
    // __setup_vector_irq: mark the vectors of irqs whose domain has this CPU ...
    for (const irq of this.core.activeIrqs()) {
      const d = this.apicd(irq);
      if (!d || !testBit(d.domain, cpu)) continue;
      this.setSlot(cpu, d.vector, irq);
    }
    // ... and free the slots of irqs whose domain does not.
    for (let v = 0; v < NR_VECTORS; v++) {
      const irq = this.slot(cpu, v);
      if (irq < 0) continue;
      const d = this.apicd(irq);
      if (!d || !testBit(d.domain, cpu)) this.setSlot(cpu, v, VECTOR_UNUSED);
    }
  }
}

const hostOf = (irqd: IrqData): LegacyVector => irqd.domain!.hostData as LegacyVector;

/** apic_set_affinity(irqd, dest, force) */
function apicSetAffinity(irqd: IrqData, dest: Cpumask, _force: boolean): number {
  const v = hostOf(irqd);
  const apicd = irqd.chipData as LegacyApicData;
  if (!cpumaskIntersects(dest, v.core.online, v.nrCpus)) return -EINVAL;
  const err = v.assignIrqVector(apicd, irqd.common.effectiveAffinity, dest);
  return err ? err : IRQ_SET_MASK_OK;
}

/** apic_ack_edge: irq_complete_move (with the vector the interrupt came in on), irq_move_irq. */
function apicAckEdge(irqd: IrqData): void {
  const v = hostOf(irqd);
  const apicd = irqd.chipData as LegacyApicData;
  irqCompleteMove(v, apicd, v.core.irqVector, v.core.thisCpu);
  const desc = v.core.irqToDesc(irqd.irq);
  if (desc) irqMoveIrq(v.core, desc);
}

/** lapic_controller of v4.14 */
const LAPIC_CONTROLLER: IrqChip = Object.freeze({
  name: 'APIC',
  flags: 0,
  irqAck: apicAckEdge,
  irqSetAffinity: apicSetAffinity,
  irqRetrigger: () => 1,
});

/** x86_vector_free_irqs */
function legacyVectorFree(domain: IrqDomain, virq: number, nrIrqs: number): void {
  const v = domain.hostData as LegacyVector;
  for (let i = 0; i < nrIrqs; i++) {
    const irqd = irqDomainGetIrqData(domain, virq + i);
    if (!irqd || !(irqd.chipData instanceof LegacyApicData)) continue;
    v.clearIrqVector(irqd.chipData);
    irqDomainResetIrqData(irqd);
    if (virq + i < v.nrLegacyIrqs) v.legacyIrqData[virq + i] = null;
  }
}

/**
 * x86_vector_alloc_irqs: per irq, the apic_chip_data (an ISA irq reuses legacy_irq_data),
 * chip and hwirq, then assign_irq_vector_policy; physical destination mode marks the irq
 * single-target. If irq i fails, irqs 0..i of the call are freed again.
 */
function legacyVectorAlloc(domain: IrqDomain, virq: number, nrIrqs: number, _arg: unknown): number {
  const v = domain.hostData as LegacyVector;
  for (let i = 0; i < nrIrqs; i++) {
    const irq = virq + i;
    const irqd = irqDomainGetIrqData(domain, irq)!;
    const apicd = (irq < v.nrLegacyIrqs ? v.legacyIrqData[irq] : null) ?? new LegacyApicData(irq, v.nrCpus);
    irqd.chip = v.chip;
    irqd.chipData = apicd;
    irqd.hwirq = irq;
    const err = v.assignIrqVectorPolicy(apicd, irqd.common.effectiveAffinity, irqd.common.node);
    if (err) {
      legacyVectorFree(domain, virq, i + 1);
      return err;
    }
    if (v.apic === 'physflat') irqdSet(irqd, IRQD_SINGLE_TARGET); // !apic->irq_dest_mode
  }
  return 0;
}

/** x86_vector_domain_ops of v4.14: alloc and free only. */
const LEGACY_VECTOR_DOMAIN_OPS: IrqDomainOps = Object.freeze({ alloc: legacyVectorAlloc, free: legacyVectorFree });

/** send_cleanup_vector for the remapped chips (intel_ir_set_affinity). */
export function legacySendCleanupVector(irqd: IrqData): void {
  const root = irqDataRoot(irqd);
  if (root.chipData instanceof LegacyApicData) sendCleanupVector(hostOf(root), root.chipData);
}
