// One x86 machine of v4.14 and earlier on the shared genirq core (kernel/irq): the descriptor
// space, VECTOR (the pre-4.15 allocator, vector.ts) with IO-APIC / PCI-MSI (and INTEL-IR) above
// it (domains.ts), the ISA irqs on the XT-PIC until the IO-APIC takes one over, and the calls
// a driver, user space, the hardware or CPU hotplug make (the calls of an x86_vector_legacy
// trace). request_irq/free_irq/affinity are kernel/irq/manage.c of the core with the v4.14
// policies (GenirqPolicy.affinityBusyPending off, procAffinitySelectUsr on).
import { isaIrqPin } from '../platform';
import { handleEdgeIrq, irqShutdown } from '../../core/chip';
import { cpumaskOf } from '../../core/cpumask';
import type { IrqAffinityDesc } from '../../core/desc';
import { Genirq } from '../../core/genirq';
import {
  IRQD_AFFINITY_MANAGED,
  IRQD_IRQ_STARTED,
  IRQD_MANAGED_SHUTDOWN,
  IRQD_SETAFFINITY_PENDING,
  type IrqChip,
  NUMA_NO_NODE,
  irqdHas,
} from '../../core/irqdata';
import { IrqNumberSpace, x86NrIrqs } from '../../core/irqdesc';
import { irqDomainAllocIrqs, irqDomainFreeIrqs } from '../../core/irqdomain';
import { freeIrq, requestIrq, writeIrqAffinity } from '../../core/manage';
import type { EventSink } from '../../events';
import { formatPbl, setBit, testBit } from '../../lib/bitmap';
import { EBUSY, EEXIST, EINVAL } from '../../lib/errno';
import { moveCleanupInterrupt } from './cleanup';
import { createLegacyUpperDomains, type LegacyUpperDomains } from './domains';
import { legacyCpuOffline, legacyCpuOnline } from './hotplug';
import {
  FIRST_EXTERNAL_VECTOR,
  ISA_IRQ_VECTOR_BASE,
  type LegacyChip,
  type LegacyIrqState,
  type LegacyIrqType,
  type LegacyMachine,
  NR_IRQS_LEGACY,
  NR_VECTORS,
} from './types';
import { type LegacyApicData, LegacyVector } from './vector';
import { noIrqHandlerLine } from '../no_irq_handler';

/** The 8259's chip (no irq_set_affinity: the XT-PIC cannot be retargeted). */
export const XT_PIC_CHIP: IrqChip = Object.freeze({ name: 'XT-PIC', flags: 0 });

/** Options of the engine's machine beyond the trace setup. */
export interface LegacyMachineOptions {
  descriptors?: 'bitmap' | 'maple';
  nrIrqsCompile?: number;
  ioapics?: number;
  mappingRefcount?: boolean;
}

export class X86LegacyMachine {
  readonly core: Genirq;
  readonly vector: LegacyVector;
  readonly upper: LegacyUpperDomains;
  readonly nrCpus: number;
  readonly nrLegacyIrqs: number;

  constructor(m: LegacyMachine, sink: EventSink | null = null, opts: LegacyMachineOptions = {}) {
    const nrCpus = m.nrCpus;
    this.nrCpus = nrCpus;
    const nr = x86NrIrqs({ era: 'current', nrCpuIds: nrCpus, ioapics: m.ioApic ? (opts.ioapics ?? 1) : 0, legacyPic: m.legacyPic, nrIrqsCompile: opts.nrIrqsCompile });
    // arch_dynirq_lower_bound (io_apic.c of the 4.4.60 and 4.14.5 trees: `ioapic_initialized ?
    // ioapic_dynirq_base : gsi_top`, the base being the end of the legacy IO-APIC's GSIs):
    // __irq_alloc_descs replaces @from by it, so MSI numbers start above the IO-APIC pins. With
    // no IO-APIC v4.x returns gsi_top = 0 where v6.4+ keeps @from (1 for domain allocations);
    // that differs only if irq 0 is free, i.e. without the 8259's preallocated ISA irqs.
    const space = new IrqNumberSpace({
      policy: opts.descriptors ?? 'bitmap',
      nrIrqsCompile: nr.NR_IRQS,
      nrIrqs: nr.nrIrqs,
      preallocated: nr.preallocated,
      dynirqBase: nr.dynirqBase,
      sink,
    });
    this.core = new Genirq({
      nrCpus,
      nodes: m.nodes,
      space,
      sink,
      policy: { mappingRefcount: opts.mappingRefcount ?? false, affinityBusyPending: false, procAffinitySelectUsr: true },
    });
    this.nrLegacyIrqs = m.legacyPic ? NR_IRQS_LEGACY : 0;
    this.vector = new LegacyVector(this.core, {
      apic: m.apic,
      firstSystemVector: m.firstSystemVector,
      nrLegacyIrqs: this.nrLegacyIrqs,
      systemVectors: m.systemVectors,
    });
    this.upper = createLegacyUpperDomains(this.core, this.vector.domain, m.ioApic, m.remapping);
    // early_irq_init allocates the preallocated descriptors on first_online_node; the ISA ones
    // sit on the XT-PIC with init_legacy_irqs' apic_chip_data, and init_IRQ points CPU 0's
    // slots at them.
    setBit(this.core.online, 0);
    for (let i = 0; i < this.nrLegacyIrqs; i++) {
      const desc = this.core.irqToDesc(i)!;
      desc.common.node = 0;
      desc.irqData.chip = XT_PIC_CHIP;
      desc.irqData.chipData = this.vector.legacyIrqData[i];
      desc.handler = 'handle_level_irq';
      this.vector.setSlot(0, ISA_IRQ_VECTOR_BASE + i, i);
    }
    // The other CPUs come up in ascending order through start_secondary().
    for (const cpu of [...new Set(m.online)].sort((a, b) => a - b)) if (cpu !== 0) legacyCpuOnline(this.vector, cpu);
  }

  get online(): Uint32Array {
    return this.core.online;
  }

  get warnings(): number {
    return this.core.warnings;
  }

  get currentVector(): number {
    return this.vector.currentVector;
  }

  get vectorIrq(): Int32Array {
    return this.vector.vectorIrq;
  }

  get cleanupIpi(): Uint8Array {
    return this.vector.cleanupIpi;
  }

  get usedVectors(): Uint32Array {
    return this.vector.usedVectors;
  }

  activeIrqs(): number[] {
    return this.core.activeIrqs();
  }

  has(irq: number): boolean {
    return this.core.irqToDesc(irq) !== undefined;
  }

  apicd(irq: number): LegacyApicData | null {
    return this.vector.apicd(irq);
  }

  slot(cpu: number, vector: number): number {
    return this.vector.slot(cpu, vector);
  }

  isOnline(cpu: number): boolean {
    return Number.isInteger(cpu) && cpu >= 0 && cpu < this.nrCpus && testBit(this.core.online, cpu);
  }

  /** A refused call: a failure event and -errno. */
  fail(site: string, errno: number, message: string): number {
    this.core.emit({ type: 'failure', site, errno, message });
    return -errno;
  }

  private validCpuList(cpus: unknown): cpus is number[] {
    return Array.isArray(cpus) && cpus.length > 0 && cpus.every((c) => Number.isInteger(c) && c >= 0 && c < this.nrCpus);
  }

  /**
   * `count` irqs from `irq` (fixed numbers) or, with irq < 0, wherever __irq_alloc_descs puts
   * them: MSI/MSI-X (PCI-MSI) and managed MSI-X with one CPU list per irq (or one for all),
   * or an ISA irq taken over by the IO-APIC. Returns the first irq or -errno.
   */
  allocIrqs(irq: number, count: number, type: LegacyIrqType, node: number, affinity?: number[][], hwirq?: number): number {
    const site = 'x86_vector_alloc_irqs';
    if (!Number.isInteger(irq) || !Number.isInteger(count) || count < 1) return this.fail(site, EINVAL, `bad irq range ${irq}+${count}`);
    if (type !== 'msi' && type !== 'managed' && type !== 'legacy') return this.fail(site, EINVAL, `unknown type ${String(type)}`);
    if (type === 'managed') {
      if (!affinity || (affinity.length !== count && affinity.length !== 1) || !affinity.every((a) => this.validCpuList(a))) {
        return this.fail(site, EINVAL, 'managed irqs need one non-empty CPU list per irq');
      }
    }
    if (type === 'legacy') {
      const ioapic = this.upper.ioapic;
      if (!ioapic) return this.fail(site, EINVAL, 'no IO-APIC to take ISA irqs over');
      if (count !== 1) return this.fail('mp_irqdomain_alloc', EINVAL, 'one IO-APIC pin at a time');
      if (irq < 0 || irq >= this.nrLegacyIrqs) return this.fail(site, EINVAL, `irq ${irq} is not an ISA irq`);
      const desc = this.core.irqToDesc(irq);
      if (!desc || desc.irqData.chip !== XT_PIC_CHIP) return this.fail(site, EEXIST, `irq ${irq} is already handled by the IO-APIC`);
      // The PC's ACPI interrupt source overrides: irq 0 on pin 2, the SCI (irq 9) level.
      const { pin, level } = isaIrqPin(irq);
      return irqDomainAllocIrqs(ioapic, irq, 1, NUMA_NO_NODE, { hwirq: pin, legacy: true, level }, true, null);
    }
    if (irq >= 0) for (let i = irq; i < irq + count; i++) if (this.has(i)) return this.fail(site, EEXIST, `irq ${i} already exists`);
    const aff: IrqAffinityDesc[] | null =
      type === 'managed' ? Array.from({ length: count }, (_, k) => ({ mask: cpumaskOf(this.nrCpus, affinity!.length === 1 ? affinity![0] : affinity![k]), isManaged: true })) : null;
    return irqDomainAllocIrqs(this.upper.msi, irq, count, node, { hwirq: hwirq ?? Math.max(irq, 0), legacy: false }, false, aff);
  }

  /** The trace's alloc: 0 or -errno. */
  alloc(irq: number, count: number, type: LegacyIrqType, node: number, affinity?: number[][]): number {
    if (!Number.isInteger(irq) || irq < 0) return this.fail('x86_vector_alloc_irqs', EINVAL, `bad irq range ${irq}+${count}`);
    const r = this.allocIrqs(irq, count, type, node, affinity);
    return r < 0 ? r : 0;
  }

  /** request_irq(irq, handler, flags, name, dev_id) */
  request(irq: number, name = `irq${irq}`, devId: unknown = irq, shared = false): number {
    return requestIrq(this.core, irq, name, devId, shared);
  }

  /** free_irq(irq, dev_id): the most recently requested action when devId is omitted. */
  free_irq(irq: number, devId?: unknown): number {
    const desc = this.core.irqToDesc(irq);
    const id = devId !== undefined ? devId : desc?.actions.length ? desc.actions[desc.actions.length - 1].devId : undefined;
    return freeIrq(this.core, irq, id);
  }

  /** MSI teardown of `count` irqs from `irq`: shut down if still requested, then irq_domain_free_irqs. */
  free(irq: number, count: number): number {
    const site = 'x86_vector_free_irqs';
    if (!Number.isInteger(irq) || !Number.isInteger(count) || irq < 0 || count < 1) return this.fail(site, EINVAL, `bad irq range ${irq}+${count}`);
    for (let i = irq; i < irq + count; i++) {
      if (!this.has(i)) return this.fail(site, EINVAL, `irq ${i} does not exist`);
      if (i < this.nrLegacyIrqs) {
        this.core.warn(site, `irq ${i} is an ISA irq; legacy irqs are never freed`);
        return -EINVAL;
      }
    }
    // An irq that still has an action is torn down all the same (the traces do this).
    for (let i = irq; i < irq + count; i++) {
      const desc = this.core.irqToDesc(i)!;
      desc.actions.length = 0;
      irqShutdown(desc);
      if (desc.irqData.domain) irqDomainFreeIrqs(this.core, i, 1);
      else this.core.freeDescs(i, 1);
    }
    return 0;
  }

  /** write_irq_affinity: a write of `cpus` to /proc/irq/N/smp_affinity. */
  set_affinity(irq: number, cpus: number[]): number {
    const site = 'write_irq_affinity';
    if (!this.has(irq)) return this.fail(site, EINVAL, `irq ${irq} does not exist`);
    if (!Array.isArray(cpus) || !cpus.every((c) => Number.isInteger(c) && c >= 0 && c < this.nrCpus)) return this.fail(site, EINVAL, 'CPU out of range');
    this.core.thisCpu = this.core.firstOnline();
    return writeIrqAffinity(this.core, irq, cpumaskOf(this.nrCpus, cpus));
  }

  /** The interrupt arrives on `cpu` through `vector`: do_IRQ runs the flow handler. */
  fire(irq: number, cpu: number, vector: number): number {
    const site = 'do_IRQ';
    const desc = this.core.irqToDesc(irq);
    if (!desc) return this.fail(site, EINVAL, `irq ${irq} does not exist`);
    if (!this.isOnline(cpu)) return this.fail(site, EINVAL, `CPU ${cpu} is not online`);
    if (!Number.isInteger(vector) || vector < FIRST_EXTERNAL_VECTOR || vector >= NR_VECTORS || this.slot(cpu, vector) !== irq) {
      // pr_emerg_ratelimited; every release of this allocator prints do_IRQ's format.
      this.core.log('err', ...noIrqHandlerLine('4.14', cpu, vector));
      return this.fail(site, EINVAL, `vector ${vector} of CPU ${cpu} does not point at irq ${irq}`);
    }
    this.core.thisCpu = cpu;
    this.core.irqVector = vector;
    handleEdgeIrq(this.core, desc, cpu);
    return 0;
  }

  /** The pending cleanup IPI is handled on `cpu`: 1 if one was pending, else 0. */
  cleanup(cpu: number): number {
    if (!Number.isInteger(cpu) || cpu < 0 || cpu >= this.nrCpus) return this.fail('smp_irq_move_cleanup_interrupt', EINVAL, `CPU ${cpu} does not exist`);
    if (!this.vector.cleanupIpi[cpu]) return 0;
    this.vector.cleanupIpi[cpu] = 0;
    moveCleanupInterrupt(this.vector, cpu);
    return 1;
  }

  /** native_cpu_disable + fixup_irqs: 0, -ERANGE (not enough vectors), -EINVAL/-EBUSY on bad input. */
  cpu_offline(cpu: number): number {
    const site = 'native_cpu_disable';
    if (!Number.isInteger(cpu) || cpu < 0 || cpu >= this.nrCpus) return this.fail(site, EINVAL, `CPU ${cpu} does not exist`);
    if (!this.isOnline(cpu)) return this.fail(site, EINVAL, `CPU ${cpu} is not online`);
    let others = 0;
    for (let c = 0; c < this.nrCpus; c++) if (c !== cpu && this.isOnline(c)) others++;
    if (others === 0) return this.fail(site, EBUSY, `CPU ${cpu} is the last online CPU`);
    return legacyCpuOffline(this.vector, cpu);
  }

  /** start_secondary: setup_vector_irq, online, irq_affinity_online_cpu. */
  cpu_online(cpu: number): number {
    const site = 'start_secondary';
    if (!Number.isInteger(cpu) || cpu < 0 || cpu >= this.nrCpus) return this.fail(site, EINVAL, `CPU ${cpu} does not exist`);
    if (this.isOnline(cpu)) return this.fail(site, EINVAL, `CPU ${cpu} is already online`);
    return legacyCpuOnline(this.vector, cpu);
  }

  /** The state object of one irq (the trace's keys, in order), or null if it does not exist. */
  state(irq: number): LegacyIrqState | null {
    const desc = this.core.irqToDesc(irq);
    const a = this.apicd(irq);
    if (!desc || !a) return null;
    const nr = this.nrCpus;
    const d = desc.irqData;
    const pending = irqdHas(d, IRQD_SETAFFINITY_PENDING);
    return {
      irq,
      chip: (d.chip?.name ?? '') as LegacyChip,
      vector: a.vector,
      old_vector: a.oldVector,
      domain: formatPbl(a.domain, nr),
      old_domain: formatPbl(a.oldDomain, nr),
      move_in_progress: a.moveInProgress,
      dest_apicid: a.destApicid,
      is_managed: irqdHas(d, IRQD_AFFINITY_MANAGED),
      requested: desc.actions.length > 0,
      started: irqdHas(d, IRQD_IRQ_STARTED),
      managed_shutdown: irqdHas(d, IRQD_MANAGED_SHUTDOWN),
      move_pending: pending,
      affinity: formatPbl(desc.common.affinity, nr),
      effective_affinity: formatPbl(desc.common.effectiveAffinity, nr),
      pending_mask: pending ? formatPbl(desc.pendingMask, nr) : '',
    };
  }
}
