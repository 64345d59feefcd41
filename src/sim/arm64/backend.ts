// The arm64 machine: drivers/irqchip/irq-gic-v3.c + irq-gic-v3-its.c (+ irq-gic-v4.c and
// arch/arm64/kvm/vgic/vgic-v4.c on a GICv4.1) under the genirq core, answering the engine's
// ArchBackend calls as an arm64 kernel does: PCI MSI/MSI-X through the ITS, INTx through GIC
// SPIs, GICv4.1 guests' vPE doorbells and vSGIs, CPU hotplug (kernel/cpu.c, cpuhotplug.c).
import type { CpuTopology } from '../core/affinity';
import { cpumaskOf } from '../core/cpumask';
import { Genirq } from '../core/genirq';
import { irqAffinityOnlineCpu, irqMigrateAllOffThisCpu } from '../core/cpuhotplug';
import { IrqNumberSpace, arm64NrIrqs } from '../core/irqdesc';
import { IRQD_IRQ_DISABLED, IRQS_PENDING } from '../core/irqdata';
import { type IrqDomain, irqDisposeMapping, irqFindMapping } from '../core/irqdomain';
import { freeIrq, requestIrq, writeIrqAffinity } from '../core/manage';
import type { ArchBackend, PciFunction, Result, VectorRequest } from '../engine/backend';
import { OK, ok, refused } from '../engine/backend';
import type { EventRecorder } from '../engine/recorder';
import { EBUSY, EINVAL, EIO, ENODEV, ENOMEM, errnoName } from '../lib/errno';
import type { MachineConfig } from '../scenario/schema';
import { ARM64_IPIS, IRQD_AFFINITY_SET, VPE_ALLOC_ERROR_PATH } from '../scenario/releases';
import { releaseRowValue } from '../scenario/releases_resolve';
import type { Snapshot } from '../snapshot';
import { GicState, IRQ_TYPE_LEVEL_HIGH, gicBoot, gicCreateRootDomain, irqCreateFwspecMapping } from './gic';
import { Its, type ItsFreePolicy } from './its';
import { CpuLpiCount } from './its_cpu';
import { itsCreateDomain } from './its_domain';
import { ITS_MAX_LPI_NRBITS, LpiRanges } from './lpi';
import { ItsMsi, type MsiDomainLayout } from './pci_msi';
import { GicV4 } from './vgic_v4';
import { arm64FillSnapshot, arm64Text, arm64TextViews } from './views';

/** QEMU virt (hw/arm/virt.c): PCIe INTA..INTD are GIC SPIs 3..6, i.e. INTIDs 35..38. */
export const PCIE_INTX_FIRST_INTID = 35;

/** Before the ITS became an MSI parent (v6.15) PCI MSIs sat in one global domain per ITS. */
export function msiLayoutOf(policy: ItsFreePolicy): MsiDomainLayout {
  return policy === 'bulk' || policy === 'per-irq' ? 'global' : 'per-device';
}

export class Arm64Backend implements ArchBackend {
  readonly arch = 'arm64' as const;
  readonly cfg: MachineConfig;
  readonly core: Genirq;
  readonly gic: IrqDomain;
  readonly lpis: LpiRanges;
  readonly cpuCounts: CpuLpiCount;
  readonly itses: Its[] = [];
  readonly itsDomains: IrqDomain[] = [];
  readonly msi: ItsMsi;
  /** GICv4.1 support (null on a v3 GIC). */
  readonly v4: GicV4 | null;
  /** The SPI (INTID) each INTx irq was mapped for, kept after dispose: a device still raises it. */
  readonly intxSpi = new Map<number, number>();

  constructor(cfg: MachineConfig, recorder: EventRecorder | null, topology: CpuTopology) {
    this.cfg = cfg;
    const nr = arm64NrIrqs(cfg.kernel.nrIrqs ?? undefined);
    const space = new IrqNumberSpace({
      policy: cfg.kernel.descriptors,
      nrIrqsCompile: nr.NR_IRQS,
      nrIrqs: nr.nrIrqs,
      preallocated: nr.preallocated,
      sink: recorder,
    });
    this.core = new Genirq({
      nrCpus: cfg.cpus,
      nodes: topology.nodes,
      space,
      sink: recorder,
      policy: { mappingRefcount: cfg.kernel.mappingRefcount, affinitySetAtAlloc: releaseRowValue(IRQD_AFFINITY_SET, cfg.release.release) },
    });
    for (const c of cfg.online) this.core.online[c >>> 5] |= 1 << (c & 31);
    this.gic = gicCreateRootDomain(this.core);
    gicBoot(this.core, this.gic, releaseRowValue(ARM64_IPIS, cfg.release.release));
    // its_setup_lpi_prop_table: lpi_id_bits = min(GICD_TYPER.IDbits, ITS_MAX_LPI_NRBITS).
    this.lpis = new LpiRanges(Math.min(cfg.gic.lpiBits, ITS_MAX_LPI_NRBITS), { sink: recorder });
    this.cpuCounts = new CpuLpiCount(cfg.cpus);
    const v4 = cfg.gic.version === 'v4.1';
    for (let i = 0; i < cfg.gic.its; i++) {
      const its = new Its({
        itsFree: cfg.kernel.itsFree,
        lpis: this.lpis,
        cpuCounts: this.cpuCounts,
        nodeCpus: cfg.nodes > 1 ? topology.nodes[i % cfg.nodes] : undefined,
        sink: recorder,
      });
      this.itses.push(its);
      this.itsDomains.push(itsCreateDomain(this.gic, its, i, v4));
    }
    this.msi = new ItsMsi(this.core, this.itsDomains, msiLayoutOf(cfg.kernel.itsFree));
    // From v5.7 its_alloc_vcpu_irqs also allocates vSGIs, and its error path can leak (releases.ts).
    const vsgi = releaseRowValue(VPE_ALLOC_ERROR_PATH, cfg.release.release) === 'doorbells-and-vsgis';
    this.v4 = v4 ? new GicV4(this.core, this.gic, this.lpis, vsgi) : null;
    if (v4) this.core.log('info', 'its_init_v4', 'ITS: Enabling GICv4 support');
  }

  private cpuCheck(cpu: number): Result | null {
    if (!Number.isInteger(cpu) || cpu < 0 || cpu >= this.cfg.cpus) {
      return refused(-ENODEV, '-ENODEV', `CPU ${cpu} does not exist (nr_cpu_ids is ${this.cfg.cpus}): no /sys/devices/system/cpu/cpu${cpu}`);
    }
    return null;
  }

  /** cpu_down: the last online CPU stays (-EBUSY); then irq_migrate_all_off_this_cpu. */
  cpuOffline(cpu: number): Result {
    const bad = this.cpuCheck(cpu);
    if (bad) return bad;
    if (!this.core.cpuOnline(cpu)) return OK;
    let online = 0;
    for (let c = 0; c < this.cfg.cpus; c++) if (this.core.cpuOnline(c)) online++;
    if (online === 1) return refused(-EBUSY, '-EBUSY', `_cpu_down: CPU ${cpu} is the last online CPU`);
    this.core.online[cpu >>> 5] &= ~(1 << (cpu & 31));
    irqMigrateAllOffThisCpu(this.core, cpu);
    return OK;
  }

  /** cpu_up: the CPU joins cpu_online_mask, then irq_affinity_online_cpu restarts managed irqs. */
  cpuOnline(cpu: number): Result {
    const bad = this.cpuCheck(cpu);
    if (bad) return bad;
    if (this.core.cpuOnline(cpu)) return OK;
    this.core.online[cpu >>> 5] |= 1 << (cpu & 31);
    irqAffinityOnlineCpu(this.core, cpu);
    return OK;
  }

  msiAlloc(dev: PciFunction, kind: 'msi' | 'msix', vectors: VectorRequest[]): Result<number[]> {
    return this.msi.alloc(dev, kind, vectors);
  }

  msiFree(dev: PciFunction, _irqs: number[]): void {
    this.msi.free(dev, this.msi.irqsOf(dev.id));
  }

  /** of_irq_parse_and_map_pci -> irq_create_fwspec_mapping of the host bridge's SPI. */
  intxMap(dev: PciFunction, line: number): Result<number> {
    this.msi.fns.set(dev.id, dev);
    const spi = PCIE_INTX_FIRST_INTID + (line & 3);
    const virq = irqCreateFwspecMapping(this.gic, { hwirq: spi, type: IRQ_TYPE_LEVEL_HIGH });
    if (virq <= 0) {
      return refused(-ENOMEM, '-ENOMEM', `irq_create_fwspec_mapping: no IRQ number left for GICv3 SPI ${spi} (irq_domain_alloc_descs)`);
    }
    this.intxSpi.set(virq, spi);
    return ok(virq);
  }

  intxDispose(_dev: PciFunction, irq: number): void {
    irqDisposeMapping(this.core, irq);
  }

  requestIrq(irq: number, name: string, devId: string, shared: boolean): Result {
    const ret = requestIrq(this.core, irq, name, devId, shared);
    if (ret === 0) return OK;
    const why =
      ret === -EBUSY
        ? `__setup_irq: irq ${irq} is already requested without IRQF_SHARED on both sides`
        : `request_irq: irq ${irq} has no descriptor, no chip or is not requestable (IRQ_NOREQUEST)`;
    return refused(ret, errnoName(ret), why);
  }

  freeIrq(irq: number, devId: string): void {
    freeIrq(this.core, irq, devId);
  }

  /** write_irq_affinity (/proc/irq/N/smp_affinity). */
  setAffinity(irq: number, cpus: number[]): Result {
    const ret = writeIrqAffinity(this.core, irq, cpumaskOf(this.cfg.cpus, cpus));
    if (ret >= 0) return OK;
    const why =
      ret === -EIO
        ? `write_irq_affinity: irq_can_set_affinity_usr refuses irq ${irq} (managed, per-CPU or without irq_set_affinity)`
        : `write_irq_affinity: the mask has no online CPU, or irq_set_affinity failed for irq ${irq}`;
    return refused(ret, errnoName(ret), why);
  }

  /**
   * The interrupt arrives: __gic_handle_irq -> generic_handle_domain_irq. An SPI nobody maps
   * any more is the kernel's WARN_ONCE "Unexpected interrupt"; otherwise handle_fasteoi_irq
   * counts it on its target CPU (a disabled or unrequested interrupt is left pending).
   */
  fire(irq: number): Result {
    let desc = this.core.irqToDesc(irq);
    const spi = this.intxSpi.get(irq);
    if (spi !== undefined && (!desc || desc.irqData.domain !== this.gic || desc.irqData.hwirq !== spi)) {
      const now = irqFindMapping(this.gic, spi);
      desc = now ? this.core.irqToDesc(now) : undefined;
      if (!desc) {
        const st = this.gic.hostData as GicState;
        if (!st.warnedOnce.has('unexpected')) {
          st.warnedOnce.add('unexpected');
          this.core.warn('__gic_handle_irq', `Unexpected interrupt (irqnr ${spi})`);
        }
        return refused(
          -EINVAL,
          `Unexpected interrupt (irqnr ${spi})`,
          `generic_handle_domain_irq finds no mapping for GICv3 SPI ${spi}: irq_dispose_mapping tore irq ${irq} down for every device sharing it`,
        );
      }
    }
    if (!desc) return refused(-EINVAL, '-EINVAL', `irq ${irq} has no descriptor`);
    const d = desc.irqData;
    const eff = d.common.effectiveAffinity;
    let cpu = -1;
    for (let c = 0; c < this.cfg.cpus; c++) if (eff[c >>> 5] & (1 << (c & 31))) {
      cpu = c;
      break;
    }
    if (desc.actions.length === 0 || (d.common.state & IRQD_IRQ_DISABLED) !== 0 || cpu < 0) {
      desc.istate |= IRQS_PENDING; // handle_fasteoi_irq masks it and leaves it pending
      return OK;
    }
    desc.countOn(cpu);
    for (const a of desc.actions) {
      this.core.emit({ type: 'irq_handler_entry', irq: desc.irq, name: a.name } as never);
      this.core.emit({ type: 'irq_handler_exit', irq: desc.irq, ret: 1 } as never);
    }
    return OK;
  }

  /**
   * A KVM guest: on a GICv4.1 host vgic_v4_init allocates its vPE doorbells and vSGIs as host
   * interrupts; on a GICv3 host the vGIC is emulated and the guest costs no host descriptor.
   */
  vmLaunch(id: string, vcpus: number, type: 'kvm' | 'xen'): Result<number> {
    if (type === 'xen') {
      return refused(-ENODEV, '-ENODEV', 'this arm64 host is not a Xen dom0: Xen guests are modelled on x86 dom0 machines only');
    }
    if (!this.v4) return ok(0);
    const cost = this.v4.launch(id, vcpus);
    if (cost >= 0) return ok(cost);
    this.core.log('err', 'vgic_v4_init', 'VPE IRQ allocation failure');
    const leak = this.v4.leakWarning();
    if (leak) this.core.warn('vgic_v4_init', leak);
    const after = this.v4.lastLeak
      ? `its error path gives back only the vPE domain: ${this.v4.lastLeak}, counting against every later guest`
      : 'everything allocated for this guest was given back';
    return refused(
      cost,
      'VPE IRQ allocation failure',
      `${this.v4.lastFailure}; its_alloc_vcpu_irqs returns -ENOMEM and vgic_v4_init prints "VPE IRQ allocation failure" (${after})`,
    );
  }

  vmDestroy(id: string): void {
    this.v4?.destroy(id);
  }

  fillSnapshot(s: Snapshot): void {
    arm64FillSnapshot(this, s);
    // A failed guest costs the host what its launch left allocated.
    if (this.v4?.leaks.length) for (const vm of s.vms) if (vm.state === 'failed') vm.cost = this.v4.leakedBy(vm.id);
  }

  textViews(): string[] {
    return arm64TextViews(this);
  }

  text(path: string): string | null {
    return arm64Text(this, path);
  }
}

export function createArm64Backend(cfg: MachineConfig, recorder: EventRecorder, topology: CpuTopology): ArchBackend {
  return new Arm64Backend(cfg, recorder, topology);
}
