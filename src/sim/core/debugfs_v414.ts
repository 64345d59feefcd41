// What the genirq debugfs files of v4.14 print, read in kernel/irq/debugfs.c,
// kernel/irq/irqdomain.c and include/linux/irqdomain.h of the 4.14.5 tree
// (monkeygq/linux-4.14.5 67c81f98): irq_debug_show has no "device:" line (4.15 added it),
// irqdata_states still names IRQD_MOVE_PCNTXT and lacks the reservation, activation and
// suspend states of later releases, irqchip_flags names seven flags, and the domain flags are
// printed without names with IRQ_DOMAIN_NAME_ALLOCATED at bit 6 (bit 1 from later releases);
// istate has no IRQS_SYSFS yet.
// IRQ_MOVE_PCNTXT / IRQD_MOVE_PCNTXT, which v6.13 replaced by IRQCHIP_MOVE_DEFERRED on the
// other chips, are set on every irq intel_irq_remapping_alloc sets up (intel_irq_remapping.c).
import {
  type BitNames,
  DEBUGFS_CURRENT,
  type DebugfsLayout,
  IRQCHIP_FLAGS_V4_14,
  IRQDESC_ISTATES_V4_14,
  IRQDESC_STATES_V4_14,
} from './debugfs';
import type { IrqData } from './irqdata';
import { IRQ_DOMAIN_NAME_ALLOCATED } from './irqdomain';

/** IRQ_MOVE_PCNTXT (status) and IRQD_MOVE_PCNTXT (irq_data state) of 4.14's irq.h. */
const IRQ_MOVE_PCNTXT = 1 << 14;
const IRQD_MOVE_PCNTXT = 1 << 15;
/** IRQ_DOMAIN_NAME_ALLOCATED in 4.14's irqdomain.h. */
const NAME_ALLOCATED_V4_14 = 1 << 6;

/** irqdata_states of 4.14, in its order. */
const IRQDATA_STATES_V4_14: BitNames = [
  [1 << 0, 'IRQ_TYPE_EDGE_RISING'],
  [1 << 1, 'IRQ_TYPE_EDGE_FALLING'],
  [1 << 2, 'IRQ_TYPE_LEVEL_HIGH'],
  [1 << 3, 'IRQ_TYPE_LEVEL_LOW'],
  [1 << 13, 'IRQD_LEVEL'],
  [1 << 9, 'IRQD_ACTIVATED'],
  [1 << 22, 'IRQD_IRQ_STARTED'],
  [1 << 16, 'IRQD_IRQ_DISABLED'],
  [1 << 17, 'IRQD_IRQ_MASKED'],
  [1 << 18, 'IRQD_IRQ_INPROGRESS'],
  [1 << 11, 'IRQD_PER_CPU'],
  [1 << 10, 'IRQD_NO_BALANCING'],
  [1 << 24, 'IRQD_SINGLE_TARGET'],
  [IRQD_MOVE_PCNTXT, 'IRQD_MOVE_PCNTXT'],
  [1 << 12, 'IRQD_AFFINITY_SET'],
  [1 << 8, 'IRQD_SETAFFINITY_PENDING'],
  [1 << 21, 'IRQD_AFFINITY_MANAGED'],
  [1 << 23, 'IRQD_MANAGED_SHUTDOWN'],
  [1 << 20, 'IRQD_FORWARDED_TO_VCPU'],
  [1 << 14, 'IRQD_WAKEUP_STATE'],
  [1 << 19, 'IRQD_WAKEUP_ARMED'],
];

/** Some level of the hierarchy is the INTEL-IR chip (intel_irq_remapping_alloc ran). */
function remapped(d: IrqData): boolean {
  for (let p: IrqData | null = d; p; p = p.parentData) if (p.chip?.name === 'INTEL-IR') return true;
  return false;
}

export const DEBUGFS_V4_14: DebugfsLayout = Object.freeze({
  ...DEBUGFS_CURRENT,
  deviceLine: false,
  descStates: IRQDESC_STATES_V4_14,
  istates: IRQDESC_ISTATES_V4_14,
  // internals.h of 4.14.5 ends at IRQS_TIMINGS (0x1000): no IRQS_SYSFS.
  istateMask: 0x1fff,
  irqdStates: IRQDATA_STATES_V4_14,
  chipFlags: IRQCHIP_FLAGS_V4_14,
  chipFlagMask: 0x7f,
  domainFlagNames: false,
  domainFlags: (f: number) => (f & IRQ_DOMAIN_NAME_ALLOCATED ? (f & ~IRQ_DOMAIN_NAME_ALLOCATED) | NAME_ALLOCATED_V4_14 : f),
  extraBits: (d: IrqData) => (remapped(d) ? { status: IRQ_MOVE_PCNTXT, state: IRQD_MOVE_PCNTXT } : { status: 0, state: 0 }),
});
