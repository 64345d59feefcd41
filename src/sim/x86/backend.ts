// An x86 machine (arch/x86/kernel/apic, kernel/irq) as the engine's ArchBackend, on the
// matrix allocator (v4.15+): X86Machine does what the kernel does; this file turns the
// engine's driver, user and hotplug operations into its calls and its state into views.
// Model choices: the IO-APIC takes the ISA irqs over at boot (setup_IO_APIC) with the usual
// handlers requested; PCI INTx lines are IO-APIC pins 16-19, counted per pin as
// mp_map_pin_to_irq / mp_unmap_irq do on x86 whatever the genirq mappingRefcount policy;
// time passes between steps, so vector-cleanup timers that are pending expire at its end.
import type { CpuTopology } from '../core/affinity';
import { cpumaskFirst } from '../core/cpumask';
import { NUMA_NO_NODE } from '../core/irqdata';
import { irqDomainAllocIrqs, irqDomainFreeIrqs } from '../core/irqdomain';
import { requestIrq } from '../core/manage';
import { showInterrupts, x86ArchLines } from '../core/proc_interrupts';
import type { ArchBackend, PciFunction, Result, VectorRequest } from '../engine/backend';
import { OK, ok, refused } from '../engine/backend';
import { debugfsPaths, descriptorSnapshot, domainRows, irqRows, procRows } from '../engine/genirq_views';
import type { EventRecorder } from '../engine/recorder';
import { EBUSY, EINVAL, EIO, ENODEV, ENOSPC, errnoName } from '../lib/errno';
import type { MachineConfig } from '../scenario/schema';
import { IRQD_AFFINITY_SET } from '../scenario/releases';
import { releaseRowValue } from '../scenario/releases_resolve';
import type { Snapshot } from '../snapshot';
import { X86Machine } from './machine';
import { BOOT_ISA_HANDLERS, PCI_INTX_PIN_BASE, PinUsers, x86VmLaunch } from './platform';
import { fillVectorGrid } from './vector_grid';

/** The IDT system vectors of a current mainline x86_64 kernel (as in the x86_vector traces). */
export const MAINLINE_SYSTEM_VECTORS = [
  ...Array.from({ length: 20 }, (_, i) => i),
  21,
  128,
  236,
  240,
  241,
  242,
  244,
  ...Array.from({ length: 10 }, (_, i) => 246 + i),
];

const MANAGED_IRQ_SHUTDOWN_VECTOR = 0xef;

export class X86Backend implements ArchBackend {
  readonly arch = 'x86_64' as const;
  readonly m: X86Machine;
  private readonly pinUsers = new PinUsers();

  constructor(
    private readonly cfg: MachineConfig,
    recorder: EventRecorder,
    topology: CpuTopology,
  ) {
    this.m = new X86Machine({
      nrCpus: cfg.cpus,
      systemVectors: MAINLINE_SYSTEM_VECTORS,
      legacyPic: true,
      ioApic: cfg.ioapics > 0,
      ioapics: cfg.ioapics,
      remapping: cfg.remapping,
      nodes: topology.nodes,
      online: cfg.online,
      mappingRefcount: cfg.kernel.mappingRefcount,
      affinitySetAtAlloc: releaseRowValue(IRQD_AFFINITY_SET, cfg.release.release),
      release: cfg.release.release,
      descriptors: cfg.kernel.descriptors,
      nrIrqsCompile: cfg.kernel.nrIrqs ?? undefined,
      sink: recorder,
    });
    if (this.m.ioapic) {
      for (let irq = 0; irq < 16; irq++) if (irq !== 2) this.m.allocLegacy(irq);
      for (const [irq, name] of BOOT_ISA_HANDLERS) requestIrq(this.m.core, irq, name, `isa${irq}`, name === 'i8042');
    }
    this.expireTimers();
  }

  /** Pending vector-cleanup timers run (a jiffy passes between two steps). */
  private expireTimers(): void {
    for (const cpu of this.m.cleanupTimers()) this.m.cleanup(cpu);
  }

  private done<T>(r: Result<T>): Result<T> {
    this.expireTimers();
    return r;
  }

  cpuOffline(cpu: number): Result {
    const r = this.m.cpuOffline(cpu);
    if (r.ret === 0) return this.done(OK);
    if (r.ret === -ENOSPC) {
      return refused(
        r.ret,
        errnoName(r.ret),
        'lapic_can_unplug_cpu: the other online CPUs have fewer free vectors than this CPU holds regular (non-managed) ones; managed ones would shut down instead',
        r.message ?? undefined,
      );
    }
    if (r.ret === -EBUSY && cpu === 0) return refused(r.ret, errnoName(r.ret), 'CPU 0 cannot go offline: x86 removed boot-CPU hotplug in v6.4');
    if (r.ret === -EBUSY) return refused(r.ret, errnoName(r.ret), 'the last online CPU cannot go offline (cpu_down)');
    return refused(r.ret, errnoName(r.ret), `cpu_down(${cpu}) failed`);
  }

  cpuOnline(cpu: number): Result {
    const r = this.m.cpuOnline(cpu);
    return this.done(r < 0 ? refused(r, errnoName(r), `cpu_up(${cpu}) failed`) : OK);
  }

  msiAlloc(dev: PciFunction, kind: 'msi' | 'msix', vectors: VectorRequest[]): Result<number[]> {
    let want = vectors;
    if (kind === 'msi' && vectors.length > 1 && !this.m.ir) {
      // __pci_enable_msi_range: the x86 vector domain does not do Multi-MSI without remapping.
      this.m.core.log('warn', 'pci_alloc_irq_vectors', `${dev.bdf}: Multi-MSI needs interrupt remapping on x86: 1 of ${vectors.length} vectors granted`);
      want = vectors.slice(0, 1);
    }
    const irqs: number[] = [];
    // One call per run of equal kind (the NVMe admin vector, then its managed queues).
    for (let i = 0; i < want.length; ) {
      const managed = want[i].managed;
      let j = i;
      while (j < want.length && want[j].managed === managed) j++;
      const run = want.slice(i, j);
      const type = managed ? 'managed' : kind === 'msix' ? 'msix' : 'msi';
      const affinity = run.every((v) => v.affinity) ? run.map((v) => v.affinity!) : undefined;
      const r = this.m.allocMsi({ type, count: run.length, dev: dev.bdf, affinity });
      if (r.ret < 0) {
        for (const irq of irqs) this.m.free(irq, 1);
        return this.done(refused(r.ret, errnoName(r.ret), `allocating ${dev.id}'s vectors failed (msi_domain_alloc_irqs: ${managed ? 'irq_matrix_reserve_managed found no free vector on a CPU of a queue mask' : 'no descriptor or vector'})`));
      }
      irqs.push(...r.irqs);
      i = j;
    }
    return this.done(ok(irqs));
  }

  msiFree(_dev: PciFunction, irqs: number[]): void {
    for (const irq of irqs) this.m.free(irq, 1);
    this.expireTimers();
  }

  intxMap(dev: PciFunction, line: number): Result<number> {
    const ioapic = this.m.ioapic;
    if (!ioapic) return refused(-ENODEV, errnoName(-ENODEV), `${dev.id}: no IO-APIC, so the PCI INTx line has nowhere to go (acpi_pci_irq_enable)`);
    const pin = PCI_INTX_PIN_BASE + line;
    if (this.pinUsers.get(pin) === 0) {
      const irq = irqDomainAllocIrqs(ioapic.domain, pin, 1, NUMA_NO_NODE, { pin, legacy: false, level: true }, false, null);
      if (irq < 0) {
        this.pinUsers.put(pin);
        return refused(irq, errnoName(irq), `mp_map_pin_to_irq(${pin}) failed`);
      }
    }
    return ok(pin);
  }

  intxDispose(_dev: PciFunction, irq: number): void {
    if (this.pinUsers.put(irq) > 0) return;
    if (this.m.core.irqToDesc(irq)) irqDomainFreeIrqs(this.m.core, irq, 1);
  }

  requestIrq(irq: number, name: string, devId: string, shared: boolean): Result {
    const r = requestIrq(this.m.core, irq, name, devId, shared);
    if (r < 0) return this.done(refused(r, errnoName(r), `request_irq(${irq}, "${name}") failed in __setup_irq`));
    return this.done(OK);
  }

  freeIrq(irq: number, devId: string): void {
    this.m.freeIrq(irq, devId);
    this.expireTimers();
  }

  setAffinity(irq: number, cpus: number[]): Result {
    const r = this.m.setAffinity(irq, cpus);
    if (r === 0) return this.done(OK);
    const why: Record<number, string> = {
      [-EIO]: 'the kernel spread this managed interrupt; user space cannot change its affinity (irq_can_set_affinity_usr)',
      [-EINVAL]: 'no CPU of the new mask is online (write_irq_affinity)',
      [-EBUSY]: 'the previous move of this interrupt has not completed yet (assign_vector_locked: move_in_progress or cleanup pending)',
      [-ENOSPC]: 'no free vector on any CPU of the mask (irq_matrix_alloc)',
    };
    return this.done(refused(r, errnoName(r), why[r] ?? `irq_set_affinity failed`));
  }

  fire(irq: number): Result {
    const irqd = this.m.vector.irqData(irq);
    const apicd = irqd ? this.m.vector.apicd(irqd) : null;
    const desc = this.m.core.irqToDesc(irq);
    if (!desc) return refused(-ENODEV, errnoName(-ENODEV), `irq ${irq} has no descriptor: its mapping was torn down, so the interrupt is lost`);
    if (!apicd) {
      // Still on the 8259 PIC: handled on CPU 0.
      desc.countOn(0);
      return this.done(OK);
    }
    const { vector, destApicid } = apicd.hwIrqCfg;
    if (!vector || vector === MANAGED_IRQ_SHUTDOWN_VECTOR) {
      return refused(-EINVAL, errnoName(-EINVAL), `irq ${irq} has no vector (not started, or a managed interrupt shut down because no CPU of its mask is online)`);
    }
    this.m.commonInterrupt(destApicid, vector);
    return this.done(OK);
  }

  vmLaunch(_id: string, _vcpus: number, type: 'kvm' | 'xen'): Result<number> {
    return x86VmLaunch(type);
  }

  vmDestroy(): void {}

  fillSnapshot(s: Snapshot): void {
    const m = this.m;
    for (let c = 0; c < this.cfg.cpus; c++) {
      s.cpus.online[c] = m.core.cpuOnline(c) ? 1 : 0;
      s.cpus.load[c] = m.matrix.allocated[c];
    }
    s.vectors = fillVectorGrid(m, this.cfg.release.release);
    s.descriptors = descriptorSnapshot(m.core);
    s.domains = domainRows(m.core);
    s.irqs = irqRows(m.core, (irq) => {
      const irqd = m.vector.irqData(irq);
      const apicd = irqd ? m.vector.apicd(irqd) : null;
      return apicd ? { vector: apicd.vector, cpu: apicd.vector ? apicd.cpu : -1 } : null;
    });
  }

  textViews(): string[] {
    return ['/proc/interrupts', ...debugfsPaths(this.m.core)];
  }

  text(path: string): string | null {
    const m = this.m;
    if (path === '/proc/interrupts') {
      const online: number[] = [];
      for (let c = 0; c < this.cfg.cpus; c++) if (m.core.cpuOnline(c)) online.push(c);
      return showInterrupts({ nrIrqs: m.core.space.nrIrqs, online, rows: procRows(m.core, true), showLevel: false, arch: x86ArchLines(this.cfg.cpus) });
    }
    const dom = /^\/sys\/kernel\/debug\/irq\/domains\/(.+)$/.exec(path);
    if (dom) return m.debugfsDomain(dom[1]);
    const irq = /^\/sys\/kernel\/debug\/irq\/irqs\/(\d+)$/.exec(path);
    if (irq) return m.debugfsIrq(Number(irq[1]));
    return null;
  }
}

/** The CPU a mask would start on, for messages. */
export function firstCpu(mask: Uint32Array, nrCpus: number): number {
  return cpumaskFirst(mask, nrCpus);
}
