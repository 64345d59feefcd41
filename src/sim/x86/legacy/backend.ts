// An x86 machine with the vector allocator of v4.14 and earlier (the `vectors: "legacy"`
// policy) as the engine's ArchBackend, on X86LegacyMachine: the shared genirq core with the
// pre-4.15 VECTOR domain under IO-APIC / PCI-MSI (arch/x86/kernel/apic/vector.c,
// io_apic.c, msi.c of v4.14). Vectors are taken when an interrupt is allocated (MSI enable,
// IO-APIC pin setup), not at request_irq; offline is refused with -ERANGE by
// check_irq_vectors_for_cpu_disable. request_irq/free_irq/affinity, the snapshot rows, the
// domain list and /proc/interrupts are the core's, as on the v4.15+ machine; debugfs
// (GENERIC_IRQ_DEBUGFS, v4.11+) shows the domains and descriptors as v4.14 prints them
// (core/debugfs_v414.ts). Model choices as in ../backend.ts (boot ISA takeover, PCI INTx on pins 16-19
// counted per pin, pending cleanup IPIs handled before the next step).
import type { CpuTopology } from '../../core/affinity';
import { irqDebugShow, irqDomainDebugShowOne } from '../../core/debugfs';
import { DEBUGFS_V4_14 } from '../../core/debugfs_v414';
import { IRQD_AFFINITY_MANAGED, IRQD_IRQ_STARTED, NUMA_NO_NODE, irqdHas } from '../../core/irqdata';
import { irqDomainAllocIrqs } from '../../core/irqdomain';
import { freeIrq, requestIrq } from '../../core/manage';
import { showInterrupts, x86ArchLines } from '../../core/proc_interrupts';
import type { ArchBackend, PciFunction, Result, VectorRequest } from '../../engine/backend';
import { OK, ok, refused } from '../../engine/backend';
import { debugfsPaths, descriptorSnapshot, domainRows, irqRows, procRows } from '../../engine/genirq_views';
import type { EventRecorder } from '../../engine/recorder';
import { pciMsiHwirqBase } from '../../pci/pci';
import type { EventSink, SimEvent } from '../../events';
import { EBUSY, EEXIST, EINVAL, EIO, ENODEV, ENOSPC, ERANGE, errnoName } from '../../lib/errno';
import type { MachineConfig } from '../../scenario/schema';
import { testBit } from '../../lib/bitmap';
import { CELL, type Snapshot } from '../../snapshot';
import { BOOT_ISA_HANDLERS, PCI_INTX_PIN_BASE, PinUsers, x86VmLaunch } from '../platform';
import { X86LegacyMachine, XT_PIC_CHIP } from './machine';
import { systemVectorNames } from '../system_vectors';
import { NR_VECTORS, VECTOR_UNUSED } from './types';

/** used_vectors of a v4.14 x86_64 kernel (as in the x86_vector_legacy traces). */
const V414_SYSTEM_VECTORS = [...Array.from({ length: 20 }, (_, i) => i), 32, 128, ...Array.from({ length: 17 }, (_, i) => 239 + i)];

/** Forwards events and remembers the last kernel message of hotplug's refusal. */
class CaptureSink implements EventSink {
  lastRefusal = '';
  constructor(private readonly to: EventSink) {}
  emit(e: SimEvent): void {
    if (e.type === 'log' && /disable failed/.test(e.message)) this.lastRefusal = e.message;
    this.to.emit(e);
  }
}

export class X86LegacyBackend implements ArchBackend {
  readonly arch = 'x86_64' as const;
  readonly m: X86LegacyMachine;
  private readonly sink: CaptureSink;
  private readonly pinUsers = new PinUsers();

  constructor(
    private readonly cfg: MachineConfig,
    recorder: EventRecorder,
    topology: CpuTopology,
  ) {
    this.sink = new CaptureSink(recorder);
    this.m = new X86LegacyMachine(
      {
        nrCpus: cfg.cpus,
        apic: 'physflat',
        firstSystemVector: 239,
        legacyPic: true,
        ioApic: cfg.ioapics > 0,
        remapping: cfg.remapping,
        nodes: topology.nodes,
        // Only the BSP: setup_IO_APIC (apic_bsp_setup, from native_smp_prepare_cpus) runs
        // before smp_init brings up the other CPUs.
        online: [0],
        systemVectors: V414_SYSTEM_VECTORS,
      },
      this.sink,
      { descriptors: cfg.kernel.descriptors, nrIrqsCompile: cfg.kernel.nrIrqs ?? undefined, ioapics: cfg.ioapics, mappingRefcount: cfg.kernel.mappingRefcount },
    );
    // The IO-APIC takes the ISA irqs over while CPU 0 is alone (setup_IO_APIC); the secondaries
    // then come up and free 0x30+irq in __setup_vector_irq (only the XT-PIC irqs keep it on every CPU).
    if (cfg.ioapics > 0) for (let irq = 0; irq < 16; irq++) if (irq !== 2) this.m.allocIrqs(irq, 1, 'legacy', -1);
    for (const cpu of [...new Set(cfg.online)].sort((x, y) => x - y)) if (cpu !== 0) this.m.cpu_online(cpu);
    for (const [irq, name] of BOOT_ISA_HANDLERS) requestIrq(this.m.core, irq, name, `isa${irq}`, name === 'i8042');
    this.handleCleanupIpis();
  }

  get core() {
    return this.m.core;
  }

  /** Cleanup IPIs are handled right away on the CPUs that got one. */
  private handleCleanupIpis(): void {
    for (let c = 0; c < this.cfg.cpus; c++) if (this.m.cleanupIpi[c]) this.m.cleanup(c);
  }

  private done<T>(r: Result<T>): Result<T> {
    this.handleCleanupIpis();
    return r;
  }

  cpuOffline(cpu: number): Result {
    if (!this.m.isOnline(cpu)) return OK;
    if (cpu === 0) return refused(-EBUSY, errnoName(-EBUSY), 'CPU 0 cannot go offline on this x86 machine (no BSP hotplug)');
    this.sink.lastRefusal = '';
    const r = this.m.cpu_offline(cpu);
    if (r === -ERANGE) {
      return refused(
        r,
        errnoName(r),
        'check_irq_vectors_for_cpu_disable: the other online CPUs have fewer free vectors than this CPU has requested, movable interrupts',
        this.sink.lastRefusal || undefined,
      );
    }
    if (r < 0) return refused(r, errnoName(r), `cpu_down(${cpu}) failed`);
    return this.done(OK);
  }

  cpuOnline(cpu: number): Result {
    if (this.m.isOnline(cpu)) return OK;
    const r = this.m.cpu_online(cpu);
    return this.done(r < 0 ? refused(r, errnoName(r), `cpu_up(${cpu}) failed`) : OK);
  }

  msiAlloc(dev: PciFunction, kind: 'msi' | 'msix', vectors: VectorRequest[]): Result<number[]> {
    let want = vectors;
    if (kind === 'msi' && vectors.length > 1 && !this.cfg.remapping) {
      this.core.log('warn', 'pci_alloc_irq_vectors', `${dev.bdf}: Multi-MSI needs interrupt remapping on x86: 1 of ${vectors.length} vectors granted`);
      want = vectors.slice(0, 1);
    }
    const irqs: number[] = [];
    // The one global PCI-MSI domain of these releases numbers hwirqs per device.
    const hwirqBase = pciMsiHwirqBase(dev.rid, dev.bdf);
    for (const [index, v] of want.entries()) {
      const irq = this.m.allocIrqs(-1, 1, v.managed ? 'managed' : 'msi', -1, v.managed && v.affinity ? [v.affinity] : undefined, hwirqBase + index);
      if (irq < 0) {
        this.msiFree(dev, irqs);
        const why =
          irq === -ENOSPC
            ? '__assign_irq_vector found no free vector on any online CPU (vectors are taken at allocation before v4.15)'
            : 'no IRQ descriptor left (__irq_alloc_descs)';
        return refused(irq, errnoName(irq), why);
      }
      irqs.push(irq);
    }
    return this.done(ok(irqs));
  }

  msiFree(_dev: PciFunction, irqs: number[]): void {
    for (const irq of irqs) this.m.free(irq, 1);
    this.handleCleanupIpis();
  }

  intxMap(dev: PciFunction, line: number): Result<number> {
    const ioapic = this.m.upper.ioapic;
    if (!ioapic) return refused(-ENODEV, errnoName(-ENODEV), `${dev.id}: no IO-APIC for the PCI INTx line`);
    const pin = PCI_INTX_PIN_BASE + line;
    if (this.pinUsers.get(pin) === 0) {
      // PCI INTx is level-triggered, active low: fasteoi and IRQ_LEVEL (mp_register_handler).
      const irq = irqDomainAllocIrqs(ioapic, pin, 1, NUMA_NO_NODE, { hwirq: pin, legacy: false, level: true }, false, null);
      if (irq < 0) {
        this.pinUsers.put(pin);
        return refused(irq, errnoName(irq), irq === -EEXIST ? `IRQ ${pin} for IO-APIC pin ${pin} is taken` : `no vector for IO-APIC pin ${pin} (__assign_irq_vector)`);
      }
    }
    return this.done(ok(pin));
  }

  intxDispose(dev: PciFunction, irq: number): void {
    if (this.pinUsers.put(irq) > 0) return;
    this.msiFree(dev, [irq]);
  }

  requestIrq(irq: number, name: string, devId: string, shared: boolean): Result {
    const r = requestIrq(this.core, irq, name, devId, shared);
    if (r < 0) return this.done(refused(r, errnoName(r), `request_irq(${irq}, "${name}") failed in __setup_irq`));
    return this.done(OK);
  }

  freeIrq(irq: number, devId: string): void {
    freeIrq(this.core, irq, devId);
    this.handleCleanupIpis();
  }

  setAffinity(irq: number, cpus: number[]): Result {
    const r = this.m.set_affinity(irq, cpus);
    if (r === 0) return this.done(OK);
    const why = r === -EIO ? 'managed interrupts and the XT-PIC have no user-settable affinity (write_irq_affinity)' : 'irq_select_affinity_usr found no CPU';
    return this.done(refused(r, errnoName(r), why));
  }

  fire(irq: number): Result {
    const desc = this.core.irqToDesc(irq);
    const a = this.m.apicd(irq);
    if (!desc || !a) return refused(-ENODEV, errnoName(-ENODEV), `irq ${irq} has no descriptor`);
    if (!a.vector || !irqdHas(desc.irqData, IRQD_IRQ_STARTED)) return refused(-EINVAL, errnoName(-EINVAL), `irq ${irq} is not started`);
    const cpu = a.destApicid;
    const r = this.m.fire(irq, cpu, a.vector);
    if (r < 0) return refused(r, errnoName(r), `the interrupt could not be delivered on CPU ${cpu}`);
    return this.done(OK);
  }

  vmLaunch(_id: string, _vcpus: number, type: 'kvm' | 'xen'): Result<number> {
    return x86VmLaunch(type);
  }

  vmDestroy(): void {}

  fillSnapshot(s: Snapshot): void {
    const n = this.cfg.cpus;
    const m = this.m;
    const cells = new Uint8Array(n * NR_VECTORS);
    const owner = new Int32Array(n * NR_VECTORS).fill(-1);
    const used = new Uint32Array(n);
    const system = new Set(V414_SYSTEM_VECTORS);
    let free = 0;
    for (let cpu = 0; cpu < n; cpu++) {
      s.cpus.online[cpu] = m.isOnline(cpu) ? 1 : 0;
      for (let v = 0; v < NR_VECTORS; v++) {
        const i = cpu * NR_VECTORS + v;
        const irq = m.slot(cpu, v);
        if (v < 32) cells[i] = CELL.exception;
        else if (system.has(v) || v >= 239) cells[i] = CELL.system;
        else if (irq === VECTOR_UNUSED) {
          if (m.isOnline(cpu)) free++;
        } else if (irq >= 0) {
          owner[i] = irq;
          const a = m.apicd(irq);
          const desc = this.core.irqToDesc(irq);
          used[cpu]++;
          cells[i] =
            // The old vector of a move, on a CPU still holding it (old_domain); a domain that
            // only shrank keeps the same vector on the CPUs still in it.
            // (not the current vector on a CPU of its domain: a shrinking domain keeps its vector).
            a && a.moveInProgress && a.oldVector === v && testBit(a.oldDomain, cpu) && !(a.vector === v && testBit(a.domain, cpu))
              ? CELL.moving
              : desc?.irqData.chip === XT_PIC_CHIP
                ? CELL.legacy
                : desc && irqdHas(desc.irqData, IRQD_AFFINITY_MANAGED)
                  ? CELL.allocatedManaged
                  : CELL.allocated;
        }
      }
    }
    s.cpus.load.set(used);
    s.vectors = {
      nrCpus: n,
      nrVectors: NR_VECTORS,
      cells,
      owner,
      available: new Uint32Array(n),
      managed: new Uint32Array(n),
      managedAllocated: new Uint32Array(n),
      allocated: used.slice(),
      onlineMaps: s.cpus.online.reduce((a, b) => a + b, 0),
      // Free vectors on online CPUs: what check_irq_vectors_for_cpu_disable counts.
      globalAvailable: free,
      globalReserved: 0,
      totalAllocated: used.reduce((a, b) => a + b, 0),
      allocator: 'legacy',
      systemNames: systemVectorNames(this.cfg.release.release),
    };
    s.descriptors = descriptorSnapshot(this.core);
    s.domains = domainRows(this.core);
    s.irqs = irqRows(this.core, (irq) => {
      const a = m.apicd(irq);
      return a ? { vector: a.vector, cpu: a.vector ? a.destApicid : -1 } : null;
    });
  }

  textViews(): string[] {
    return ['/proc/interrupts', ...debugfsPaths(this.core)];
  }

  text(path: string): string | null {
    const core = this.core;
    if (path === '/proc/interrupts') {
      const online: number[] = [];
      for (let c = 0; c < this.cfg.cpus; c++) if (this.m.isOnline(c)) online.push(c);
      // init_ISA_irqs sets the XT-PIC's handler without a name: no "-<flow>" after the chip.
      const rows = procRows(core, true).map((r) => (r.chip === XT_PIC_CHIP.name ? { ...r, handlerName: null } : r));
      return showInterrupts({ nrIrqs: core.space.nrIrqs, online, rows, showLevel: false, arch: x86ArchLines(this.cfg.cpus) });
    }
    const dom = /^\/sys\/kernel\/debug\/irq\/domains\/(.+)$/.exec(path);
    if (dom) {
      const d = core.domains.find((x) => x.name === dom[1]);
      return d ? irqDomainDebugShowOne(d, 0, DEBUGFS_V4_14) : null;
    }
    const irq = /^\/sys\/kernel\/debug\/irq\/irqs\/(\d+)$/.exec(path);
    if (irq) return irqDebugShow(core, Number(irq[1]), DEBUGFS_V4_14);
    return null;
  }
}
