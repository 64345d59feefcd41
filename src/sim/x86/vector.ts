// The x86 VECTOR irq domain of arch/x86/kernel/apic/vector.c (v6.18+, timer-based cleanup):
// apic_chip_data, the per-CPU vector_irq tables, x86_vector_alloc_irqs / free / activate /
// deactivate with reservation mode and managed reservations, on kernel/irq/matrix.c.
// Moves and cleanup live in vector_move.ts, CPU hotplug and boot in vector_hotplug.ts.
import { Matrix } from '../core/matrix';
import {
  type Cpumask,
  cpumaskAnd,
  cpumaskClear,
  cpumaskEmpty,
  cpumaskSubset,
  cpumaskTest,
  cpumaskToList,
  newCpumask,
} from '../core/cpumask';
import type { Genirq } from '../core/genirq';
import {
  type IrqChip,
  type IrqData,
  IRQD_AFFINITY_ON_ACTIVATE,
  IRQD_CAN_RESERVE,
  IRQD_HANDLE_ENFORCE_IRQCTX,
  IRQD_SINGLE_TARGET,
  NUMA_NO_NODE,
  irqDataRoot,
  irqdAffinityIsManaged,
  irqdCanReserve,
  irqdIsActivated,
  irqdIsManagedAndShutdown,
  irqdSet,
} from '../core/irqdata';
import {
  IRQ_DOMAIN_FLAG_MSI_PARENT,
  IRQ_DOMAIN_NAME_ALLOCATED,
  type IrqDomain,
  type IrqDomainOps,
  irqDomainCreate,
  irqDomainGetIrqData,
  irqDomainResetIrqData,
} from '../core/irqdomain';
import type { VectorEvent } from '../events/vector';
import { EBUSY, EINVAL } from '../lib/errno';
import { apicAckEdge, apicRetriggerIrq, apicSetAffinity, removeFromCleanupList } from './vector_move';
import { x86VectorDebugShow } from './vector_debugfs';

export const NR_VECTORS = 256;
export const FIRST_EXTERNAL_VECTOR = 0x20;
export const ISA_IRQ_VECTOR = (irq: number): number => 0x30 + irq;
export const MANAGED_IRQ_SHUTDOWN_VECTOR = 0xef;
export const PIC_CASCADE_IR = 2;
/** vector_irq markers: IS_ERR_OR_NULL() is "value < 0"; other values are irq numbers. */
export const VECTOR_UNUSED = -3;
export const VECTOR_SHUTDOWN = -1;
export const VECTOR_RETRIGGERED = -2;
/** X86_IRQ_ALLOC_LEGACY (irq_alloc_info.flags) */
export const X86_IRQ_ALLOC_LEGACY = 0x2;

/** struct irq_alloc_info, reduced to what the vector domain reads. */
export interface X86AllocInfo {
  flags: number;
  /** info->mask: allocate a real vector at once on (mask & online), else reservation mode. */
  mask: Cpumask | null;
}

/** struct apic_chip_data */
export class ApicChipData {
  /** hw_irq_cfg: what the upper chips program (irq_cfg). */
  readonly hwIrqCfg = { vector: 0, destApicid: 0 };
  vector = 0;
  prevVector = 0;
  cpu = 0;
  prevCpu = 0;
  readonly irq: number;
  /** The CPU whose cleanup list holds this apicd (clist hashed), or -1. */
  clistCpu = -1;
  moveInProgress = false;
  isManaged = false;
  canReserve = false;
  hasReserved = false;

  constructor(irq: number) {
    this.irq = irq;
  }
}

export interface X86VectorConfig {
  nrCpus: number;
  /** FIRST_SYSTEM_VECTOR: the matrix allocates from [0x20, firstSystemVector). */
  firstSystemVector: number;
  /** nr_legacy_irqs(): 16 with a legacy PIC, else 0. */
  nrLegacyIrqs: number;
  /** io_apic_irqs: bit i set when the IO-APIC handles ISA irq i. */
  ioApicIrqs: number;
}

export class X86Vector {
  readonly core: Genirq;
  readonly matrix: Matrix;
  readonly domain: IrqDomain;
  readonly nrCpus: number;
  readonly nrLegacyIrqs: number;
  ioApicIrqs: number;
  /** per_cpu(vector_irq, cpu)[vector] at cpu * 256 + vector. */
  readonly vectorIrq: Int32Array;
  /** Per-CPU vector_cleanup.head (hlist_add_head: newest first). */
  readonly cleanupList: ApicChipData[][];
  /** Per-CPU vector_cleanup.timer pending. */
  readonly timerPending: Uint8Array;
  /** vector_searchmask */
  readonly searchMask: Cpumask;
  /** lapic_controller */
  readonly chip: IrqChip;

  constructor(core: Genirq, cfg: X86VectorConfig) {
    this.core = core;
    this.nrCpus = cfg.nrCpus;
    this.nrLegacyIrqs = cfg.nrLegacyIrqs;
    this.ioApicIrqs = cfg.ioApicIrqs;
    this.matrix = new Matrix(cfg.nrCpus, NR_VECTORS, FIRST_EXTERNAL_VECTOR, cfg.firstSystemVector);
    this.matrix.sink = core.sink;
    this.vectorIrq = new Int32Array(cfg.nrCpus * NR_VECTORS).fill(VECTOR_UNUSED);
    this.cleanupList = Array.from({ length: cfg.nrCpus }, () => []);
    this.timerPending = new Uint8Array(cfg.nrCpus);
    this.searchMask = newCpumask(cfg.nrCpus);
    this.chip = LAPIC_CONTROLLER;
    // arch_early_irq_init: the root domain "VECTOR", the default host.
    this.domain = irqDomainCreate(core, {
      name: 'VECTOR',
      flags: IRQ_DOMAIN_NAME_ALLOCATED | IRQ_DOMAIN_FLAG_MSI_PARENT,
      hostData: this,
      ops: X86_VECTOR_DOMAIN_OPS,
    });
  }

  emit(e: VectorEvent): void {
    this.core.emit(e);
  }

  slot(cpu: number, vector: number): number {
    return this.vectorIrq[cpu * NR_VECTORS + vector];
  }

  setSlot(cpu: number, vector: number, value: number): void {
    this.vectorIrq[cpu * NR_VECTORS + vector] = value;
  }

  /** apic_chip_data(irqd): the chip data of the root level. */
  apicd(irqd: IrqData): ApicChipData | null {
    const root = irqDataRoot(irqd);
    return root.domain === this.domain && root.chipData instanceof ApicChipData ? root.chipData : null;
  }

  /** The VECTOR-level irq_data of an irq, or null. */
  irqData(irq: number): IrqData | null {
    return irqDomainGetIrqData(this.domain, irq);
  }

  /** apic_update_irq_cfg: program vector/cpu for the upper chips; effective affinity = cpu. */
  updateIrqCfg(irqd: IrqData, vector: number, cpu: number): void {
    const apicd = this.apicd(irqd)!;
    apicd.hwIrqCfg.vector = vector;
    apicd.hwIrqCfg.destApicid = cpu;
    const eff = irqd.common.effectiveAffinity;
    cpumaskClear(eff);
    if (cpu >= 0 && cpu < this.nrCpus) eff[cpu >>> 5] |= 1 << (cpu & 31);
    this.emit({ type: 'vector_config', irq: irqd.irq, vector, cpu, apicdest: cpu });
  }

  /** apic_update_vector: install the new vector; the old one is moved or freed at once. */
  updateVector(irqd: IrqData, newvec: number, newcpu: number): void {
    const apicd = this.apicd(irqd)!;
    const managed = irqdAffinityIsManaged(irqd);
    this.emit({ type: 'vector_update', irq: irqd.irq, vector: newvec, cpu: newcpu, prev_vector: apicd.vector, prev_cpu: apicd.cpu });
    apicd.prevVector = 0;
    if (apicd.vector && apicd.vector !== MANAGED_IRQ_SHUTDOWN_VECTOR) {
      if (this.core.cpuOnline(apicd.cpu)) {
        apicd.moveInProgress = true;
        apicd.prevVector = apicd.vector;
        apicd.prevCpu = apicd.cpu;
      } else {
        this.matrix.free(apicd.cpu, apicd.vector, managed);
      }
    }
    apicd.vector = newvec;
    apicd.cpu = newcpu;
    if (this.slot(newcpu, newvec) >= 0) {
      this.core.warn('apic_update_vector', `BUG: vector ${newvec} on CPU ${newcpu} already used by irq ${this.slot(newcpu, newvec)}`);
    }
    this.setSlot(newcpu, newvec, irqd.irq);
  }

  /** vector_assign_managed_shutdown: point at MANAGED_IRQ_SHUTDOWN_VECTOR on the first online CPU. */
  assignManagedShutdown(irqd: IrqData): void {
    this.updateIrqCfg(irqd, MANAGED_IRQ_SHUTDOWN_VECTOR, this.core.firstOnline());
  }

  /** reserve_managed_vector: one managed bit on every CPU of the affinity mask. */
  private reserveManagedVector(irqd: IrqData): number {
    const apicd = this.apicd(irqd)!;
    apicd.isManaged = true;
    const ret = this.matrix.reserveManaged(cpumaskToList(irqd.common.affinity, this.nrCpus));
    this.emit({ type: 'vector_reserve_managed', irq: irqd.irq, ret });
    return ret;
  }

  /** reserve_irq_vector_locked: reservation mode, a global count only. */
  reserveIrqVectorLocked(irqd: IrqData): void {
    const apicd = this.apicd(irqd)!;
    this.matrix.reserve();
    apicd.canReserve = true;
    apicd.hasReserved = true;
    irqdSet(irqd, IRQD_CAN_RESERVE);
    this.emit({ type: 'vector_reserve', irq: irqd.irq, ret: 0 });
    this.assignManagedShutdown(irqd);
  }

  /** assign_vector_locked: keep the current CPU if it is online and in dest; -EBUSY during a move. */
  assignVectorLocked(irqd: IrqData, dest: Cpumask): number {
    const apicd = this.apicd(irqd)!;
    const resvd = apicd.hasReserved;
    if (apicd.vector && this.core.cpuOnline(apicd.cpu) && cpumaskTest(dest, apicd.cpu)) return 0;
    if (apicd.moveInProgress || apicd.clistCpu >= 0) return -EBUSY;
    const vector = this.matrix.alloc(cpumaskToList(dest, this.nrCpus), resvd);
    this.emit({ type: 'vector_alloc', irq: irqd.irq, vector: vector < 0 ? 0 : vector, reserved: resvd, ret: vector < 0 ? vector : 0 });
    if (vector < 0) return vector;
    const cpu = this.matrix.lastCpu;
    this.updateVector(irqd, vector, cpu);
    this.updateIrqCfg(irqd, vector, cpu);
    return 0;
  }

  /** assign_irq_vector: on (dest & online). */
  private assignIrqVector(irqd: IrqData, dest: Cpumask): number {
    cpumaskAnd(this.searchMask, dest, this.core.online);
    return this.assignVectorLocked(irqd, this.searchMask.slice());
  }

  /**
   * assign_irq_vector_any_locked: node & affinity, then affinity & online, then the node, then
   * every online CPU (the affinity is preferred over the node mask, as in current mainline).
   */
  private assignIrqVectorAnyLocked(irqd: IrqData): number {
    const affmsk = irqd.common.affinity;
    const node = irqd.common.node;
    const search = newCpumask(this.nrCpus);
    if (node !== NUMA_NO_NODE) {
      cpumaskAnd(search, this.core.nodeMask(node), affmsk);
      if (!this.assignVectorLocked(irqd, search)) return 0;
    }
    cpumaskAnd(search, affmsk, this.core.online);
    if (!this.assignVectorLocked(irqd, search)) return 0;
    if (node !== NUMA_NO_NODE && !this.assignVectorLocked(irqd, this.core.nodeMask(node))) return 0;
    return this.assignVectorLocked(irqd, this.core.online.slice());
  }

  /** assign_managed_vector: a reserved managed bit on a CPU of (dest & affinity). */
  assignManagedVector(irqd: IrqData, dest: Cpumask): number {
    const apicd = this.apicd(irqd)!;
    const search = newCpumask(this.nrCpus);
    cpumaskAnd(search, dest, irqd.common.affinity);
    if (apicd.vector && cpumaskTest(search, apicd.cpu)) return 0;
    const vector = this.matrix.allocManaged(cpumaskToList(search, this.nrCpus));
    this.emit({ type: 'vector_alloc_managed', irq: irqd.irq, vector: vector < 0 ? 0 : vector, ret: vector < 0 ? vector : 0 });
    if (vector < 0) return vector;
    const cpu = this.matrix.lastCpu;
    this.updateVector(irqd, vector, cpu);
    this.updateIrqCfg(irqd, vector, cpu);
    return 0;
  }

  /** clear_irq_vector: free the vector (and a pending previous one); slots -> VECTOR_SHUTDOWN. */
  clearIrqVector(irqd: IrqData): void {
    const apicd = this.apicd(irqd)!;
    const managed = irqdAffinityIsManaged(irqd);
    const vector = apicd.vector;
    if (!vector) return;
    this.emit({ type: 'vector_clear', irq: irqd.irq, vector, cpu: apicd.cpu, prev_vector: apicd.prevVector, prev_cpu: apicd.prevCpu });
    this.setSlot(apicd.cpu, vector, VECTOR_SHUTDOWN);
    this.matrix.free(apicd.cpu, vector, managed);
    apicd.vector = 0;
    const prev = apicd.prevVector;
    if (!prev) return;
    this.setSlot(apicd.prevCpu, prev, VECTOR_SHUTDOWN);
    this.matrix.free(apicd.prevCpu, prev, managed);
    apicd.prevVector = 0;
    apicd.moveInProgress = false;
    removeFromCleanupList(this, apicd);
  }

  /** x86_vector_deactivate */
  deactivate(irqd: IrqData): void {
    const apicd = this.apicd(irqd);
    if (!apicd) return;
    this.emit({ type: 'vector_deactivate', irq: irqd.irq, is_managed: apicd.isManaged, can_reserve: apicd.canReserve, reserve: false });
    if (!apicd.isManaged && !apicd.canReserve) return;
    if (apicd.hasReserved) return;
    this.clearIrqVector(irqd);
    if (apicd.canReserve) this.reserveIrqVectorLocked(irqd);
    else this.assignManagedShutdown(irqd);
  }

  /** activate_reserved: the real vector for a reservation-mode interrupt. */
  private activateReserved(irqd: IrqData): number {
    const apicd = this.apicd(irqd)!;
    const ret = this.assignIrqVectorAnyLocked(irqd);
    if (!ret) {
      apicd.hasReserved = false;
      if (!irqdCanReserve(irqd)) apicd.canReserve = false;
    }
    if (!cpumaskSubset(irqd.common.effectiveAffinity, irqd.common.affinity)) {
      this.core.log('warn', 'activate_reserved', `irq ${irqd.irq}: Affinity broken due to vector space exhaustion.`);
    }
    return ret;
  }

  /** activate_managed */
  private activateManaged(irqd: IrqData): number {
    const search = newCpumask(this.nrCpus);
    cpumaskAnd(search, irqd.common.affinity, this.core.online);
    if (cpumaskEmpty(search)) {
      this.core.warn('activate_managed', `Managed startup for irq ${irqd.irq}, but no CPU`);
      this.core.log('err', 'activate_managed', `Managed startup for irq ${irqd.irq}, but no CPU`);
      return -EINVAL;
    }
    const ret = this.assignManagedVector(irqd, search);
    if (ret < 0) {
      this.core.warn('activate_managed', `Managed startup irq ${irqd.irq}, no vector available`);
      this.core.log('err', 'activate_managed', `Managed startup irq ${irqd.irq}, no vector available`);
    }
    return ret;
  }

  /** x86_vector_activate (v5.8+: a fixed vector is re-placed for the stored affinity). */
  activate(irqd: IrqData, reserve: boolean): number {
    const apicd = this.apicd(irqd);
    if (!apicd) return -EINVAL;
    this.emit({ type: 'vector_activate', irq: irqd.irq, is_managed: apicd.isManaged, can_reserve: apicd.canReserve, reserve });
    let ret = 0;
    if (!apicd.canReserve && !apicd.isManaged) this.assignIrqVectorAnyLocked(irqd);
    else if (reserve || irqdIsManagedAndShutdown(irqd)) this.assignManagedShutdown(irqd);
    else if (apicd.isManaged) ret = this.activateManaged(irqd);
    else if (apicd.hasReserved) ret = this.activateReserved(irqd);
    return ret;
  }

  /** vector_free_reserved_and_managed */
  private freeReservedAndManaged(irqd: IrqData): void {
    const apicd = this.apicd(irqd)!;
    this.emit({ type: 'vector_teardown', irq: irqd.irq, is_managed: apicd.isManaged, has_reserved: apicd.hasReserved });
    if (apicd.hasReserved) this.matrix.removeReserved();
    if (apicd.isManaged) this.matrix.removeManaged(cpumaskToList(irqd.common.affinity, this.nrCpus));
  }

  /** x86_vector_free_irqs */
  freeIrqs(virq: number, nr: number): void {
    for (let i = 0; i < nr; i++) {
      const irqd = this.irqData(virq + i);
      if (!irqd || !(irqd.chipData instanceof ApicChipData)) continue;
      this.clearIrqVector(irqd);
      this.freeReservedAndManaged(irqd);
      irqDomainResetIrqData(irqd);
    }
  }

  /** vector_configure_legacy: an activated ISA irq keeps 0x30+irq on CPU 0, else it is released. */
  private configureLegacy(virq: number, irqd: IrqData, apicd: ApicChipData): boolean {
    apicd.vector = ISA_IRQ_VECTOR(virq);
    apicd.cpu = 0;
    if (irqdIsActivated(irqd)) {
      this.emit({ type: 'vector_setup', irq: virq, is_legacy: true, ret: 0 });
      this.updateIrqCfg(irqd, apicd.vector, apicd.cpu);
      return false;
    }
    apicd.canReserve = true;
    irqdSet(irqd, IRQD_CAN_RESERVE);
    this.clearIrqVector(irqd);
    return true;
  }

  /** x86_vector_alloc_irqs */
  allocIrqs(virq: number, nr: number, info: X86AllocInfo): number {
    let i = 0;
    for (; i < nr; i++) {
      const irqd = this.irqData(virq + i);
      if (!irqd) {
        this.core.warn('x86_vector_alloc_irqs', `BUG: irq ${virq + i} has no VECTOR irq_data`);
        break;
      }
      if (irqd.chipData) this.core.warn('x86_vector_alloc_irqs', `irq ${virq + i} already has chip data`);
      const apicd = new ApicChipData(virq + i);
      irqd.chip = this.chip;
      irqd.chipData = apicd;
      irqd.hwirq = virq + i;
      irqdSet(irqd, IRQD_SINGLE_TARGET | IRQD_HANDLE_ENFORCE_IRQCTX | IRQD_AFFINITY_ON_ACTIVATE);
      if (info && info.flags & X86_IRQ_ALLOC_LEGACY) {
        if (!this.configureLegacy(virq + i, irqd, apicd)) continue;
      }
      let err: number;
      if (irqdAffinityIsManaged(irqd)) err = this.reserveManagedVector(irqd);
      else if (info && info.mask) err = this.assignIrqVector(irqd, info.mask);
      else {
        this.reserveIrqVectorLocked(irqd);
        err = 0;
      }
      this.emit({ type: 'vector_setup', irq: virq + i, is_legacy: false, ret: err });
      if (err) {
        irqd.chipData = null;
        this.freeIrqs(virq, i);
        return err;
      }
    }
    return 0;
  }
}

/**
 * The X86Vector of a VECTOR-level irq_data or of the VECTOR domain: the domain's host data.
 * Chips and ops are shared constants (the kernel's `static const struct irq_chip`), so they find
 * their state through their arguments; that keeps the machine deep-cloneable for checkpoints.
 */
export function vectorOfDomain(d: IrqDomain): X86Vector {
  return d.hostData as X86Vector;
}

function vectorOf(irqd: IrqData): X86Vector {
  return irqd.domain!.hostData as X86Vector;
}

/** lapic_controller: the chip of the VECTOR level. */
export const LAPIC_CONTROLLER: IrqChip = Object.freeze({
  name: 'APIC',
  flags: 0,
  irqAck: (d: IrqData) => apicAckEdge(vectorOf(d), d),
  irqSetAffinity: (d: IrqData, mask: Cpumask, force: boolean) => apicSetAffinity(vectorOf(d), d, mask, force),
  irqRetrigger: (d: IrqData) => apicRetriggerIrq(vectorOf(d), d),
});

/** x86_vector_domain_ops */
export const X86_VECTOR_DOMAIN_OPS: IrqDomainOps = Object.freeze({
  alloc: (d: IrqDomain, virq: number, nr: number, arg: unknown) => vectorOfDomain(d).allocIrqs(virq, nr, arg as X86AllocInfo),
  free: (d: IrqDomain, virq: number, nr: number) => vectorOfDomain(d).freeIrqs(virq, nr),
  activate: (d: IrqDomain, irqd: IrqData, reserve: boolean) => vectorOfDomain(d).activate(irqd, reserve),
  deactivate: (d: IrqDomain, irqd: IrqData) => vectorOfDomain(d).deactivate(irqd),
  debugShow: (d: IrqDomain, irqd: IrqData | null, ind: number) => x86VectorDebugShow(vectorOfDomain(d), irqd, ind),
});
