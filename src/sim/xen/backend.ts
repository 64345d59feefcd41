// A Linux Xen domain as the engine's ArchBackend: every interrupt is an event channel bound
// to a Linux IRQ (drivers/xen/events/events_base.c): per-CPU VIRQs and IPIs, PIRQs for GSIs
// (arch/x86/pci/xen.c, acpi_register_gsi_xen) and for PCI MSI/MSI-X (xen_setup_msi_irqs ->
// xen_bind_pirq_msi_to_irq), and interdomain channels for the backends of guests.
// request_irq / free_irq / affinity writes are the shared genirq core's (kernel/irq/manage.c),
// on descriptors whose chips are Xen's (chips.ts); an HVM guest's /proc/interrupts has the HYP
// row of arch/x86/kernel/irq.c (every event arrives through HYPERVISOR_CALLBACK_VECTOR).
// Not modelled: KVM inside a Xen domain, managed affinity spreading of PIRQs (Xen binds
// them to vCPU 0 and moves them only on an affinity write), IO-APIC vectors (Xen owns them).
import type { CpuTopology } from '../core/affinity';
import { cpumaskOf } from '../core/cpumask';
import { freeIrq, requestIrq, writeIrqAffinity } from '../core/manage';
import { interruptTable, tableLines, x86ArchLines, type TextTable } from '../core/proc_interrupts';
import { irqRow, procRows } from '../engine/genirq_views';
import type { ArchBackend, PciFunction, Result, VectorRequest } from '../engine/backend';
import { OK, ok, refused } from '../engine/backend';
import type { EventRecorder } from '../engine/recorder';
import { EBUSY, EINVAL, EIO, ENODEV, ENOSYS, errnoName } from '../lib/errno';
import type { MachineConfig } from '../scenario/schema';
import type { IrqRow, Snapshot } from '../snapshot';
import { XenDomain } from './domain';
import { formatEvtchnList } from './dump';
import type { IrqInfo } from './events_base';

/** PCI INTA..INTD of the host bridge are wired to IO-APIC pins 16..19 (GSIs 16..19). */
const PCI_GSI_BASE = 16;
/** Xen hands out MSI pirqs from the top of dom0's pirq space downwards (get_free_pirq). */
const MSI_PIRQ_TOP = 1023;

export const XEN_EVTCHN_VIEW = '/sys/kernel/debug/xen/event-channels';

export class XenBackend implements ArchBackend {
  readonly arch = 'x86_64' as const;
  readonly xen: XenDomain;
  private readonly online: Uint8Array;
  /** irq_stats(cpu)->irq_hv_callback_count: upcalls through the callback vector (HVM). */
  private readonly hypCounts: Uint32Array;
  /** Users of each GSI PIRQ (device ids), for the mappingRefcount policy. */
  private readonly gsiUsers = new Map<number, string[]>();
  private readonly domids = new Map<string, number>();
  private nextDomid = 1;
  private nextMsiPirq = MSI_PIRQ_TOP;

  constructor(
    private readonly cfg: MachineConfig,
    recorder: EventRecorder,
    _topology: CpuTopology,
  ) {
    const x = cfg.xen!;
    this.xen = new XenDomain({
      role: x.role,
      abi: x.evtchnAbi,
      xenIrqs: cfg.kernel.xenIrqs,
      cpus: cfg.cpus,
      online: cfg.online,
      ioapics: cfg.ioapics,
      descriptors: cfg.kernel.descriptors,
      nrIrqs: cfg.kernel.nrIrqs ?? undefined,
      sink: recorder,
    });
    this.online = new Uint8Array(cfg.cpus);
    this.hypCounts = new Uint32Array(cfg.cpus);
    for (const c of cfg.online) this.online[c] = 1;
    this.xen.boot();
    // The boot-time bindings have their handlers installed at once (bind_*_to_irqhandler).
    this.requestBindings();
  }

  private get core() {
    return this.xen.core;
  }

  private onlineCpus(): number[] {
    const out: number[] = [];
    this.online.forEach((v, c) => v && out.push(c));
    return out;
  }

  cpuOffline(cpu: number): Result {
    if (!this.online[cpu]) return OK;
    if (cpu === 0) return refused(-EBUSY, errnoName(-EBUSY), 'CPU 0 cannot be offlined in a Xen PV domain (xen_pv_cpu_disable refuses the boot CPU)');
    if (this.onlineCpus().length === 1) return refused(-EBUSY, errnoName(-EBUSY), 'the last online CPU cannot go offline (cpu_down)');
    // Event channels notifying this vCPU are rebound to CPU 0 (xen_cpu_disable -> fixup_irqs).
    for (const info of this.xen.events.irqInfo.values()) {
      if (info.cpu === cpu && info.type !== 'VIRQ' && info.type !== 'IPI') this.xen.events.rebindToCpu(info.irq, 0);
    }
    this.xen.cpuOffline(cpu);
    this.online[cpu] = 0;
    this.syncActions();
    return OK;
  }

  cpuOnline(cpu: number): Result {
    if (this.online[cpu]) return OK;
    const r = this.xen.cpuOnline(cpu);
    if (r < 0) return refused(r, errnoName(r), `binding CPU ${cpu}'s VIRQs and IPIs failed (xen_cpu_up_prepare_pv)`);
    this.online[cpu] = 1;
    this.syncActions();
    return OK;
  }

  msiAlloc(dev: PciFunction, kind: 'msi' | 'msix', vectors: VectorRequest[]): Result<number[]> {
    const irqs: number[] = [];
    for (let i = 0; i < vectors.length; i++) {
      const irq = this.xen.events.bindPirqMsiToIrq(this.nextMsiPirq--, `${dev.id}[${i}]`, kind === 'msix');
      if (irq < 0) {
        this.msiFree(dev, irqs);
        return refused(irq, errnoName(irq), `no Linux IRQ for ${dev.id}'s MSI pirq (xen_bind_pirq_msi_to_irq)`);
      }
      irqs.push(irq);
    }
    return ok(irqs);
  }

  msiFree(_dev: PciFunction, irqs: number[]): void {
    for (const irq of irqs) this.xen.events.unbindFromIrq(irq);
  }

  intxMap(dev: PciFunction, line: number): Result<number> {
    const gsi = PCI_GSI_BASE + line;
    const irq = this.xen.events.bindPirqGsiToIrq(gsi, dev.id);
    if (irq < 0) {
      return refused(irq, errnoName(irq), `GSI ${gsi} could not get its IRQ ${gsi} (xen_allocate_irq_gsi); see the failure event for who holds it`);
    }
    const users = this.gsiUsers.get(irq) ?? [];
    users.push(dev.id);
    this.gsiUsers.set(irq, users);
    return ok(irq);
  }

  intxDispose(dev: PciFunction, irq: number): void {
    const users = (this.gsiUsers.get(irq) ?? []).filter((u) => u !== dev.id);
    if (this.cfg.kernel.mappingRefcount && users.length > 0) {
      this.gsiUsers.set(irq, users);
      return;
    }
    this.gsiUsers.delete(irq);
    if (this.xen.events.irqInfo.has(irq)) this.xen.events.unbindFromIrq(irq);
  }

  requestIrq(irq: number, name: string, devId: string, shared: boolean): Result {
    const info = this.xen.events.irqInfo.get(irq);
    if (!info) return refused(-EINVAL, errnoName(-EINVAL), `irq ${irq} has no Xen binding (request_irq: no descriptor)`);
    const desc = this.core.irqToDesc(irq);
    if (desc && desc.actions.length > 0 && !shared) return refused(-EBUSY, errnoName(-EBUSY), `irq ${irq} is already requested by ${desc.actions[0].name} (__setup_irq: not shared)`);
    // startup_pirq prints its error and carries on; the engine refuses the request instead.
    if (info.type === 'PIRQ' && info.evtchn === 0 && desc?.actions.length === 0) {
      const port = this.xen.events.startupPirq(irq);
      if (port < 0) return refused(port, errnoName(port), `no event channel for the PIRQ (startup_pirq: EVTCHNOP_bind_pirq)`);
    }
    const r = requestIrq(this.core, irq, name, devId, shared);
    if (r < 0) return refused(r, errnoName(r), `request_irq(${irq}, "${name}") failed in __setup_irq`);
    return OK;
  }

  freeIrq(irq: number, devId: string): void {
    const desc = this.core.irqToDesc(irq);
    if (desc?.actions.some((a) => a.devId === devId)) freeIrq(this.core, irq, devId);
  }

  setAffinity(irq: number, cpus: number[]): Result {
    if (!cpus.some((c) => this.online[c])) return refused(-EINVAL, errnoName(-EINVAL), 'no CPU of the mask is online (irq_set_affinity)');
    const r = writeIrqAffinity(this.core, irq, cpumaskOf(this.cfg.cpus, cpus));
    if (r === -EIO) return refused(r, errnoName(r), `irq ${irq} cannot be moved: per-CPU VIRQs and IPIs stay on their CPU (xen_percpu_chip has no irq_set_affinity)`);
    if (r < 0) return refused(r, errnoName(r), `irq ${irq} cannot be moved (set_affinity_irq: xen_rebind_evtchn_to_cpu failed)`);
    return OK;
  }

  fire(irq: number): Result {
    const info = this.xen.events.irqInfo.get(irq);
    const desc = this.core.irqToDesc(irq);
    if (!info || info.evtchn === 0 || !desc) {
      return refused(-ENODEV, errnoName(-ENODEV), `irq ${irq} has no bound event channel: the interrupt is lost (evtchn_to_irq has no entry)`);
    }
    desc.countOn(info.cpu);
    if (this.cfg.xen?.role === 'hvm') this.hypCounts[info.cpu]++;
    return OK;
  }

  vmLaunch(id: string, vcpus: number, type: 'kvm' | 'xen'): Result<number> {
    if (type === 'kvm') return refused(-ENOSYS, errnoName(-ENOSYS), 'KVM guests inside a Xen domain are not modelled (the domain has no VMX/SVM of its own)');
    if (this.cfg.xen?.role !== 'dom0') return refused(-EINVAL, errnoName(-EINVAL), 'only dom0 runs the backends of other guests');
    const domid = this.nextDomid++;
    const r = this.xen.launchGuest(domid, vcpus);
    if (!r.ok) return refused(r.errno, errnoName(r.errno), `binding the backend event channels of dom${domid} failed (bind_interdomain_evtchn_to_irq); the guest's channels bound so far are released`);
    this.domids.set(id, domid);
    for (const irq of r.irqs) {
      const info = this.xen.events.irqInfo.get(irq);
      if (info) requestIrq(this.core, irq, info.owner, id, false);
    }
    return ok(r.irqs.length);
  }

  vmDestroy(id: string): void {
    const domid = this.domids.get(id);
    if (domid === undefined) return;
    this.xen.destroyGuest(domid);
    this.domids.delete(id);
  }

  /** Per-CPU bindings (and xenbus) come with their handler: request_irq for each without one. */
  private requestBindings(): void {
    for (const info of this.xen.events.irqInfo.values()) {
      if (info.type === 'PIRQ') continue;
      const desc = this.core.irqToDesc(info.irq);
      if (desc && desc.actions.length === 0) requestIrq(this.core, info.irq, info.owner, info.owner, false);
    }
  }

  private syncActions(): void {
    this.requestBindings();
  }

  /** The GSI of a GSI PIRQ (its IO-APIC pin, the hwirq /proc/interrupts shows), else null. */
  private gsiOf(irq: number): number | null {
    const info: IrqInfo | undefined = this.xen.events.irqInfo.get(irq);
    if (info?.type !== 'PIRQ' || !info.pirq) return null;
    return this.core.irqToDesc(irq)?.name?.startsWith('msi') ? null : info.pirq.gsi;
  }

  fillSnapshot(s: Snapshot): void {
    const ev = this.xen.events;
    s.cpus.online.set(this.online);
    const descs = this.xen.descs;
    const ranges = descs.ranges();
    s.descriptors = {
      policy: descs.policy,
      limit: descs.limit,
      nrIrqs: descs.nrIrqs,
      allocated: descs.allocatedCount,
      ranges: Int32Array.from(ranges.flat()),
      gsiTop: this.xen.nr.gsiTop,
      dynamicStart: this.xen.nr.nrIrqsGsi ?? this.xen.nr.dynirqBase,
    };
    const rows: IrqRow[] = [];
    const channels = [];
    for (const info of [...ev.irqInfo.values()].sort((a, b) => a.irq - b.irq)) {
      const desc = this.core.irqToDesc(info.irq);
      s.cpus.load[info.cpu]++;
      // The core's row of the descriptor; the CPU is the one the port notifies.
      if (desc) rows.push(irqRow(this.core, desc, { vector: -1, cpu: info.cpu }));
      if (info.evtchn) channels.push({ port: info.evtchn, type: info.type, irq: info.irq, cpu: info.cpu, binding: ev.bindingText(info) });
    }
    s.irqs = rows;
    s.xenState = {
      abi: ev.abi,
      limit: ev.maxChannels,
      nrIrqsGsi: this.xen.nr.nrIrqsGsi ?? this.xen.nr.gsiTop,
      nrIrqs: descs.nrIrqs,
      channels: channels.sort((a, b) => a.port - b.port),
    };
  }

  textViews(): string[] {
    return ['/proc/interrupts', XEN_EVTCHN_VIEW];
  }

  text(path: string): string | null {
    const table = this.textTable(path);
    return table === null ? null : [...tableLines(table)].join('');
  }

  textTable(path: string): TextTable | null {
    if (path === XEN_EVTCHN_VIEW) {
      const lines = (formatEvtchnList(this.xen.events) + '\n').split(/(?<=\n)/);
      return { lines: lines.length, line: (i) => lines[i] };
    }
    if (path !== '/proc/interrupts') return null;
    // A GSI PIRQ keeps the IO-APIC pin as its hwirq ("xen-pirq  18-ioapic-level").
    const rows = procRows(this.core, true).map((r) => ({ ...r, hwirq: this.gsiOf(r.irq) }));
    const hvm = this.cfg.xen?.role === 'hvm';
    return interruptTable({
      nrIrqs: this.xen.descs.nrIrqs,
      online: this.onlineCpus(),
      rows,
      showLevel: false,
      arch: x86ArchLines(this.cfg.cpus, { HYP: this.hypCounts }, hvm),
    });
  }
}
