// One x86 machine's interrupt side (arch/x86/kernel/apic + kernel/irq): the genirq core, the
// VECTOR domain and its matrix, optional interrupt remapping, the IO-APIC, per-device PCI MSI
// domains, cpu_online_mask, and the operations a driver, user space or CPU hotplug performs.
import { cpumaskOf, cpumaskWeight } from '../core/cpumask';
import { handleEdgeIrq } from '../core/chip';
import { irqAffinityOnlineCpu } from '../core/cpuhotplug';
import { irqDebugShow, irqDomainDebugShowOne } from '../core/debugfs';
import type { IrqAffinityDesc } from '../core/desc';
import type { IrqChip } from '../core/irqdata';
import { Genirq } from '../core/genirq';
import {
  NUMA_NO_NODE,
  irqdIsActivated,
} from '../core/irqdata';
import { IrqNumberSpace, x86NrIrqs } from '../core/irqdesc';
import { irqDomainAllocIrqs, irqDomainDeactivateIrq, irqDomainFreeIrqs } from '../core/irqdomain';
import { freeIrq, requestIrq, writeIrqAffinity } from '../core/manage';
import { irqShutdown } from '../core/chip';
import type { EventSink } from '../events';
import { EBUSY, EINVAL } from '../lib/errno';
import { type Ioapic, createIoapicDomain } from './ioapic';
import { type MsiDevice, createPciMsiDomain, msiInitVirq } from './msi';
import { isaIrqPin } from './platform';
import { type IntelIr, createIntelIrDomain } from './remap';
import { NR_VECTORS, PIC_CASCADE_IR, VECTOR_UNUSED, X86Vector } from './vector';
import { type X86IrqState, x86IrqState } from './irq_state';
import { fixupIrqs, lapicAssignSystemVectors, lapicCanUnplugCpu, lapicOffline, lapicOnline, lapicUpdateLegacyVectors } from './vector_hotplug';
import { X86GenirqArch, vectorCleanupCallback } from './vector_move';
import { x86VectorDebugShow } from './vector_debugfs';
import type { IrqDesc } from '../core/desc';
import { noIrqHandlerLine } from './no_irq_handler';
import { NEWEST_RELEASE } from '../scenario/release_number';

export interface X86MachineConfig {
  nrCpus: number;
  /** FIRST_SYSTEM_VECTOR: 236 (0xec), or 235 with posted MSI. */
  firstSystemVector?: number;
  /** The IDT system vectors lapic_assign_system_vectors walks. */
  systemVectors: readonly number[];
  legacyPic?: boolean;
  ioApic?: boolean;
  /** IO-APICs of 24 pins registered (gsi_top = 24 x n); devices sit on the first. Default 1. */
  ioapics?: number;
  remapping?: boolean;
  /** One CPU list per NUMA node; default one node with every CPU. */
  nodes?: number[][];
  /** CPUs online after boot (CPU 0 always); default all. */
  online?: number[];
  mappingRefcount?: boolean;
  /** alloc_descs sets IRQD_AFFINITY_SET for a given affinity (v6.11+); default off. */
  affinitySetAtAlloc?: boolean;
  /** The kernel release whose texts are printed (default: the newest modelled). */
  release?: string;
  /** irq_startup's abort path sets depth 1, as the kernel does (default); false as the trace glue. */
  startupAbortDepth?: boolean;
  /** Descriptor policy: the bitmap of NR_IRQS + 8196 (before v6.5) or the maple tree. */
  descriptors?: 'bitmap' | 'maple';
  /** NR_IRQS override (scenario kernel.nrIrqs); default: what the arch computes. */
  nrIrqsCompile?: number;
  sink?: EventSink | null;
}

/** How a device's vectors are set up: MSI-X, maskable MSI, non-maskable MSI, managed MSI-X. */
export type X86MsiType = 'msix' | 'msi' | 'msi-nomask' | 'managed';

export interface X86AllocRequest {
  type: X86MsiType;
  count: number;
  /** dev_name of the PCI function; default one device per type. */
  dev?: string;
  /** A fixed first irq number (the replayer's); default: dynamic. */
  irq?: number;
  /** MSI index (hwirq in the device domain) of the first vector; default: the next free one. */
  index?: number;
  node?: number;
  /** One CPU list for every interrupt, or one per interrupt. */
  affinity?: number[][];
}

const DEFAULT_DEVS: Record<X86MsiType, { name: string; msix: boolean; canMask: boolean }> = {
  msix: { name: '0000:00:01.0', msix: true, canMask: true },
  msi: { name: '0000:00:02.0', msix: false, canMask: true },
  'msi-nomask': { name: '0000:00:03.0', msix: false, canMask: false },
  managed: { name: '0000:00:04.0', msix: true, canMask: true },
};

/** The 8259's chip as the boot ISA interrupts show it (a shared constant). */
const XT_PIC_CHIP: IrqChip = Object.freeze({ name: 'XT-PIC', flags: 0 });

export class X86Machine {
  readonly core: Genirq;
  readonly vector: X86Vector;
  readonly ir: IntelIr | null;
  readonly ioapic: Ioapic | null;
  readonly devices = new Map<string, MsiDevice>();
  readonly nrCpus: number;
  /** The release whose texts are printed. */
  readonly release: string;
  /** Which device domain each MSI irq belongs to, and its next MSI index. */
  private readonly irqDev = new Map<number, MsiDevice>();
  private readonly nextIndex = new Map<MsiDevice, number>();

  constructor(cfg: X86MachineConfig) {
    const nrCpus = cfg.nrCpus;
    this.nrCpus = nrCpus;
    this.release = cfg.release ?? NEWEST_RELEASE;
    const legacyPic = cfg.legacyPic !== false;
    const ioApic = cfg.ioApic !== false;
    const nr = x86NrIrqs({ era: 'current', nrCpuIds: nrCpus, ioapics: ioApic ? (cfg.ioapics ?? 1) : 0, legacyPic, nrIrqsCompile: cfg.nrIrqsCompile });
    const space = new IrqNumberSpace({
      policy: cfg.descriptors ?? 'maple',
      nrIrqsCompile: nr.NR_IRQS,
      nrIrqs: nr.nrIrqs,
      preallocated: nr.preallocated,
      dynirqBase: nr.dynirqBase,
      sink: cfg.sink ?? null,
    });
    const all = Array.from({ length: nrCpus }, (_, i) => i);
    this.core = new Genirq({
      nrCpus,
      nodes: cfg.nodes ?? [all],
      space,
      sink: cfg.sink ?? null,
      policy: {
        mappingRefcount: cfg.mappingRefcount ?? false,
        affinitySetAtAlloc: cfg.affinitySetAtAlloc ?? false,
        startupAbortDepth: cfg.startupAbortDepth ?? true,
      },
    });
    // The boot ISA interrupts sit on the 8259 (XT-PIC) until the IO-APIC takes one over.
    for (const irq of this.core.activeIrqs()) {
      const desc = this.core.irqToDesc(irq)!;
      desc.irqData.chip = XT_PIC_CHIP;
      desc.handler = 'handle_level_irq';
    }
    const ioApicIrqs = ioApic && legacyPic ? 0xffff & ~(1 << PIC_CASCADE_IR) : 0;
    this.vector = new X86Vector(this.core, {
      nrCpus,
      firstSystemVector: cfg.firstSystemVector ?? 0xec,
      nrLegacyIrqs: legacyPic ? 16 : 0,
      ioApicIrqs,
    });
    const v = this.vector;
    this.core.arch = new X86GenirqArch(v);
    this.ir = cfg.remapping ? createIntelIrDomain(this.core, v) : null;
    this.ioapic = ioApic ? createIoapicDomain(this.core, this.ir ? this.ir.domain : v.domain, !!this.ir) : null;
    // Boot CPU: system vectors, cascade, matrix online, ISA vectors; then the others.
    lapicAssignSystemVectors(v, 0, cfg.systemVectors);
    this.core.online[0] |= 1;
    lapicUpdateLegacyVectors(v, 0, ioApic);
    for (const cpu of [...new Set(cfg.online ?? all)].sort((a, b) => a - b)) if (cpu !== 0) this.cpuOnline(cpu);
  }

  get matrix() {
    return this.vector.matrix;
  }

  private validCpu(cpu: number, site: string): boolean {
    if (Number.isInteger(cpu) && cpu >= 0 && cpu < this.nrCpus) return true;
    this.core.warn(site, `CPU ${cpu} does not exist (nr_cpu_ids ${this.nrCpus})`);
    return false;
  }

  /** The device's MSI domain, created on first use (msi_create_device_irq_domain). */
  device(name: string, msix: boolean, canMask: boolean, node = NUMA_NO_NODE): MsiDevice {
    let dev = this.devices.get(name);
    if (!dev) {
      const parent = this.ir ? this.ir.domain : this.vector.domain;
      dev = createPciMsiDomain(this.core, this.vector, parent, !!this.ir, { name, msix, canMask, node });
      this.devices.set(name, dev);
    }
    return dev;
  }

  /** MSI teardown of one interrupt: deactivate if still activated, then free the hierarchy. */
  private teardown(irq: number): void {
    const desc = this.core.irqToDesc(irq);
    if (!desc) return;
    if (irqdIsActivated(desc.irqData)) irqDomainDeactivateIrq(desc.irqData);
    irqDomainFreeIrqs(this.core, irq, 1);
    this.irqDev.delete(irq);
  }

  /**
   * Allocate `count` MSI/MSI-X vectors for a device, one interrupt at a time (domain alloc,
   * then msi_init_virq). On failure the ones already made are freed again.
   */
  allocMsi(req: X86AllocRequest): { ret: number; irqs: number[] } {
    const def = DEFAULT_DEVS[req.type];
    if (!def || !Number.isInteger(req.count) || req.count <= 0) return { ret: -EINVAL, irqs: [] };
    const dev = this.device(req.dev ?? def.name, def.msix, def.canMask);
    const managed = req.type === 'managed';
    const lists = req.affinity;
    if (lists && lists.length !== 1 && lists.length !== req.count) return { ret: -EINVAL, irqs: [] };
    if (lists && lists.some((l) => l.some((c) => !Number.isInteger(c) || c < 0 || c >= this.nrCpus))) return { ret: -EINVAL, irqs: [] };
    const irqs: number[] = [];
    let ret = 0;
    for (let k = 0; k < req.count; k++) {
      const list = lists ? lists[lists.length === 1 ? 0 : k] : null;
      const aff: IrqAffinityDesc[] | null =
        list || managed ? [{ mask: list ? cpumaskOf(this.nrCpus, list) : this.core.defaultAffinity.slice(), isManaged: managed }] : null;
      const index = req.index !== undefined ? req.index + k : (this.nextIndex.get(dev) ?? 0);
      const base = req.irq !== undefined ? req.irq + k : -1;
      const virq = irqDomainAllocIrqs(dev.domain, base, 1, req.node ?? dev.node, { index }, false, aff);
      if (virq < 0) {
        ret = virq;
        break;
      }
      this.irqDev.set(virq, dev);
      this.nextIndex.set(dev, Math.max(this.nextIndex.get(dev) ?? 0, index + 1));
      ret = msiInitVirq(this.core, dev, virq);
      if (ret) {
        this.teardown(virq);
        break;
      }
      irqs.push(virq);
    }
    if (ret) {
      for (const irq of irqs) this.teardown(irq);
      return { ret, irqs: [] };
    }
    return { ret: 0, irqs };
  }

  /** mp_map_pin_to_irq for an ISA irq: the IO-APIC takes it over from the PIC. */
  allocLegacy(irq: number): number {
    const v = this.vector;
    if (!this.ioapic || !Number.isInteger(irq) || irq < 0 || irq >= v.nrLegacyIrqs || !(v.ioApicIrqs & (1 << irq))) return -EINVAL;
    const desc = this.core.irqToDesc(irq);
    if (!desc || desc.irqData.domain) return -EINVAL;
    // The PC's interrupt source overrides: irq 0 on pin 2, the SCI (irq 9) level-triggered.
    const { pin, level } = isaIrqPin(irq);
    const ret = irqDomainAllocIrqs(this.ioapic.domain, irq, 1, NUMA_NO_NODE, { pin, legacy: true, level }, true, null);
    return ret < 0 ? ret : 0;
  }

  /** request_irq(irq, handler, 0, name, dev_id) */
  requestIrq(irq: number, name = `irq${irq}`, devId: unknown = irq): number {
    return requestIrq(this.core, irq, name, devId);
  }

  /** free_irq(irq, dev_id): the most recently requested action when devId is omitted. */
  freeIrq(irq: number, devId?: unknown): number {
    const desc = this.core.irqToDesc(irq);
    const id = devId !== undefined ? devId : desc?.actions.length ? desc.actions[desc.actions.length - 1].devId : undefined;
    return freeIrq(this.core, irq, id);
  }

  /** pci_free_irq_vectors for [irq, irq + count): MSI teardown. ISA irqs are never freed. */
  free(irq: number, count = 1): number {
    for (let i = 0; i < count; i++) {
      const desc = this.core.irqToDesc(irq + i);
      if (!desc || !this.irqDev.has(irq + i)) {
        this.core.warn('msi_domain_free_irqs', `irq ${irq + i} is not an MSI interrupt`);
        return -EINVAL;
      }
    }
    for (let i = 0; i < count; i++) {
      const desc = this.core.irqToDesc(irq + i)!;
      if (desc.actions.length) {
        this.core.warn('msi_domain_free_irqs', `freeing irq ${irq + i} which still has an action`);
        desc.actions.length = 0;
        irqShutdown(desc);
      }
      this.teardown(irq + i);
    }
    return 0;
  }

  /** echo cpus > /proc/irq/N/smp_affinity */
  setAffinity(irq: number, cpus: readonly number[]): number {
    if (cpus.some((c) => !Number.isInteger(c) || c < 0 || c >= this.nrCpus)) return -EINVAL;
    this.core.thisCpu = this.core.firstOnline();
    return writeIrqAffinity(this.core, irq, cpumaskOf(this.nrCpus, cpus));
  }

  /**
   * The device raises the interrupt and it arrives on `cpu`: through the current vector if
   * `cpu` is the target, through the old one if it is the previous target of a move. -EINVAL
   * when the interrupt has no vector on that CPU (the device cannot send it there).
   */
  fire(irq: number, cpu: number): number {
    if (!this.validCpu(cpu, 'fire')) return -EINVAL;
    const irqd = this.vector.irqData(irq);
    const apicd = irqd ? this.vector.apicd(irqd) : null;
    if (!apicd || !this.core.cpuOnline(cpu)) return -EINVAL;
    let vector = 0;
    if (apicd.vector && apicd.cpu === cpu) vector = apicd.vector;
    else if (apicd.prevVector && apicd.prevCpu === cpu) vector = apicd.prevVector;
    if (!vector) return -EINVAL;
    // The traces' glue calls the chip's irq_ack for the irq itself, not through vector_irq: a
    // non-maskable MSI that kept its vector on a CPU that went offline while it was shut down
    // is acked there even though lapic_online emptied that slot (an interrupt through
    // commonInterrupt would find "No irq handler for vector").
    this.handleOn(this.core.irqToDesc(irq)!, cpu, vector);
    return 0;
  }

  /** The flow handler runs on `cpu` for an interrupt that came in through `vector`. */
  private handleOn(desc: IrqDesc, cpu: number, vector: number): void {
    this.core.thisCpu = cpu;
    this.core.irqVector = vector;
    handleEdgeIrq(this.core, desc, cpu);
  }

  /**
   * common_interrupt on `cpu` for `vector`: the descriptor in vector_irq handles it; an
   * unused slot is the kernel's "No irq handler for vector", a marker slot becomes unused.
   */
  commonInterrupt(cpu: number, vector: number): number {
    if (!this.validCpu(cpu, 'common_interrupt') || !Number.isInteger(vector) || vector < 0 || vector >= NR_VECTORS) return -EINVAL;
    const slot = this.vector.slot(cpu, vector);
    const desc = slot >= 0 ? this.core.irqToDesc(slot) : undefined;
    if (!desc) {
      if (slot === VECTOR_UNUSED || slot >= 0) this.core.log('err', ...noIrqHandlerLine(this.release, cpu, vector));
      else this.vector.setSlot(cpu, vector, VECTOR_UNUSED);
      return 0;
    }
    this.handleOn(desc, cpu, vector);
    return 0;
  }

  /** The vector-cleanup timer of `cpu` expires: 1 if it was pending and ran, else 0. */
  cleanup(cpu: number): number {
    if (!this.validCpu(cpu, 'vector_cleanup_callback')) return 0;
    this.core.thisCpu = cpu;
    return vectorCleanupCallback(this.vector, cpu);
  }

  /**
   * CPU hot-unplug: -ENOSPC (with the kernel's message) when its vectors do not fit elsewhere.
   * The boot CPU cannot go (x86 dropped CPU0 hotplug in v6.4): -EBUSY.
   */
  cpuOffline(cpu: number): { ret: number; message: string | null } {
    if (!this.validCpu(cpu, 'cpu_down')) return { ret: -EINVAL, message: null };
    if (!this.core.cpuOnline(cpu)) return { ret: 0, message: null };
    if (cpu === 0) return { ret: -EBUSY, message: null };
    if (cpumaskWeight(this.core.online, this.nrCpus) === 1) return { ret: -EBUSY, message: null };
    this.core.thisCpu = cpu;
    const r = lapicCanUnplugCpu(this.vector, cpu);
    if (r.ret) return r;
    this.core.online[cpu >>> 5] &= ~(1 << (cpu & 31));
    fixupIrqs(this.vector, cpu);
    lapicOffline(this.vector, cpu);
    return { ret: 0, message: null };
  }

  /** CPU bring-up: online mask, lapic_online, then irq_affinity_online_cpu. */
  cpuOnline(cpu: number): number {
    if (!this.validCpu(cpu, 'cpu_up')) return -EINVAL;
    if (this.core.cpuOnline(cpu)) return 0;
    this.core.online[cpu >>> 5] |= 1 << (cpu & 31);
    this.core.thisCpu = cpu;
    lapicOnline(this.vector, cpu);
    return irqAffinityOnlineCpu(this.core, cpu);
  }

  /** Interrupts with a VECTOR-level irq_data (boot ISA irqs only once taken over), ascending. */
  vectorIrqs(): number[] {
    return this.core.activeIrqs().filter((irq) => this.vector.irqData(irq) !== null);
  }

  /** The interrupt's state as the x86_vector traces show it (irq_state.ts). */
  state(irq: number): X86IrqState | null {
    return x86IrqState(this, irq);
  }

  /** Non-empty vector_irq slots of a CPU: [vector, irq | -1 SHUTDOWN | -2 RETRIGGERED]. */
  vectorIrqList(cpu: number): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let vec = 0; vec < NR_VECTORS; vec++) {
      const s = this.vector.slot(cpu, vec);
      if (s !== VECTOR_UNUSED) out.push([vec, s]);
    }
    return out;
  }

  /** CPUs whose vector-cleanup timer is pending. */
  cleanupTimers(): number[] {
    const out: number[] = [];
    for (let c = 0; c < this.nrCpus; c++) if (this.vector.timerPending[c]) out.push(c);
    return out;
  }

  /** x86_vector_debug_show(m, domain, irqd, ind) for one irq. */
  vectorDebugShow(irq: number, ind = 0): string {
    const irqd = this.vector.irqData(irq);
    return irqd ? x86VectorDebugShow(this.vector, irqd, ind) : '';
  }

  /** /sys/kernel/debug/irq/irqs/<irq> */
  debugfsIrq(irq: number): string | null {
    return irqDebugShow(this.core, irq);
  }

  /** /sys/kernel/debug/irq/domains/<name> */
  debugfsDomain(name: string): string | null {
    const d = this.core.domains.find((x) => x.name === name);
    return d ? irqDomainDebugShowOne(d, 0) : null;
  }
}
