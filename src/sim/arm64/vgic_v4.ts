// GICv4.1 guests in the host: arch/arm64/kvm/vgic/vgic-v4.c (vgic_v4_init, vgic_v4_teardown),
// drivers/irqchip/irq-gic-v4.c (its_alloc_vcpu_irqs, its_alloc_vcpu_sgis, its_free_vcpu_irqs)
// and the vPE / vSGI domains of irq-gic-v3-its.c (its_vpe_irq_domain_alloc/free/activate with
// the doorbell LPI block and the vPE ID ida, its_vpe_set_affinity, its_sgi_irq_domain_alloc).
// The error path is the one of v5.7 (6d31b6ff985d) to at least v7.0: when the vSGIs of vPE i
// cannot be allocated, its_alloc_vcpu_irqs only removes the vPE domain, so the doorbells (with
// their LPIs and vPE IDs) and the vSGIs of vPEs 0..i-1 stay allocated for good (releases.ts
// VPE_ALLOC_ERROR_PATH).
import { ENOMEM, ENOSPC, errnoName } from '../lib/errno';
import { cpumaskAnd, cpumaskClear, cpumaskFirst, cpumaskTest } from '../core/cpumask';
import type { Genirq } from '../core/genirq';
import {
  IRQ_DISABLE_UNLAZY,
  IRQ_SET_MASK_OK_DONE,
  IRQD_RESEND_WHEN_IN_PROGRESS,
  type IrqChip,
  type IrqData,
  irqdSet,
} from '../core/irqdata';
import {
  type IrqDomain,
  type IrqDomainOps,
  IRQ_DOMAIN_NAME_ALLOCATED,
  irqDomainAllocIrqs,
  irqDomainAllocIrqsParent,
  irqDomainCreate,
  irqDomainFreeIrqs,
  irqDomainFreeIrqsParent,
  irqDomainFreeIrqsCommon,
  irqDomainGetIrqData,
  irqDomainRemove,
  irqDomainResetIrqData,
  irqDomainSetHwirqAndChip,
  irqFindMapping,
} from '../core/irqdomain';
import { freeIrq, requestIrq } from '../core/manage';
import { IRQ_TYPE_EDGE_RISING, type GicFwspec } from './gic';
import { roundupPowOfTwo } from './its_events';
import type { LpiRanges } from './lpi';

/** ITS_MAX_VPEID: vPE IDs are 16 bits. */
export const ITS_MAX_VPEID = 1 << 16;
/** vSGIs per vPE (its_alloc_vcpu_sgis, GICv4.1). */
export const VSGIS_PER_VPE = 16;

/** its_vpeid_ida: ida_alloc_max(0, ITS_MAX_VPEID - 1), lowest free ID first. */
export class VpeIda {
  private readonly bits = new Uint32Array(ITS_MAX_VPEID >>> 5);
  /** No free ID below word `hint`. */
  private hint = 0;
  count = 0;

  alloc(): number {
    for (let w = this.hint; w < this.bits.length; w++) {
      const x = this.bits[w];
      if (x !== 0xffffffff) {
        const bit = 31 - Math.clz32(~x & (x + 1));
        this.bits[w] = x | (1 << bit);
        this.hint = w;
        this.count++;
        return (w << 5) + bit;
      }
    }
    this.hint = this.bits.length;
    return -ENOSPC;
  }

  free(id: number): void {
    const w = id >>> 5;
    if ((this.bits[w] & (1 << (id & 31))) === 0) return;
    this.bits[w] &= ~(1 << (id & 31));
    this.count--;
    if (w < this.hint) this.hint = w;
  }
}

/** struct its_vm as the host sees it. */
export class ItsVm {
  domain: IrqDomain | null = null;
  /** First doorbell irq (vpes[i]->irq = vpeBase + i), or -1. */
  vpeBase = -1;
  dbLpiBase = 0;
  nrDbLpis = 0;
  /** Doorbells still allocated (the db_bitmap's weight). */
  dbLive = 0;
  readonly vpeIds: Int32Array;
  /** Per vPE: its vSGI domain and first vSGI irq. */
  readonly sgiDomains: IrqDomain[] = [];
  readonly sgiBases: number[] = [];
  /** Per vPE: the redistributor (CPU) its doorbell targets (vpe->col_idx). */
  readonly colIdx: Int32Array;
  /** Which allocation failed, for the error's reason. */
  failure = '';

  constructor(
    readonly id: string,
    readonly nrVpes: number,
  ) {
    this.vpeIds = new Int32Array(nrVpes).fill(-1);
    this.colIdx = new Int32Array(nrVpes);
  }
}

/** What a GICv4-vpe domain keeps. */
export class VpeHost {
  constructor(
    readonly vm: ItsVm,
    readonly lpis: LpiRanges,
    readonly ida: VpeIda,
  ) {}
}

/** its_vpe_set_affinity (v4.1): stay on the current redistributor if allowed, else the mask's first CPU. */
function vpeSetAffinity(d: IrqData, mask: Uint32Array, _force: boolean): number {
  const domain = d.domain as IrqDomain;
  const vm = (domain.hostData as VpeHost).vm;
  const core = domain.core;
  const tmp = core.tmpMask;
  cpumaskAnd(tmp, mask, core.online);
  const from = vm.colIdx[d.hwirq];
  const cpu = cpumaskTest(tmp, from) ? from : cpumaskFirst(tmp, core.nrCpus);
  if (cpu >= core.nrCpus) return -22;
  vm.colIdx[d.hwirq] = cpu;
  cpumaskClear(d.common.effectiveAffinity);
  d.common.effectiveAffinity[cpu >>> 5] |= 1 << (cpu & 31);
  return IRQ_SET_MASK_OK_DONE;
}

/** its_vpe_4_1_irq_chip. */
export const VPE_CHIP: IrqChip = Object.freeze({ name: 'GICv4.1-vpe', flags: 0, irqSetAffinity: vpeSetAffinity });
/** its_sgi_irq_chip: no host affinity for a vSGI. */
export const SGI_CHIP: IrqChip = Object.freeze({ name: 'GICv4.1-sgi', flags: 0, irqSetAffinity: () => -22 });

/**
 * its_vpe_irq_domain_alloc: one LPI block of roundup_pow_of_two(nr) (its_lpi_alloc may halve:
 * fewer than nr is -ENOMEM), then per vPE an ID from the ida and a GIC LPI (doorbell).
 */
function vpeAlloc(domain: IrqDomain, virq: number, nrIrqs: number): number {
  const host = domain.hostData as VpeHost;
  const vm = host.vm;
  const lpi = host.lpis.alloc(roundupPowOfTwo(nrIrqs));
  if (lpi.ret < 0 || lpi.nr_lpis < nrIrqs) {
    if (lpi.ret >= 0) host.lpis.free(lpi.base, lpi.nr_lpis);
    vm.failure = `its_vpe_irq_domain_alloc: its_lpi_alloc(${roundupPowOfTwo(nrIrqs)}) found ${lpi.ret < 0 ? 'no' : `only ${lpi.nr_lpis}`} free doorbell LPIs (-ENOMEM)`;
    return -ENOMEM;
  }
  vm.dbLpiBase = lpi.base;
  vm.nrDbLpis = lpi.nr_lpis;
  for (let i = 0; i < nrIrqs; i++) {
    const id = host.ida.alloc();
    if (id < 0) {
      vm.failure = `its_vpe_init: no free vPE ID below ITS_MAX_VPEID (${ITS_MAX_VPEID}) for vPE ${i} (${errnoName(id)})`;
      for (let j = 0; j < i; j++) {
        host.ida.free(vm.vpeIds[j]);
        vm.vpeIds[j] = -1;
      }
      host.lpis.free(lpi.base, lpi.nr_lpis);
      return id;
    }
    vm.vpeIds[i] = id;
    irqDomainAllocIrqsParent(domain, virq + i, 1, { hwirq: lpi.base + i, type: IRQ_TYPE_EDGE_RISING } satisfies GicFwspec);
    irqDomainSetHwirqAndChip(domain, virq + i, i, VPE_CHIP, vm);
    irqdSet(domain.core.irqToDesc(virq + i)!.irqData, IRQD_RESEND_WHEN_IN_PROGRESS);
  }
  vm.dbLive = nrIrqs;
  return 0;
}

/** its_vpe_irq_domain_free: the vPE ID goes; the last doorbell gives the LPI block back. */
function vpeFree(domain: IrqDomain, virq: number, nrIrqs: number): void {
  const host = domain.hostData as VpeHost;
  const vm = host.vm;
  for (let i = 0; i < nrIrqs; i++) {
    const d = irqDomainGetIrqData(domain, virq + i);
    if (!d) continue;
    const idx = d.hwirq;
    if (vm.vpeIds[idx] >= 0) host.ida.free(vm.vpeIds[idx]);
    vm.vpeIds[idx] = -1;
    irqDomainResetIrqData(d);
    vm.dbLive--;
  }
  irqDomainFreeIrqsParent(domain, virq, nrIrqs);
  if (vm.dbLive === 0 && vm.nrDbLpis > 0) {
    host.lpis.free(vm.dbLpiBase, vm.nrDbLpis);
    vm.nrDbLpis = 0;
  }
}

/** its_vpe_irq_domain_activate (v4.1): the vPE starts on the first online CPU's redistributor. */
function vpeActivate(domain: IrqDomain, d: IrqData): number {
  const vm = (domain.hostData as VpeHost).vm;
  const cpu = cpumaskFirst(domain.core.online, domain.core.nrCpus);
  vm.colIdx[d.hwirq] = cpu;
  cpumaskClear(d.common.effectiveAffinity);
  d.common.effectiveAffinity[cpu >>> 5] |= 1 << (cpu & 31);
  return 0;
}

export const VPE_DOMAIN_OPS: IrqDomainOps = Object.freeze({ alloc: vpeAlloc, free: vpeFree, activate: vpeActivate });

/** its_sgi_irq_domain_alloc: exactly 16 vSGIs, hwirq 0..15, IRQ_DISABLE_UNLAZY; no LPI. */
function sgiAlloc(domain: IrqDomain, virq: number, nrIrqs: number): number {
  if (nrIrqs !== VSGIS_PER_VPE) domain.core.warn('its_sgi_irq_domain_alloc', `WARN_ON(nr_irqs != 16): ${nrIrqs}`);
  for (let i = 0; i < nrIrqs; i++) {
    irqDomainSetHwirqAndChip(domain, virq + i, i, SGI_CHIP, domain.hostData);
    domain.core.irqToDesc(virq + i)!.status |= IRQ_DISABLE_UNLAZY;
  }
  return 0;
}

/** its_sgi_irq_domain_free: the vSGI domain has no parent, so this is the common free. */
const sgiFree = irqDomainFreeIrqsCommon;

export const SGI_DOMAIN_OPS: IrqDomainOps = Object.freeze({ alloc: sgiAlloc, free: sgiFree });

/** What a failed launch left allocated: its ItsVm (doorbells, LPIs, vPE IDs, vSGI domains). */
export interface VpeLeak {
  vm: ItsVm;
  /** The vPE whose vSGIs could not be allocated. */
  failedAt: number;
}

/** Descriptors a leak holds: every doorbell and the 16 vSGIs of each vPE before the failed one. */
export function leakedDescriptors(l: VpeLeak): number {
  return l.vm.nrVpes + l.vm.sgiDomains.length * VSGIS_PER_VPE;
}

/** The GICv4.1 side of the host: vPE IDs, and the VMs by scenario id. */
export class GicV4 {
  readonly ida = new VpeIda();
  readonly vms = new Map<string, ItsVm>();
  /** Failed launches whose allocations the kernel never gives back, oldest first. */
  readonly leaks: VpeLeak[] = [];
  /** The irq numbers those leaks hold (the snapshot lists them even on a large machine). */
  readonly leakedIrqs = new Set<number>();
  /** Which allocation made the last failed launch fail. */
  lastFailure = '';
  /** What the last failed launch left allocated, in words ('' when nothing). */
  lastLeak = '';

  constructor(
    readonly core: Genirq,
    readonly gic: IrqDomain,
    readonly lpis: LpiRanges,
    /**
     * has_v4_1_sgi: vSGIs get host descriptors (GICv4.1 with a vSGI-capable CPU interface, from
     * v5.7). Without them its_alloc_vcpu_irqs has no step after the doorbells, so nothing leaks.
     */
    readonly vsgi: boolean,
  ) {}

  /** Descriptors held by the failed launches of guest `id`. */
  leakedBy(id: string): number {
    let n = 0;
    for (const l of this.leaks) if (l.vm.id === id) n += leakedDescriptors(l);
    return n;
  }

  /**
   * vgic_v4_init: its_alloc_vcpu_irqs (a `GICv4-vpe-<id>` domain with nr contiguous doorbells,
   * then per vPE a `GICv4-sgi-<id>-<i>` domain with 16 contiguous vSGIs), then request_irq of
   * every doorbell ("vcpu"). Returns the descriptors it costs or a negative errno (-ENOMEM, as
   * its_alloc_vcpu_irqs reports every failure). A doorbell failure leaves nothing (the core
   * unwinds its own allocation); a vSGI failure leaves what leak() lists.
   */
  launch(id: string, nr: number): number {
    const core = this.core;
    this.lastLeak = '';
    const vm = new ItsVm(id, nr);
    const domain = irqDomainCreate(core, {
      name: `GICv4-vpe-${id}`,
      ops: VPE_DOMAIN_OPS,
      parent: this.gic,
      size: nr,
      flags: IRQ_DOMAIN_NAME_ALLOCATED,
      hostData: new VpeHost(vm, this.lpis, this.ida),
    });
    vm.domain = domain;
    const base = irqDomainAllocIrqs(domain, -1, nr, -1, vm);
    if (base <= 0) {
      if (!vm.failure) vm.failure = `__irq_alloc_descs found no ${nr} contiguous free IRQ numbers for the doorbells (${errnoName(base)})`;
      irqDomainRemove(domain);
      this.lastFailure = vm.failure;
      return -ENOMEM;
    }
    vm.vpeBase = base;
    if (this.vsgi) {
      for (let i = 0; i < nr; i++) {
        const sgi = irqDomainCreate(core, {
          name: `GICv4-sgi-${id}-${i}`,
          ops: SGI_DOMAIN_OPS,
          size: VSGIS_PER_VPE,
          flags: IRQ_DOMAIN_NAME_ALLOCATED,
          hostData: vm,
        });
        const sgiBase = irqDomainAllocIrqs(sgi, -1, VSGIS_PER_VPE, -1, vm);
        if (sgiBase <= 0) {
          vm.failure = `its_alloc_vcpu_sgis: __irq_alloc_descs found no ${VSGIS_PER_VPE} contiguous free IRQ numbers for the vSGIs of vPE ${i} (${errnoName(sgiBase)})`;
          // its_alloc_vcpu_sgis' own err: label removes this vPE's (empty) vSGI domain.
          irqDomainRemove(sgi);
          this.leak(vm, i);
          this.lastFailure = vm.failure;
          return -ENOMEM;
        }
        vm.sgiDomains.push(sgi);
        vm.sgiBases.push(sgiBase);
      }
    }
    // On v4.1 the doorbells are not IRQ_NOAUTOEN: request_irq starts them.
    for (let i = 0; i < nr; i++) requestIrq(core, base + i, 'vcpu', doorbellCookie(id, i), false);
    this.vms.set(id, vm);
    return nr * (1 + (this.vsgi ? VSGIS_PER_VPE : 0));
  }

  /** vgic_v4_teardown: free_irq of every doorbell, then its_free_vcpu_irqs. */
  destroy(id: string): boolean {
    const vm = this.vms.get(id);
    if (!vm) return false;
    for (let i = 0; i < vm.nrVpes; i++) freeIrq(this.core, vm.vpeBase + i, doorbellCookie(id, i));
    this.freeVcpuIrqs(vm);
    this.vms.delete(id);
    return true;
  }

  /**
   * its_alloc_vcpu_irqs' err: label after a vSGI failure at vPE `failedAt`: irq_domain_remove of
   * the vPE domain and nothing else. The doorbells stay allocated (descriptors pointing at the
   * removed domain, the LPI block, the vPE IDs), and so do the vSGI domains and descriptors of
   * vPEs 0..failedAt-1; vgic_v4_init then forgets its_vm.vpes, so no teardown ever frees them.
   */
  private leak(vm: ItsVm, failedAt: number): void {
    if (vm.domain) irqDomainRemove(vm.domain);
    const l: VpeLeak = { vm, failedAt };
    this.leaks.push(l);
    for (let i = 0; i < vm.nrVpes; i++) this.leakedIrqs.add(vm.vpeBase + i);
    for (const base of vm.sgiBases) for (let i = 0; i < VSGIS_PER_VPE; i++) this.leakedIrqs.add(base + i);
    const sgis = vm.sgiDomains.length * VSGIS_PER_VPE;
    const last = vm.vpeBase + vm.nrVpes - 1;
    this.lastLeak =
      `${vm.nrVpes} doorbells (irqs ${vm.vpeBase}-${last}, ${vm.nrDbLpis} LPIs from ${vm.dbLpiBase}, ${vm.nrVpes} vPE IDs) and ` +
      `${sgis} vSGI descriptors in ${vm.sgiDomains.length} GICv4-sgi domains stay allocated`;
  }

  /** irqscope's warning naming what the last failed launch left allocated, or '' (the kernel prints none). */
  leakWarning(): string {
    const l = this.leaks[this.leaks.length - 1];
    if (!this.lastLeak || !l) return '';
    return (
      `vgic-v4: guest ${l.vm.id} launch failed: ${leakedDescriptors(l)} descriptors left allocated — ${this.lastLeak} ` +
      `(its_alloc_vcpu_irqs error path since v5.7, 6d31b6ff985d: it removes only the vPE domain; the kernel itself prints just "VPE IRQ allocation failure")`
    );
  }

  /** its_free_vcpu_irqs (its_free_sgi_irqs first). */
  freeVcpuIrqs(vm: ItsVm): void {
    for (let i = 0; i < vm.sgiDomains.length; i++) {
      const sgi = vm.sgiDomains[i];
      const irq = irqFindMapping(sgi, 0);
      if (!irq) this.core.warn('its_free_sgi_irqs', `WARN_ON(!irq): vPE ${i} of ${vm.id} has no vSGI 0`);
      else irqDomainFreeIrqs(this.core, irq, VSGIS_PER_VPE);
      irqDomainRemove(sgi);
    }
    vm.sgiDomains.length = 0;
    vm.sgiBases.length = 0;
    if (vm.vpeBase > 0) irqDomainFreeIrqs(this.core, vm.vpeBase, vm.nrVpes);
    if (vm.domain) irqDomainRemove(vm.domain);
  }
}

function doorbellCookie(id: string, i: number): string {
  return `${id}/vcpu${i}`;
}
