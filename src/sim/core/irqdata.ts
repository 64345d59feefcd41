// struct irq_data / irq_common_data / irq_chip of include/linux/irq.h: the IRQD_* state bits,
// the IRQCHIP_* flags, the IRQ_* settings and the IRQS_* internal state (kernel/irq/internals.h).
import type { Cpumask } from './cpumask';
import type { IrqDomain } from './irqdomain';

// IRQD_* (irq_common_data.state_use_accessors), values as in current mainline (v6.13+,
// IRQD_MOVE_PCNTXT gone).
export const IRQD_TRIGGER_MASK = 0xf;
export const IRQD_SETAFFINITY_PENDING = 1 << 8;
export const IRQD_ACTIVATED = 1 << 9;
export const IRQD_NO_BALANCING = 1 << 10;
export const IRQD_PER_CPU = 1 << 11;
export const IRQD_AFFINITY_SET = 1 << 12;
export const IRQD_LEVEL = 1 << 13;
export const IRQD_WAKEUP_STATE = 1 << 14;
export const IRQD_IRQ_DISABLED = 1 << 16;
export const IRQD_IRQ_MASKED = 1 << 17;
export const IRQD_IRQ_INPROGRESS = 1 << 18;
export const IRQD_WAKEUP_ARMED = 1 << 19;
export const IRQD_FORWARDED_TO_VCPU = 1 << 20;
export const IRQD_AFFINITY_MANAGED = 1 << 21;
export const IRQD_IRQ_STARTED = 1 << 22;
export const IRQD_MANAGED_SHUTDOWN = 1 << 23;
export const IRQD_SINGLE_TARGET = 1 << 24;
export const IRQD_DEFAULT_TRIGGER_SET = 1 << 25;
export const IRQD_CAN_RESERVE = 1 << 26;
export const IRQD_HANDLE_ENFORCE_IRQCTX = 1 << 27;
export const IRQD_AFFINITY_ON_ACTIVATE = 1 << 28;
export const IRQD_IRQ_ENABLED_ON_SUSPEND = 1 << 29;
export const IRQD_RESEND_WHEN_IN_PROGRESS = 1 << 30;

// IRQCHIP_* (irq_chip.flags)
export const IRQCHIP_SET_TYPE_MASKED = 1 << 0;
export const IRQCHIP_EOI_IF_HANDLED = 1 << 1;
export const IRQCHIP_MASK_ON_SUSPEND = 1 << 2;
export const IRQCHIP_ONOFFLINE_ENABLED = 1 << 3;
export const IRQCHIP_SKIP_SET_WAKE = 1 << 4;
export const IRQCHIP_ONESHOT_SAFE = 1 << 5;
export const IRQCHIP_EOI_THREADED = 1 << 6;
export const IRQCHIP_SUPPORTS_LEVEL_MSI = 1 << 7;
export const IRQCHIP_SUPPORTS_NMI = 1 << 8;
export const IRQCHIP_ENABLE_WAKEUP_ON_SUSPEND = 1 << 9;
export const IRQCHIP_AFFINITY_PRE_STARTUP = 1 << 10;
export const IRQCHIP_IMMUTABLE = 1 << 11;
export const IRQCHIP_MOVE_DEFERRED = 1 << 12;

// IRQ_* settings (irq_desc.status_use_accessors)
export const IRQ_LEVEL = 1 << 8;
export const IRQ_PER_CPU = 1 << 9;
export const IRQ_NOPROBE = 1 << 10;
export const IRQ_NOREQUEST = 1 << 11;
export const IRQ_NOAUTOEN = 1 << 12;
export const IRQ_NO_BALANCING = 1 << 13;
export const IRQ_NESTED_THREAD = 1 << 15;
export const IRQ_NOTHREAD = 1 << 16;
export const IRQ_PER_CPU_DEVID = 1 << 17;
export const IRQ_IS_POLLED = 1 << 18;
export const IRQ_DISABLE_UNLAZY = 1 << 19;
export const IRQ_HIDDEN = 1 << 20;

// IRQS_* (irq_desc.istate, kernel/irq/internals.h)
export const IRQS_AUTODETECT = 0x1;
export const IRQS_SPURIOUS_DISABLED = 0x2;
export const IRQS_POLL_INPROGRESS = 0x8;
export const IRQS_ONESHOT = 0x20;
export const IRQS_REPLAY = 0x40;
export const IRQS_WAITING = 0x80;
export const IRQS_PENDING = 0x200;
export const IRQS_SUSPENDED = 0x800;
export const IRQS_TIMINGS = 0x1000;
export const IRQS_NMI = 0x2000;
export const IRQS_SYSFS = 0x4000;

/** Return values of irq_chip.irq_set_affinity (IRQ_SET_MASK_OK ...) besides -errno. */
export const IRQ_SET_MASK_OK = 0;
export const IRQ_SET_MASK_OK_NOCOPY = 1;
export const IRQ_SET_MASK_OK_DONE = 2;

/** NUMA_NO_NODE */
export const NUMA_NO_NODE = -1;

/** The callbacks of struct irq_chip the simulator uses. Absent = the kernel's NULL. */
export interface IrqChip {
  name: string;
  flags: number;
  irqStartup?(d: IrqData): number;
  irqShutdown?(d: IrqData): void;
  irqEnable?(d: IrqData): void;
  irqDisable?(d: IrqData): void;
  irqMask?(d: IrqData): void;
  irqUnmask?(d: IrqData): void;
  irqAck?(d: IrqData): void;
  irqEoi?(d: IrqData): void;
  /** IRQ_SET_MASK_OK* or -errno. */
  irqSetAffinity?(d: IrqData, mask: Cpumask, force: boolean): number;
  irqRetrigger?(d: IrqData): number;
}

/** struct irq_common_data: shared by all irq_data levels of one interrupt. */
export class IrqCommonData {
  /** IRQD_* bits. */
  state = 0;
  node: number;
  affinity: Cpumask;
  effectiveAffinity: Cpumask;
  /** The MSI message of the interrupt (msi_desc.msg), when an MSI level wrote one. */
  msiMsg: { addressHi: number; addressLo: number; data: number } | null = null;

  constructor(node: number, affinity: Cpumask, effective: Cpumask) {
    this.node = node;
    this.affinity = affinity;
    this.effectiveAffinity = effective;
  }
}

/** struct irq_data: one per domain level; the descriptor holds the top one. */
export class IrqData {
  readonly irq: number;
  hwirq = 0;
  domain: IrqDomain | null = null;
  chip: IrqChip | null = null;
  chipData: unknown = null;
  parentData: IrqData | null = null;
  readonly common: IrqCommonData;

  constructor(irq: number, common: IrqCommonData) {
    this.irq = irq;
    this.common = common;
  }
}

// irqd_* accessors (include/linux/irq.h), on the shared state.
export const irqdGet = (d: IrqData): number => d.common.state >>> 0;
export const irqdHas = (d: IrqData, bit: number): boolean => (d.common.state & bit) !== 0;
export const irqdSet = (d: IrqData, bit: number): void => {
  d.common.state |= bit;
};
export const irqdClear = (d: IrqData, bit: number): void => {
  d.common.state &= ~bit;
};
export const irqdIsActivated = (d: IrqData): boolean => irqdHas(d, IRQD_ACTIVATED);
export const irqdIsStarted = (d: IrqData): boolean => irqdHas(d, IRQD_IRQ_STARTED);
export const irqdAffinityIsManaged = (d: IrqData): boolean => irqdHas(d, IRQD_AFFINITY_MANAGED);
export const irqdIsManagedAndShutdown = (d: IrqData): boolean => irqdHas(d, IRQD_MANAGED_SHUTDOWN);
export const irqdCanReserve = (d: IrqData): boolean => irqdHas(d, IRQD_CAN_RESERVE);
export const irqdIsSetaffinityPending = (d: IrqData): boolean => irqdHas(d, IRQD_SETAFFINITY_PENDING);
export const irqdIrqDisabled = (d: IrqData): boolean => irqdHas(d, IRQD_IRQ_DISABLED);
export const irqdIsPerCpu = (d: IrqData): boolean => irqdHas(d, IRQD_PER_CPU);
export const irqdIsSingleTarget = (d: IrqData): boolean => irqdHas(d, IRQD_SINGLE_TARGET);

/** The irq_data of the bottom (root) level of a hierarchy. */
export function irqDataRoot(d: IrqData): IrqData {
  let x = d;
  while (x.parentData) x = x.parentData;
  return x;
}
