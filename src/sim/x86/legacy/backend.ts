// An x86 machine with the vector allocator of v4.14 and earlier (the `vectors: "legacy"`
// policy) as the engine's ArchBackend, on LegacyVectorDomain. Vectors are taken when an
// interrupt is allocated (MSI enable, IO-APIC pin setup), not at request_irq; the search
// walks the global current_vector/current_offset; offline is refused with -ERANGE by
// check_irq_vectors_for_cpu_disable. v4.14 had no irq debugfs: /proc/interrupts only.
// Model choices as in ../backend.ts (boot ISA takeover, PCI INTx on pins 16-19 counted per
// pin, pending cleanup IPIs handled before the next step).
import type { CpuTopology } from '../../core/affinity';
import { IrqNumberSpace, x86NrIrqs } from '../../core/irqdesc';
import { showInterrupts, x86ArchLines, type ProcIrqRow } from '../../core/proc_interrupts';
import type { ArchBackend, PciFunction, Result, VectorRequest } from '../../engine/backend';
import { OK, ok, refused } from '../../engine/backend';
import type { EventRecorder } from '../../engine/recorder';
import type { EventSink, SimEvent } from '../../events';
import { formatPbl, testBit } from '../../lib/bitmap';
import { EBUSY, EINVAL, ENODEV, ERANGE, errnoName } from '../../lib/errno';
import type { MachineConfig } from '../../scenario/schema';
import { CELL, type IrqRow, type Snapshot } from '../../snapshot';
import { type LegacyIrq, NR_VECTORS, VECTOR_UNUSED } from './types';
import { LegacyVectorDomain } from './vector';
import { BOOT_ISA_HANDLERS, PCI_INTX_PIN_BASE, PinUsers, isaIrqPin, x86VmLaunch } from '../platform';
import { systemVectorNames } from '../system_vectors';

/** used_vectors of a v4.14 x86_64 kernel (as in the x86_vector_legacy traces). */
const V414_SYSTEM_VECTORS = [...Array.from({ length: 20 }, (_, i) => i), 32, 128, ...Array.from({ length: 17 }, (_, i) => 239 + i)];

/**
 * Is slot (cpu, v) the old vector of a move that has not been cleaned up? Not when it is the
 * irq's current vector on a CPU of its domain: a shrinking domain keeps the same vector.
 */
export function isPendingOldVector(d: LegacyIrq, cpu: number, v: number): boolean {
  if (!d.moveInProgress || d.oldVector !== v || !testBit(d.oldDomain, cpu)) return false;
  return !(v === d.vector && testBit(d.domain, cpu));
}

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
  readonly dom: LegacyVectorDomain;
  readonly space: IrqNumberSpace;
  private readonly sink: CaptureSink;
  private readonly actions = new Map<number, string[]>();
  private readonly counts = new Map<number, Uint32Array>();
  private readonly pinUsers = new PinUsers();

  constructor(
    private readonly cfg: MachineConfig,
    recorder: EventRecorder,
    topology: CpuTopology,
  ) {
    this.sink = new CaptureSink(recorder);
    const nr = x86NrIrqs({ era: 'current', nrCpuIds: cfg.cpus, ioapics: cfg.ioapics, legacyPic: true, nrIrqsCompile: cfg.kernel.nrIrqs ?? undefined });
    // Before v3.15 x86 had no arch_dynirq_lower_bound; GSIs 16-23 are taken at pin setup.
    this.space = new IrqNumberSpace({ policy: cfg.kernel.descriptors, nrIrqsCompile: nr.NR_IRQS, nrIrqs: nr.nrIrqs, preallocated: nr.preallocated, sink: recorder });
    this.dom = new LegacyVectorDomain(
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
    );
    // The IO-APIC takes the ISA irqs over while CPU 0 is alone: the domain shrinks to CPU 0
    // with nothing to clean up. The secondaries then free 0x30+irq in __setup_vector_irq
    // (only the XT-PIC irqs keep it on every CPU).
    if (cfg.ioapics > 0) for (let irq = 0; irq < 16; irq++) if (irq !== 2) this.dom.alloc(irq, 1, 'legacy', -1);
    for (const cpu of [...cfg.online].sort((a, b) => a - b)) if (cpu !== 0) this.dom.cpu_online(cpu);
    // The drivers' request_irq come later in boot, with every CPU up (the timer's is
    // IRQF_NOBALANCING, so its affinity stays the default too).
    for (const [irq, name] of BOOT_ISA_HANDLERS) this.addAction(irq, name);
    this.handleCleanupIpis();
  }

  private addAction(irq: number, name: string): number {
    const list = this.actions.get(irq) ?? [];
    if (list.length === 0) {
      const r = this.dom.request(irq);
      if (r < 0) return r;
    }
    list.push(name);
    this.actions.set(irq, list);
    return 0;
  }

  /** Cleanup IPIs are handled right away on the CPUs that got one. */
  private handleCleanupIpis(): void {
    for (let c = 0; c < this.cfg.cpus; c++) if (this.dom.cleanupIpi[c]) this.dom.cleanup(c);
  }

  private done<T>(r: Result<T>): Result<T> {
    this.handleCleanupIpis();
    return r;
  }

  cpuOffline(cpu: number): Result {
    if (!this.dom.isOnline(cpu)) return OK;
    if (cpu === 0) return refused(-EBUSY, errnoName(-EBUSY), 'CPU 0 cannot go offline on this x86 machine (no BSP hotplug)');
    this.sink.lastRefusal = '';
    const r = this.dom.cpu_offline(cpu);
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
    const r = this.dom.cpu_online(cpu);
    return this.done(r < 0 ? refused(r, errnoName(r), `cpu_up(${cpu}) failed`) : OK);
  }

  msiAlloc(dev: PciFunction, kind: 'msi' | 'msix', vectors: VectorRequest[]): Result<number[]> {
    let want = vectors;
    if (kind === 'msi' && vectors.length > 1 && !this.cfg.remapping) {
      this.sink.emit({ type: 'log', level: 'warn', site: 'pci_alloc_irq_vectors', message: `${dev.bdf}: Multi-MSI needs interrupt remapping on x86: 1 of ${vectors.length} vectors granted` });
      want = vectors.slice(0, 1);
    }
    const irqs: number[] = [];
    for (const v of want) {
      const irq = this.space.allocFrom(0, 1);
      if (irq < 0) return this.fail(dev, irqs, refused(irq, errnoName(irq), 'no IRQ descriptor left (__irq_alloc_descs)'));
      const r = this.dom.alloc(irq, 1, v.managed ? 'managed' : 'msi', -1, v.managed && v.affinity ? [v.affinity] : undefined);
      if (r < 0) {
        this.space.free(irq, 1);
        return this.fail(dev, irqs, refused(r, errnoName(r), '__assign_irq_vector found no free vector on any online CPU (vectors are taken at allocation before v4.15)'));
      }
      irqs.push(irq);
    }
    return this.done(ok(irqs));
  }

  private fail(dev: PciFunction, irqs: number[], r: Result<never>): Result<number[]> {
    this.msiFree(dev, irqs);
    return r;
  }

  msiFree(_dev: PciFunction, irqs: number[]): void {
    for (const irq of irqs) {
      this.dom.free(irq, 1);
      this.space.free(irq, 1);
      this.counts.delete(irq);
    }
    this.handleCleanupIpis();
  }

  intxMap(dev: PciFunction, line: number): Result<number> {
    if (this.cfg.ioapics === 0) return refused(-ENODEV, errnoName(-ENODEV), `${dev.id}: no IO-APIC for the PCI INTx line`);
    const pin = PCI_INTX_PIN_BASE + line;
    if (this.pinUsers.get(pin) === 0) {
      const irq = this.space.alloc(pin, pin, 1);
      const r = irq < 0 ? irq : this.dom.alloc(pin, 1, 'msi', -1);
      if (r < 0) {
        if (irq >= 0) this.space.free(pin, 1);
        this.pinUsers.put(pin);
        return refused(r, errnoName(r), irq < 0 ? `IRQ ${pin} for IO-APIC pin ${pin} is taken` : `no vector for IO-APIC pin ${pin} (__assign_irq_vector)`);
      }
      this.dom.irqs.get(pin)!.chip = this.cfg.remapping ? 'IR-IO-APIC' : 'IO-APIC';
    }
    return this.done(ok(pin));
  }

  intxDispose(dev: PciFunction, irq: number): void {
    if (this.pinUsers.put(irq) > 0) return;
    this.msiFree(dev, [irq]);
  }

  requestIrq(irq: number, name: string, _devId: string, shared: boolean): Result {
    if ((this.actions.get(irq)?.length ?? 0) > 0 && !shared) return refused(-EBUSY, errnoName(-EBUSY), `irq ${irq} is already requested (__setup_irq: not shared)`);
    const r = this.addAction(irq, name);
    return this.done(r < 0 ? refused(r, errnoName(r), `request_irq(${irq}) failed`) : OK);
  }

  freeIrq(irq: number, devId: string): void {
    const list = this.actions.get(irq) ?? [];
    const i = list.findIndex((n) => n === devId || n.startsWith(devId));
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) {
      this.actions.delete(irq);
      this.dom.free_irq(irq);
    }
    this.handleCleanupIpis();
  }

  setAffinity(irq: number, cpus: number[]): Result {
    const r = this.dom.set_affinity(irq, cpus);
    if (r === 0) return this.done(OK);
    const why = r === -5 ? 'managed interrupts and the XT-PIC have no user-settable affinity (write_irq_affinity)' : 'irq_select_affinity_usr found no CPU';
    return this.done(refused(r, errnoName(r), why));
  }

  fire(irq: number): Result {
    const d = this.dom.irqs.get(irq);
    if (!d) return refused(-ENODEV, errnoName(-ENODEV), `irq ${irq} has no descriptor`);
    if (!d.vector || !d.started) return refused(-EINVAL, errnoName(-EINVAL), `irq ${irq} is not started`);
    const cpu = d.destApicid;
    const r = this.dom.fire(irq, cpu, d.vector);
    if (r < 0) return refused(r, errnoName(r), `the interrupt could not be delivered on CPU ${cpu}`);
    let c = this.counts.get(irq);
    if (!c) this.counts.set(irq, (c = new Uint32Array(this.cfg.cpus)));
    c[cpu]++;
    return this.done(OK);
  }

  vmLaunch(_id: string, _vcpus: number, type: 'kvm' | 'xen'): Result<number> {
    return x86VmLaunch(type);
  }

  vmDestroy(): void {}

  fillSnapshot(s: Snapshot): void {
    const n = this.cfg.cpus;
    const cells = new Uint8Array(n * NR_VECTORS);
    const owner = new Int32Array(n * NR_VECTORS).fill(-1);
    const used = new Uint32Array(n);
    const system = new Set(V414_SYSTEM_VECTORS);
    let free = 0;
    for (let cpu = 0; cpu < n; cpu++) {
      s.cpus.online[cpu] = this.dom.isOnline(cpu) ? 1 : 0;
      for (let v = 0; v < NR_VECTORS; v++) {
        const i = cpu * NR_VECTORS + v;
        const irq = this.dom.slot(cpu, v);
        if (v < 32) cells[i] = CELL.exception;
        else if (system.has(v) || v >= 239) cells[i] = CELL.system;
        else if (irq === VECTOR_UNUSED) {
          if (this.dom.isOnline(cpu)) free++;
        } else if (irq >= 0) {
          owner[i] = irq;
          const d = this.dom.irqs.get(irq);
          used[cpu]++;
          cells[i] = d && isPendingOldVector(d, cpu, v) ? CELL.moving : d?.chip === 'XT-PIC' ? CELL.legacy : d?.managed ? CELL.allocatedManaged : CELL.allocated;
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
    s.descriptors = {
      policy: this.space.policy,
      limit: this.space.limit,
      nrIrqs: this.space.nrIrqs,
      allocated: this.space.allocatedCount,
      ranges: Int32Array.from(this.space.ranges().flat()),
    };
    s.domains = [];
    const rows: IrqRow[] = [];
    for (const irq of this.dom.activeIrqs()) {
      const d = this.dom.irqs.get(irq)!;
      const c = this.counts.get(irq);
      rows.push({
        irq,
        name: (this.actions.get(irq) ?? []).join(', '),
        device: null,
        index: 0,
        levels: [{ domain: '', hwirq: irq, chip: d.chip }],
        affinity: formatPbl(d.affinity, n),
        effective: formatPbl(d.effective, n),
        vector: d.vector,
        cpu: d.vector ? d.destApicid : -1,
        managed: d.managed,
        state: [d.started ? 'IRQD_IRQ_STARTED' : '', d.managedShutdown ? 'IRQD_MANAGED_SHUTDOWN' : '', d.movePending ? 'IRQD_SETAFFINITY_PENDING' : ''].filter(Boolean),
        count: c ? c.reduce((a, b) => a + b, 0) : 0,
      });
    }
    s.irqs = rows;
  }

  textViews(): string[] {
    return ['/proc/interrupts'];
  }

  text(path: string): string | null {
    if (path !== '/proc/interrupts') return null;
    const online: number[] = [];
    for (let c = 0; c < this.cfg.cpus; c++) if (this.dom.isOnline(c)) online.push(c);
    const rows: ProcIrqRow[] = this.dom.activeIrqs().map((irq) => {
      const d = this.dom.irqs.get(irq)!;
      const ioapic = d.chip.endsWith('IO-APIC');
      // ISA irqs on the IO-APIC: the PC's source overrides (irq 0 on pin 2, the SCI level).
      const isa = ioapic && irq < 16 ? isaIrqPin(irq) : null;
      return {
        irq,
        counts: this.counts.get(irq) ?? new Uint32Array(this.cfg.cpus),
        chip: d.chip,
        hwirq: d.chip === 'XT-PIC' ? null : (isa?.pin ?? irq),
        level: false,
        handlerName: d.chip === 'XT-PIC' ? 'XT-PIC' : ioapic && (irq >= 16 || isa?.level) ? 'fasteoi' : 'edge',
        actions: this.actions.get(irq) ?? [],
      };
    });
    return showInterrupts({ nrIrqs: this.space.nrIrqs, online, rows, showLevel: false, arch: x86ArchLines(this.cfg.cpus) });
  }
}
