// struct irq_desc (include/linux/irqdesc.h) and its allocation defaults (kernel/irq/irqdesc.c:
// alloc_desc, desc_set_defaults): what a descriptor holds besides its number.
import type { Cpumask } from './cpumask';
import { IrqCommonData, IrqData, IRQD_IRQ_DISABLED, IRQD_IRQ_MASKED, IRQS_SYSFS } from './irqdata';

/** struct irqaction, reduced to what the views need. */
export interface IrqAction {
  name: string;
  /** dev_id cookie: free_irq must name the same one. */
  devId: unknown;
  /** IRQF_SHARED */
  shared: boolean;
}

/** struct irq_affinity_desc: one per interrupt of an allocation. */
export interface IrqAffinityDesc {
  mask: Cpumask;
  isManaged: boolean;
}

export class IrqDesc {
  readonly irq: number;
  /** The top-level irq_data (desc->irq_data). */
  readonly irqData: IrqData;
  readonly common: IrqCommonData;
  /** IRQ_* settings (status_use_accessors). */
  status = 0;
  /** IRQS_* (istate). */
  istate = IRQS_SYSFS;
  /** Disable depth: 1 until started. */
  depth = 1;
  wakeDepth = 0;
  actions: IrqAction[] = [];
  /**
   * Interrupts handled per CPU (kstat_irqs), allocated when the interrupt first fires: most
   * descriptors (a guest's vSGIs, say) never do, and a big machine has 100K+ of them.
   */
  private counts: Uint32Array | null = null;
  private readonly nrCpus: number;
  /** desc->pending_mask: the affinity a deferred move will apply. */
  readonly pendingMask: Cpumask;
  /** The flow handler's name (%ps of desc->handle_irq). */
  handler = 'handle_bad_irq';
  /**
   * desc->name, when the chip's code sets one (irq_set_chip_and_handler_name): what x86's
   * /proc/interrupts prints after the hwirq ("-virq", "-msi-x"); null: the flow handler's name.
   */
  name: string | null = null;
  /** desc->dev_name: the device the interrupt belongs to (debugfs "device:"). */
  devName = '';

  constructor(irq: number, node: number, affinity: Cpumask, effective: Cpumask, pending: Cpumask, nrCpus: number) {
    this.irq = irq;
    this.common = new IrqCommonData(node, affinity, effective);
    this.irqData = new IrqData(irq, this.common);
    // desc_set_defaults: disabled and masked until started.
    this.common.state = IRQD_IRQ_DISABLED | IRQD_IRQ_MASKED;
    this.nrCpus = nrCpus;
    this.pendingMask = pending;
  }

  /** One interrupt handled on `cpu`. */
  countOn(cpu: number): void {
    if (cpu < 0 || cpu >= this.nrCpus) return;
    if (!this.counts) this.counts = new Uint32Array(this.nrCpus);
    this.counts[cpu]++;
  }

  /**
   * Per-CPU counts, or null until the interrupt first fires (no array per never-fired
   * descriptor: a 8192-CPU dom0 has 57K of them, 32 KB each).
   */
  get kstat(): Uint32Array | null {
    return this.counts;
  }

  /** Interrupts handled on all CPUs. */
  get total(): number {
    let n = 0;
    if (this.counts) for (let c = 0; c < this.counts.length; c++) n += this.counts[c];
    return n;
  }

  /** The first action's name (what /proc/interrupts prints first). */
  get actionName(): string {
    return this.actions.length ? this.actions[0].name : '';
  }
}
