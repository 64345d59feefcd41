// Xen event channels bound to Linux IRQs: drivers/xen/events/events_base.c (read: v6.6, X1 in
// kernel-model.md) — irq_info, evtchn_to_irq, per-CPU virq_to_irq / ipi_to_irq,
// bind_virq_to_irq, bind_ipi_to_irq, bind_evtchn_to_irq, bind_interdomain_evtchn_to_irq,
// xen_bind_pirq_gsi_to_irq, startup_pirq / shutdown_pirq, __unbind_from_irq, xen_free_irq —
// with the IRQ numbering of the `xenIrqs` policy (irq_alloc.ts). Descriptors and actions are
// the shared genirq core's: each bound IRQ's descriptor carries xen_dynamic_chip,
// xen_percpu_chip or xen_pirq_chip (chips.ts), its flow handler and desc->name, so request_irq /
// free_irq / affinity go through kernel/irq/manage.c like every other backend.
import { cpumaskClear } from '../core/cpumask';
import type { Genirq } from '../core/genirq';
import type { IrqNumberSpace } from '../core/irqdesc';
import { IRQD_NO_BALANCING, IRQD_PER_CPU, irqdSet } from '../core/irqdata';
import { XEN_DYNAMIC_CHIP, XEN_PERCPU_CHIP, XEN_PIRQ_CHIP } from './chips';
import type { XenEventSink, XenIrqKind } from '../events/xen';
import { EEXIST, EINVAL, ENOMEM } from '../lib/errno';
import { ECS_INTERDOMAIN, ECS_IPI, ECS_PIRQ, ECS_VIRQ, PortSpace, evtchnMaxChannels, type EvtchnAbi } from './abi';
import { EvtchnToIrq } from './evtchn_to_irq';
import { allocateIrqDynamic, allocateIrqGsi, type IrqAllocContext } from './irq_alloc';
import { IPI_NAMES, NR_VIRQS, VIRQ_NAMES, XEN_NR_IPIS, perCpuBindings, type XenIrqsPolicy, type XenRole } from './percpu';

/** struct irq_info (the fields we model). evtchn 0 = no port (VALID_EVTCHN is port != 0). */
export interface IrqInfo {
  type: XenIrqKind;
  irq: number;
  evtchn: number;
  cpu: number;
  /** -1: not reference counted (only the user evtchn device makes channels refcounted). */
  refcnt: number;
  virq?: number;
  ipi?: number;
  pirq?: { pirq: number; gsi: number; domid: number };
  interdomain?: { domid: number; remotePort: number };
  /** Handler / user name ("timer0", "vif1.0-q0-tx", a device id). */
  owner: string;
}

export interface XenEventsOptions {
  core: Genirq;
  role: XenRole;
  abi: EvtchnAbi;
  xenIrqs: XenIrqsPolicy;
  /** nr_cpu_ids. */
  nrCpus: number;
  /** 2011 only: nr_irqs_gsi. */
  nrIrqsGsi?: number;
  /** nr_legacy_irqs(): 16 with a PIC (dom0, HVM), 0 for a PV domU. */
  nrLegacyIrqs?: number;
  /** Domain's port limit if lower than the ABI's (Xen's max_evtchn_port + 1). */
  maxPorts?: number;
  sink?: XenEventSink | null;
}

export class XenEvents {
  readonly role: XenRole;
  readonly abi: EvtchnAbi;
  readonly policy: XenIrqsPolicy;
  readonly nrCpus: number;
  /** xen_evtchn_max_channels(). */
  readonly maxChannels: number;
  readonly core: Genirq;
  readonly descs: IrqNumberSpace;
  readonly ports: PortSpace;
  readonly evtchnToIrq: EvtchnToIrq;
  readonly irqInfo = new Map<number, IrqInfo>();
  /** per_cpu(virq_to_irq, cpu)[virq] at cpu * NR_VIRQS + virq; -1 = none. */
  readonly virqToIrq: Int32Array;
  /** per_cpu(ipi_to_irq, cpu)[ipi] at cpu * XEN_NR_IPIS + ipi; -1 = none. */
  readonly ipiToIrq: Int32Array;
  readonly cpuBound: Uint8Array;
  sink: XenEventSink | null;
  private ctx: IrqAllocContext;
  private gsiToIrq = new Map<number, number>();

  constructor(o: XenEventsOptions) {
    this.role = o.role;
    this.abi = o.abi;
    this.policy = o.xenIrqs;
    this.nrCpus = o.nrCpus;
    this.core = o.core;
    this.descs = o.core.space;
    this.sink = o.sink ?? null;
    this.maxChannels = evtchnMaxChannels(o.abi);
    this.ports = new PortSpace(Math.min(this.maxChannels, o.maxPorts ?? Infinity));
    this.evtchnToIrq = new EvtchnToIrq(this.maxChannels);
    this.virqToIrq = new Int32Array(o.nrCpus * NR_VIRQS).fill(-1);
    this.ipiToIrq = new Int32Array(o.nrCpus * XEN_NR_IPIS).fill(-1);
    this.cpuBound = new Uint8Array(o.nrCpus);
    this.ctx = {
      core: o.core,
      policy: o.xenIrqs,
      role: o.role,
      nrIrqsGsi: o.nrIrqsGsi ?? 16,
      nrLegacyIrqs: o.nrLegacyIrqs ?? (o.role === 'pv' ? 0 : 16),
      sink: this.sink,
      panicked: false,
    };
  }

  /** The 2011 allocator panicked: the real kernel would be dead from here on. */
  get panicked(): boolean {
    return this.ctx.panicked;
  }

  get nrLegacyIrqs(): number {
    return this.ctx.nrLegacyIrqs;
  }

  // ---- CPU hotplug ----

  /** CPU up (xen_cpu_up_prepare_*): bind that CPU's VIRQs and IPIs (percpu.ts). 0 or -errno. */
  cpuUp(cpu: number): number {
    if (!this.validCpu(cpu, 'xen_cpu_up_prepare')) return -EINVAL;
    for (const b of perCpuBindings(cpu, this.role, this.policy)) {
      const r = b.kind === 'VIRQ' ? this.bindVirqToIrq(b.nr, cpu, b.name) : this.bindIpiToIrq(b.nr, cpu, b.name);
      if (r < 0) return r;
    }
    this.cpuBound[cpu] = 1;
    return 0;
  }

  /** CPU dead (xen_cpu_dead_*): xen_smp_intr_free, xen_uninit_lock_cpu, xen_teardown_timer. */
  cpuDead(cpu: number): void {
    if (!this.validCpu(cpu, 'xen_cpu_dead')) return;
    for (let v = 0; v < NR_VIRQS; v++) {
      const irq = this.virqToIrq[cpu * NR_VIRQS + v];
      if (irq >= 0) this.unbindFromIrq(irq);
    }
    for (let i = 0; i < XEN_NR_IPIS; i++) {
      const irq = this.ipiToIrq[cpu * XEN_NR_IPIS + i];
      if (irq >= 0) this.unbindFromIrq(irq);
    }
    this.cpuBound[cpu] = 0;
  }

  // ---- bindings ----

  /** bind_virq_to_irq(virq, cpu): the CPU's existing IRQ for it, or a new IRQ + port. */
  bindVirqToIrq(virq: number, cpu: number, owner: string): number {
    if (!this.validCpu(cpu, 'bind_virq_to_irq') || virq < 0 || virq >= NR_VIRQS) return -EINVAL;
    const slot = cpu * NR_VIRQS + virq;
    if (this.virqToIrq[slot] >= 0) return this.virqToIrq[slot];
    const irq = allocateIrqDynamic(this.ctx, `binding ${VIRQ_NAMES[virq] ?? `VIRQ ${virq}`} for CPU ${cpu}`);
    if (irq < 0) return this.noIrq('bind_virq_to_irq', irq, owner);
    const port = this.ports.alloc(ECS_VIRQ, cpu);
    if (port < 0) {
      this.core.freeDescs(irq, 1);
      return this.fail('bind_virq_to_irq', port, `EVTCHNOP_bind_virq for ${owner}: no free port (${this.ports.limit} ports)${this.policy === '2011' ? '; kernel BUG()' : ''}`);
    }
    this.virqToIrq[slot] = irq;
    this.setup({ type: 'VIRQ', irq, evtchn: port, cpu, refcnt: -1, virq, owner }, VIRQ_NAMES[virq] ?? `VIRQ ${virq}`);
    return irq;
  }

  /** bind_ipi_to_irq(ipi, cpu). A failing EVTCHNOP_bind_ipi is a BUG() in the kernel. */
  bindIpiToIrq(ipi: number, cpu: number, owner: string): number {
    if (!this.validCpu(cpu, 'bind_ipi_to_irq') || ipi < 0 || ipi >= XEN_NR_IPIS) return -EINVAL;
    const slot = cpu * XEN_NR_IPIS + ipi;
    if (this.ipiToIrq[slot] >= 0) return this.ipiToIrq[slot];
    const irq = allocateIrqDynamic(this.ctx, `binding ${IPI_NAMES[ipi]} for CPU ${cpu}`);
    if (irq < 0) return this.noIrq('bind_ipi_to_irq', irq, owner);
    const port = this.ports.alloc(ECS_IPI, cpu);
    if (port < 0) {
      this.core.freeDescs(irq, 1);
      return this.fail('bind_ipi_to_irq', port, `EVTCHNOP_bind_ipi for ${owner}: no free port (${this.ports.limit} ports); kernel BUG()`);
    }
    this.ipiToIrq[slot] = irq;
    this.setup({ type: 'IPI', irq, evtchn: port, cpu, refcnt: -1, ipi, owner }, IPI_NAMES[ipi]);
    return irq;
  }

  /**
   * bind_interdomain_evtchn_to_irq: EVTCHNOP_bind_interdomain gives a local port, then
   * bind_evtchn_to_irq maps it (new interdomain events notify vCPU 0). -errno on failure.
   */
  bindInterdomainEvtchnToIrq(domid: number, remotePort: number, owner: string): number {
    const port = this.ports.alloc(ECS_INTERDOMAIN, 0);
    if (port < 0) return this.fail('bind_interdomain_evtchn_to_irq', port, `EVTCHNOP_bind_interdomain (dom${domid} port ${remotePort}) for ${owner}: no free port (${this.ports.limit} ports)`);
    const irq = this.bindEvtchnToIrq(port, owner, { domid, remotePort });
    if (irq < 0) this.ports.close(port);
    return irq;
  }

  /** bind_evtchn_to_irq(port): the port's IRQ, or a new dynamic IRQ for it. */
  bindEvtchnToIrq(port: number, owner: string, remote?: { domid: number; remotePort: number }): number {
    if (port >= this.maxChannels) return this.fail('bind_evtchn_to_irq', -ENOMEM, `port ${port} >= xen_evtchn_max_channels() ${this.maxChannels}`);
    const existing = this.evtchnToIrq.get(port);
    if (existing !== -1) {
      if (this.irqInfo.get(existing)?.type !== 'EVTCHN') this.warn('bind_evtchn_to_irq', `port ${port} is bound to IRQ ${existing}, which is not an event-channel IRQ`);
      return existing;
    }
    const irq = allocateIrqDynamic(this.ctx, `binding event channel ${port} (${owner})`);
    if (irq < 0) return this.noIrq('bind_evtchn_to_irq', irq, owner);
    const binding = remote ? `dom${remote.domid} port ${remote.remotePort}` : `port ${port}`;
    this.setup({ type: 'EVTCHN', irq, evtchn: port, cpu: 0, refcnt: -1, interdomain: remote, owner }, binding);
    return irq;
  }

  /**
   * xen_bind_pirq_gsi_to_irq(gsi, pirq = gsi for dom0): an existing IRQ for the GSI is returned
   * (the kernel logs "xen_map_pirq_gsi: returning irq %d for gsi %u"); otherwise the GSI's own
   * number is allocated (xen_allocate_irq_gsi). No port yet: that comes at startup_pirq.
   * A number already taken is -EEXIST, reported as a failure naming both users.
   */
  bindPirqGsiToIrq(gsi: number, owner: string): number {
    const known = this.gsiToIrq.get(gsi);
    if (known !== undefined) {
      this.sink?.emit({ type: 'log', level: 'info', site: 'xen_bind_pirq_gsi_to_irq', message: `xen_map_pirq_gsi: returning irq ${known} for gsi ${gsi}` });
      return known;
    }
    const irq = allocateIrqGsi(this.ctx, gsi);
    if (irq < 0) {
      if (irq === -EEXIST) return this.fail('xen_allocate_irq_gsi', irq, `GSI ${gsi} (${owner}) needs IRQ ${gsi}, but IRQ ${gsi} is taken by ${this.describeHolder(gsi)}`);
      return this.fail('xen_allocate_irq_gsi', irq, `no IRQ for GSI ${gsi} (${owner})`);
    }
    this.gsiToIrq.set(gsi, irq);
    this.setup({ type: 'PIRQ', irq, evtchn: 0, cpu: 0, refcnt: -1, pirq: { pirq: gsi, gsi, domid: 0 }, owner }, `gsi ${gsi}`);
    return irq;
  }

  /**
   * xen_bind_pirq_msi_to_irq: a PCI MSI/MSI-X vector that Xen mapped to `pirq`
   * (PHYSDEVOP_map_pirq, MAP_PIRQ_TYPE_MSI) gets a dynamic IRQ; its port comes at
   * startup_pirq, as for GSIs. Returns the IRQ or -errno.
   */
  bindPirqMsiToIrq(pirq: number, owner: string, msix = false): number {
    const irq = allocateIrqDynamic(this.ctx, `binding MSI pirq ${pirq} (${owner})`);
    if (irq < 0) return this.noIrq('xen_bind_pirq_msi_to_irq', irq, owner);
    this.setup({ type: 'PIRQ', irq, evtchn: 0, cpu: 0, refcnt: -1, pirq: { pirq, gsi: 0, domid: 0 }, owner }, `msi pirq ${pirq}`, msix ? 'msi-x' : 'msi');
    return irq;
  }

  /** EVTCHNOP_bind_vcpu (xen_rebind_evtchn_to_cpu): the port now notifies `cpu`. */
  rebindToCpu(irq: number, cpu: number): number {
    const info = this.irqInfo.get(irq);
    if (!info) return -EINVAL;
    if (!this.validCpu(cpu, 'xen_rebind_evtchn_to_cpu')) return -EINVAL;
    // Per-CPU VIRQs and IPIs are bound to their CPU for good.
    if (info.type === 'VIRQ' || info.type === 'IPI') return -EINVAL;
    info.cpu = cpu;
    if (info.evtchn !== 0) this.ports.setVcpu(info.evtchn, cpu);
    // bind_evtchn_to_cpu + set_affinity_irq: the effective affinity is the notified vCPU.
    const eff = this.core.irqToDesc(irq)?.common.effectiveAffinity;
    if (eff) {
      cpumaskClear(eff);
      eff[cpu >>> 5] |= 1 << (cpu & 31);
    }
    return 0;
  }

  /** startup_pirq: EVTCHNOP_bind_pirq gives the PIRQ its port (request_irq). Port or -errno. */
  startupPirq(irq: number): number {
    const info = this.irqInfo.get(irq);
    if (!info || info.type !== 'PIRQ') {
      this.warn('startup_pirq', `IRQ ${irq} is not a PIRQ`);
      return -EINVAL;
    }
    if (info.evtchn !== 0) return info.evtchn;
    const port = this.ports.alloc(ECS_PIRQ, 0);
    if (port < 0) return this.fail('startup_pirq', port, `Failed to obtain physical IRQ ${irq}`);
    this.mapPort(info, port);
    return port;
  }

  /** shutdown_pirq: close the PIRQ's port, keep the IRQ. */
  shutdownPirq(irq: number): void {
    const info = this.irqInfo.get(irq);
    if (!info || info.type !== 'PIRQ' || info.evtchn === 0) return;
    this.unmapPort(info);
  }

  /**
   * unbind_from_irq / __unbind_from_irq + xen_free_irq: close the port, clear the per-CPU and
   * evtchn_to_irq entries, free irq_info and the descriptor (legacy IRQs keep theirs).
   */
  unbindFromIrq(irq: number): void {
    const info = this.irqInfo.get(irq);
    if (!info) {
      this.warn('xen_free_irq', `IRQ ${irq} has no irq_info`);
      return;
    }
    if (info.evtchn !== 0) this.unmapPort(info);
    if (info.type === 'VIRQ') this.virqToIrq[info.cpu * NR_VIRQS + (info.virq ?? 0)] = -1;
    if (info.type === 'IPI') this.ipiToIrq[info.cpu * XEN_NR_IPIS + (info.ipi ?? 0)] = -1;
    if (info.type === 'PIRQ' && info.pirq) this.gsiToIrq.delete(info.pirq.gsi);
    this.irqInfo.delete(irq);
    this.sink?.emit({ type: 'xen_irq_unbind', irq, kind: info.type, binding: this.bindingText(info) });
    if (!(info.type === 'PIRQ' && irq < this.ctx.nrLegacyIrqs)) {
      this.core.freeDescs(irq, 1);
      return;
    }
    // A legacy GSI keeps the arch's preallocated descriptor, without Xen's chip.
    const desc = this.core.irqToDesc(irq);
    if (!desc) return;
    desc.actions.length = 0;
    desc.irqData.chip = null;
    desc.irqData.chipData = null;
    desc.handler = 'handle_bad_irq';
    desc.name = null;
  }

  /** IRQ bound to a port, or -1 (get_evtchn_to_irq). */
  irqFromEvtchn(port: number): number {
    return this.evtchnToIrq.get(port);
  }

  /** Text of what a binding is, for listings and messages. */
  bindingText(info: IrqInfo): string {
    switch (info.type) {
      case 'VIRQ':
        return `${VIRQ_NAMES[info.virq ?? -1] ?? `VIRQ ${info.virq}`} cpu ${info.cpu}`;
      case 'IPI':
        return `${IPI_NAMES[info.ipi ?? -1]} cpu ${info.cpu}`;
      case 'PIRQ':
        return `pirq ${info.pirq?.pirq} gsi ${info.pirq?.gsi}`;
      case 'EVTCHN':
        return info.interdomain ? `dom${info.interdomain.domid} port ${info.interdomain.remotePort}` : `port ${info.evtchn}`;
    }
  }

  // ---- internals ----

  /**
   * xen_irq_init + irq_set_chip_and_handler_name: the descriptor gets its Xen chip, flow
   * handler and name; per-CPU VIRQs and IPIs are IRQD_PER_CPU | IRQD_NO_BALANCING
   * (IRQF_PERCPU | IRQF_NOBALANCING of bind_*_to_irqhandler) and affine to their CPU.
   */
  private setup(info: IrqInfo, binding: string, pirqName = 'ioapic-level'): void {
    this.irqInfo.set(info.irq, info);
    const desc = this.core.irqToDesc(info.irq);
    if (desc) {
      const d = desc.irqData;
      d.chipData = this;
      const eff = desc.common.effectiveAffinity;
      cpumaskClear(eff);
      eff[info.cpu >>> 5] |= 1 << (info.cpu & 31);
      if (info.type === 'VIRQ' || info.type === 'IPI') {
        d.chip = XEN_PERCPU_CHIP;
        desc.handler = 'handle_percpu_irq';
        desc.name = info.type === 'VIRQ' ? 'virq' : 'ipi';
        irqdSet(d, IRQD_PER_CPU | IRQD_NO_BALANCING);
        desc.common.affinity.set(eff);
      } else if (info.type === 'EVTCHN') {
        d.chip = XEN_DYNAMIC_CHIP;
        desc.handler = 'handle_edge_irq';
        desc.name = 'event';
      } else {
        d.chip = XEN_PIRQ_CHIP;
        desc.handler = pirqName.startsWith('msi') ? 'handle_edge_irq' : 'handle_fasteoi_irq';
        desc.name = pirqName;
      }
    }
    this.sink?.emit({ type: 'xen_irq_bind', irq: info.irq, kind: info.type, cpu: info.cpu, binding, owner: info.owner });
    if (info.evtchn !== 0) {
      const port = info.evtchn;
      info.evtchn = 0;
      this.mapPort(info, port);
    }
  }

  private mapPort(info: IrqInfo, port: number): void {
    info.evtchn = port;
    this.evtchnToIrq.set(port, info.irq);
    this.sink?.emit({ type: 'xen_evtchn_bind', port, irq: info.irq, kind: info.type, cpu: info.cpu });
  }

  private unmapPort(info: IrqInfo): void {
    const port = info.evtchn;
    this.ports.close(port);
    this.evtchnToIrq.set(port, -1);
    info.evtchn = 0;
    this.sink?.emit({ type: 'xen_evtchn_unbind', port, irq: info.irq, kind: info.type });
  }

  private describeHolder(irq: number): string {
    const info = this.irqInfo.get(irq);
    if (!info) return 'another user (not an event channel)';
    const port = info.evtchn !== 0 ? `port ${info.evtchn}, ` : '';
    const how = info.type === 'PIRQ' ? '' : ', a dynamic IRQ that ate into the GSI space';
    return `${info.owner} (${info.type} ${this.bindingText(info)}, ${port}IRQ ${irq}${how})`;
  }

  private validCpu(cpu: number, site: string): boolean {
    if (Number.isInteger(cpu) && cpu >= 0 && cpu < this.nrCpus) return true;
    this.warn(site, `CPU ${cpu} does not exist (nr_cpu_ids ${this.nrCpus})`);
    return false;
  }

  private warn(site: string, message: string): void {
    this.sink?.emit({ type: 'warning', site, message });
  }

  /** A dynamic IRQ could not be had. Under 2011 the panic was already reported. */
  private noIrq(site: string, errno: number, owner: string): number {
    if (this.policy === '2011') return errno;
    return this.fail(site, errno, `no IRQ number for ${owner}`);
  }

  private fail(site: string, errno: number, message: string): number {
    this.sink?.emit({ type: 'failure', site, errno, message });
    return errno;
  }
}
