// The genirq core state of kernel/irq/irqdesc.c (descriptor table, __irq_alloc_descs /
// irq_free_descs around the number space, for_each_active_irq) plus the globals genirq keeps:
// cpu_online_mask, irq_default_affinity, cpumask_of_node, the default irq domain.
import type { EventSink, SimEvent } from '../events';
import { EINVAL } from '../lib/errno';
import {
  type Cpumask,
  cpumaskAll,
  cpumaskClone,
  cpumaskEmpty,
  cpumaskFirst,
  cpumaskOf,
  cpumaskTest,
  newCpumask,
} from './cpumask';
import { IrqDesc, type IrqAffinityDesc } from './desc';
import {
  IRQD_AFFINITY_MANAGED,
  IRQD_AFFINITY_SET,
  NUMA_NO_NODE,
  irqdSet,
} from './irqdata';
import type { IrqNumberSpace } from './irqdesc';
import type { IrqDomain } from './irqdomain';

/** Behaviour that changed across versions or proposals, chosen once per machine. */
export interface GenirqPolicy {
  /**
   * irq_create_mapping / irq_dispose_mapping: false = mainline (no count, the first dispose
   * tears a shared mapping down for every user); true = the 2020 refcount proposal
   * (Kardashevskiy, not merged): a lookup takes a reference, the last dispose tears down.
   */
  mappingRefcount: boolean;
  /**
   * alloc_descs sets IRQD_AFFINITY_SET on every descriptor given an affinity (v6.11+,
   * edbbaae42a56 "genirq/irqdesc: Honor caller provided affinity in alloc_desc()", read in
   * kernel/irq/irqdesc.c of the 6.1-stable copy): request_irq's irq_setup_affinity then keeps
   * the caller's mask instead of the default affinity. Off by default, as the x86_vector
   * conformance glue allocates.
   */
  affinitySetAtAlloc: boolean;
  /**
   * v4.18+ ("genirq/generic_pending: Do not lose pending affinity update"): irq_try_set_affinity
   * turns a chip's -EBUSY into a pending move and irq_move_masked_irq keeps a busy move
   * pending. false (v4.17 and older): the -EBUSY is returned and a busy pending move is dropped.
   */
  affinityBusyPending: boolean;
  /**
   * kernel/irq/proc.c write_irq_affinity as in v4.14: a mask without online CPU runs
   * irq_select_affinity_usr (irq_setup_affinity: -EINVAL only if that fails) and the result of
   * irq_set_affinity is not passed on. false: -EINVAL, and the result is returned.
   */
  procAffinitySelectUsr: boolean;
  /**
   * irq_startup's IRQ_STARTUP_ABORT (a managed interrupt requested while no CPU of its mask is
   * online) sets desc->depth = 1, so the CPU that comes online starts it (kernel/irq/chip.c of
   * the v7.0 tree, with the irq_startup_managed depth rework; before that rework hotplug called
   * irq_startup directly, with the same result). false = the x86_vector conformance glue, whose
   * irq_startup leaves depth 0 there: irq_startup_managed's depth-- wraps and the interrupt is
   * never started (x86_vector-007 step 29, x86_vector-013).
   */
  startupAbortDepth: boolean;
}

export interface GenirqOptions {
  nrCpus: number;
  /** One CPU list per NUMA node (cpumask_of_node). */
  nodes: number[][];
  space: IrqNumberSpace;
  sink?: EventSink | null;
  policy?: Partial<GenirqPolicy>;
  /** irq_default_affinity (irqaffinity=); default: all CPUs. */
  defaultAffinity?: number[];
}

/**
 * Hooks the architecture provides to the generic code. Keep it cloneable for timeline
 * checkpoints: a class instance (hooks as prototype methods, state as fields), not closures.
 */
export interface GenirqArch {
  /** irq_force_complete_move(desc), called by migrate_one_irq on the outgoing CPU. */
  irqForceCompleteMove?(desc: IrqDesc, cpu: number): void;
}

export class Genirq {
  readonly nrCpus: number;
  readonly online: Cpumask;
  readonly defaultAffinity: Cpumask;
  readonly nodeMasks: Cpumask[];
  readonly space: IrqNumberSpace;
  readonly policy: GenirqPolicy;
  readonly descs = new Map<number, IrqDesc>();
  readonly domains: IrqDomain[] = [];
  arch: GenirqArch = {};
  sink: EventSink | null;
  /** WARN conditions hit so far. */
  warnings = 0;
  /** smp_processor_id() of the code running now (interrupt, hotplug, syscall). */
  thisCpu = 0;
  /** The vector the current interrupt arrived on (~get_irq_regs()->orig_ax on x86). */
  irqVector = 0;
  /** Scratch masks (the kernel's per-CPU / static temporaries). */
  readonly tmpMask: Cpumask;
  readonly tmpMask2: Cpumask;

  constructor(opts: GenirqOptions) {
    this.nrCpus = opts.nrCpus;
    this.online = newCpumask(opts.nrCpus);
    this.defaultAffinity = opts.defaultAffinity ? cpumaskOf(opts.nrCpus, opts.defaultAffinity) : cpumaskAll(opts.nrCpus);
    this.nodeMasks = opts.nodes.map((n) => cpumaskOf(opts.nrCpus, n));
    this.space = opts.space;
    this.sink = opts.sink ?? null;
    this.policy = {
      mappingRefcount: false,
      affinitySetAtAlloc: false,
      affinityBusyPending: true,
      procAffinitySelectUsr: false,
      startupAbortDepth: true,
      ...opts.policy,
    };
    this.tmpMask = newCpumask(opts.nrCpus);
    this.tmpMask2 = newCpumask(opts.nrCpus);
    // early_irq_init: the preallocated descriptors 0 .. preallocated-1.
    for (let irq = 0; irq < this.space.preallocated; irq++) this.descs.set(irq, this.newDesc(irq, NUMA_NO_NODE, null));
  }

  irqToDesc(irq: number): IrqDesc | undefined {
    return this.descs.get(irq);
  }

  cpuOnline(cpu: number): boolean {
    return cpumaskTest(this.online, cpu);
  }

  /** cpumask_of_node; an unknown node gives an empty mask. */
  nodeMask(node: number): Cpumask {
    return this.nodeMasks[node] ?? newCpumask(this.nrCpus);
  }

  /** cpu_to_node */
  cpuToNode(cpu: number): number {
    for (let n = 0; n < this.nodeMasks.length; n++) if (cpumaskTest(this.nodeMasks[n], cpu)) return n;
    return NUMA_NO_NODE;
  }

  /** IRQ numbers with a descriptor, ascending (for_each_active_irq). */
  activeIrqs(): number[] {
    return [...this.descs.keys()].sort((a, b) => a - b);
  }

  /**
   * __irq_alloc_descs(irq, from, cnt, node, owner, affinity): numbers from the number space,
   * then one descriptor each (alloc_descs). Returns the first number or -errno.
   */
  allocDescs(irq: number, from: number, cnt: number, node: number, affinity: IrqAffinityDesc[] | null): number {
    if (affinity) {
      for (let i = 0; i < cnt; i++) if (!affinity[i] || cpumaskEmpty(affinity[i].mask)) return -EINVAL;
    }
    const start = this.space.alloc(irq, from, cnt);
    if (start < 0) return start;
    for (let i = 0; i < cnt; i++) this.descs.set(start + i, this.newDesc(start + i, node, affinity ? affinity[i] : null));
    return start;
  }

  /** irq_domain_alloc_descs(virq, cnt, hwirq, node, affinity) */
  domainAllocDescs(virq: number, cnt: number, hwirq: number, node: number, affinity: IrqAffinityDesc[] | null): number {
    if (virq >= 0) return this.allocDescs(virq, virq, cnt, node, affinity);
    const first = this.space.domainAllocDescs(-1, cnt, hwirq);
    if (first < 0) return first;
    // The number space reserved them; make the descriptors.
    for (let i = 0; i < cnt; i++) this.descs.set(first + i, this.newDesc(first + i, node, affinity ? affinity[i] : null));
    return first;
  }

  /** irq_free_descs(from, cnt) */
  freeDescs(from: number, cnt: number): void {
    for (let i = 0; i < cnt; i++) this.descs.delete(from + i);
    this.space.free(from, cnt);
  }

  /**
   * alloc_desc: default affinity unless an affinity descriptor is given (managed ones get
   * IRQD_AFFINITY_MANAGED and the node of their mask's first CPU). The kernel's alloc_descs
   * also sets IRQD_MANAGED_SHUTDOWN; the x86_vector traces show it clear after allocation
   * (msi_init_virq only sets it when no CPU of the mask is online), so it is left clear.
   * A non-managed mask keeps the caller's node and sets IRQD_AFFINITY_SET only under the
   * affinitySetAtAlloc policy (v6.11+); without it (the x86_vector traces' glue) request_irq
   * re-spreads over the default affinity.
   * The effective affinity starts empty.
   */
  private newDesc(irq: number, node: number, aff: IrqAffinityDesc | null): IrqDesc {
    if (aff && aff.isManaged) node = this.cpuToNode(cpumaskFirst(aff.mask, this.nrCpus));
    const mask = aff ? cpumaskClone(aff.mask) : cpumaskClone(this.defaultAffinity);
    const desc = new IrqDesc(irq, node, mask, newCpumask(this.nrCpus), newCpumask(this.nrCpus), this.nrCpus);
    if (aff && aff.isManaged) irqdSet(desc.irqData, IRQD_AFFINITY_MANAGED);
    if (aff && this.policy.affinitySetAtAlloc) irqdSet(desc.irqData, IRQD_AFFINITY_SET);
    return desc;
  }

  /** cpumask_first(cpu_online_mask) */
  firstOnline(): number {
    return cpumaskFirst(this.online, this.nrCpus);
  }

  /** A WARN_ON condition: recorded as an event, never thrown. */
  warn(site: string, message: string): void {
    this.warnings++;
    this.sink?.emit({ type: 'warning', site, message });
  }

  /** A kernel message that is not a WARN (pr_warn, pr_err, pr_info). */
  log(level: 'err' | 'warn' | 'info', site: string, message: string): void {
    this.sink?.emit({ type: 'log', level, site, message });
  }

  /** Emit an event of an area whose type is not yet in the SimEvent union. */
  emit<E extends { type: string }>(e: E): void {
    this.sink?.emit(e as unknown as SimEvent);
  }
}
