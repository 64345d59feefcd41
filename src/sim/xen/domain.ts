// A Linux Xen domain's interrupt number space and event channels from boot: early_irq_init
// sized by arch_probe_nr_irqs (2011 io_apic.c or today's vector.c), the per-CPU bindings of
// arch/x86/xen, dom0's legacy PIRQs (arch/x86/pci/xen.c pci_xen_initial_domain), the dom0
// console VIRQ (drivers/tty/hvc/hvc_xen.c), and the backends a guest launch binds.
import { Genirq } from '../core/genirq';
import { IrqNumberSpace, type DescPolicy } from '../core/irqdesc';
import { x86NrIrqs, type X86NrIrqs } from '../core/nr_irqs';
import type { XenEventSink } from '../events/xen';
import { ECS_INTERDOMAIN, type EvtchnAbi } from './abi';
import { xenGuestBackendChannels, type BackendChannel } from './backends';
import { XenEvents } from './events_base';
import { VIRQ_CONSOLE, type XenIrqsPolicy, type XenRole } from './percpu';

export interface XenDomainConfig {
  role: XenRole;
  abi: EvtchnAbi;
  xenIrqs: XenIrqsPolicy;
  /** nr_cpu_ids. */
  cpus: number;
  /** CPUs online at boot (default all). */
  online?: number[];
  /** IO-APICs of 24 pins (dom0, HVM). A PV domU sees none. */
  ioapics: number;
  descriptors?: DescPolicy;
  /** Override of NR_IRQS (scenario `kernel.nrIrqs`). */
  nrIrqs?: number;
  sink?: XenEventSink | null;
}

export interface XenGuest {
  domid: number;
  vcpus: number;
  irqs: number[];
}

export class XenDomain {
  readonly config: XenDomainConfig;
  readonly nr: X86NrIrqs;
  readonly descs: IrqNumberSpace;
  /** The genirq core over `descs`: descriptors, actions, cpu_online_mask. */
  readonly core: Genirq;
  readonly events: XenEvents;
  readonly guests = new Map<number, XenGuest>();
  private online: Set<number>;

  constructor(cfg: XenDomainConfig) {
    this.config = cfg;
    const pv = cfg.role === 'pv';
    this.nr = x86NrIrqs({
      era: cfg.xenIrqs,
      nrCpuIds: cfg.cpus,
      ioapics: pv ? 0 : cfg.ioapics,
      legacyPic: !pv,
      nrIrqsCompile: cfg.nrIrqs,
    });
    // 2011 is v2.6.39: nr_irqs could not grow (no irq_expand_nr_irqs yet) and x86 had no
    // arch_dynirq_lower_bound (v3.15). Today both exist.
    const current = cfg.xenIrqs === 'current';
    this.descs = new IrqNumberSpace({
      policy: cfg.descriptors ?? (current ? 'maple' : 'bitmap'),
      nrIrqsCompile: this.nr.NR_IRQS,
      nrIrqs: this.nr.nrIrqs,
      preallocated: this.nr.preallocated,
      expandable: current,
      dynirqBase: current ? this.nr.dynirqBase : null,
      sink: cfg.sink ?? null,
    });
    const all = Array.from({ length: cfg.cpus }, (_, i) => i);
    this.core = new Genirq({ nrCpus: cfg.cpus, nodes: [all], space: this.descs, sink: cfg.sink ?? null });
    this.events = new XenEvents({
      core: this.core,
      role: cfg.role,
      abi: cfg.abi,
      xenIrqs: cfg.xenIrqs,
      nrCpus: cfg.cpus,
      nrIrqsGsi: this.nr.nrIrqsGsi,
      nrLegacyIrqs: this.nr.preallocated,
      sink: cfg.sink ?? null,
    });
    this.online = new Set(cfg.online ?? all);
    this.online.add(0);
    for (const c of this.online) this.setOnline(c, true);
  }

  /**
   * Boot: each online CPU binds its VIRQs and IPIs (boot CPU first); an HVM guest then binds
   * xenbus to the xenstore port it was given (the dom0 and PV xenbus lines are not modelled); dom0 binds the
   * console VIRQ on CPU 0 ("hvc_console") and registers the legacy GSIs 0..15 as PIRQs
   * (no ports until a driver requests them). Returns 0 or the first error.
   */
  boot(): number {
    // An HVM guest's xenstore channel exists before it runs (the toolstack's
    // EVTCHNOP_alloc_unbound, HVM_PARAM_STORE_EVTCHN): the guest's first port.
    const storePort = this.config.role === 'hvm' ? this.events.ports.alloc(ECS_INTERDOMAIN, 0) : -1;
    for (const cpu of [...this.online].sort((a, b) => a - b)) {
      const r = this.events.cpuUp(cpu);
      if (r < 0) return r;
    }
    if (storePort > 0) {
      // xenbus_probe_initcall -> xs_init: bind_evtchn_to_irqhandler(xen_store_evtchn, ..., "xenbus").
      const r = this.events.bindEvtchnToIrq(storePort, 'xenbus');
      if (r < 0) return r;
    }
    if (this.config.role === 'dom0') {
      const r = this.events.bindVirqToIrq(VIRQ_CONSOLE, 0, 'hvc_console');
      if (r < 0) return r;
      for (let gsi = 0; gsi < this.events.nrLegacyIrqs; gsi++) this.events.bindPirqGsiToIrq(gsi, `legacy GSI ${gsi}`);
    }
    return 0;
  }

  cpuOnline(cpu: number): number {
    const r = this.events.cpuUp(cpu);
    if (r === 0) {
      this.online.add(cpu);
      this.setOnline(cpu, true);
    }
    return r;
  }

  cpuOffline(cpu: number): void {
    this.events.cpuDead(cpu);
    this.online.delete(cpu);
    this.setOnline(cpu, false);
  }

  /** cpu_online_mask of the core. */
  private setOnline(cpu: number, on: boolean): void {
    if (!Number.isInteger(cpu) || cpu < 0 || cpu >= this.config.cpus) return;
    if (on) this.core.online[cpu >>> 5] |= 1 << (cpu & 31);
    else this.core.online[cpu >>> 5] &= ~(1 << (cpu & 31));
  }

  /** Which backend channels a guest of `vcpus` vCPUs needs from this dom0. */
  guestChannels(domid: number, vcpus: number): BackendChannel[] {
    return xenGuestBackendChannels(domid, vcpus, { era: this.config.xenIrqs, dom0Cpus: this.online.size });
  }

  /**
   * vm.launch of type xen: bind every backend channel of the guest. On the first failure the
   * guest's channels bound so far are unbound again and the error is returned.
   */
  launchGuest(domid: number, vcpus: number): { ok: true; irqs: number[] } | { ok: false; errno: number } {
    if (this.guests.has(domid)) return { ok: false, errno: -17 };
    const irqs: number[] = [];
    let remotePort = 1;
    for (const ch of this.guestChannels(domid, vcpus)) {
      const irq = this.events.bindInterdomainEvtchnToIrq(domid, remotePort++, ch.name);
      if (irq < 0) {
        for (const i of irqs) this.events.unbindFromIrq(i);
        return { ok: false, errno: irq };
      }
      irqs.push(irq);
    }
    this.guests.set(domid, { domid, vcpus, irqs });
    return { ok: true, irqs };
  }

  /** vm.destroy: the backends disconnect and unbind. */
  destroyGuest(domid: number): boolean {
    const g = this.guests.get(domid);
    if (!g) return false;
    for (const irq of g.irqs) this.events.unbindFromIrq(irq);
    this.guests.delete(domid);
    return true;
  }

  /** A PCI device's INTx line registers its GSI (acpi_register_gsi_xen) and requests it. */
  registerGsi(gsi: number, owner: string): number {
    const irq = this.events.bindPirqGsiToIrq(gsi, owner);
    if (irq < 0) return irq;
    const port = this.events.startupPirq(irq);
    return port < 0 ? port : irq;
  }

  /** The numbers the scenario output reports under `evtchns`. */
  evtchnSummary(): { bound: number; limit: number } {
    return { bound: this.events.ports.bound, limit: this.events.maxChannels };
  }
}
