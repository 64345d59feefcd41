// The genirq debugfs files: /sys/kernel/debug/irq/irqs/<N> (kernel/irq/debugfs.c:
// irq_debug_show and its helpers) and /sys/kernel/debug/irq/domains/<name>
// (kernel/irq/irqdomain.c: irq_domain_debug_show_one), byte for byte. The name tables and the
// lines a release prints are a DebugfsLayout: DEBUGFS_CURRENT here (debugfs.c of 7.0.0),
// DEBUGFS_V4_14 in debugfs_v414.ts.
import { cpumaskPbl } from './cpumask';
import type { Genirq } from './genirq';
import type { IrqData } from './irqdata';
import type { IrqDomain } from './irqdomain';

export type BitNames = ReadonlyArray<readonly [number, string]>;

/**
 * irqdesc_states: the settings.h names (BIT_MASK_DESCR stringifies _IRQ_NOPROBE...), no
 * trigger or IRQ_LEVEL bits (read in debugfs.c of 4.14.5 and 7.0.0; 7.0 adds _IRQ_HIDDEN).
 */
export const IRQDESC_STATES_V4_14: BitNames = [
  [1 << 10, '_IRQ_NOPROBE'],
  [1 << 11, '_IRQ_NOREQUEST'],
  [1 << 16, '_IRQ_NOTHREAD'],
  [1 << 12, '_IRQ_NOAUTOEN'],
  [1 << 15, '_IRQ_NESTED_THREAD'],
  [1 << 17, '_IRQ_PER_CPU_DEVID'],
  [1 << 18, '_IRQ_IS_POLLED'],
  [1 << 19, '_IRQ_DISABLE_UNLAZY'],
];

const IRQDESC_STATES: BitNames = [...IRQDESC_STATES_V4_14, [1 << 20, '_IRQ_HIDDEN']];

/** irqdesc_istates of 4.14 (7.0 adds IRQS_NMI). */
export const IRQDESC_ISTATES_V4_14: BitNames = [
  [0x1, 'IRQS_AUTODETECT'],
  [0x2, 'IRQS_SPURIOUS_DISABLED'],
  [0x8, 'IRQS_POLL_INPROGRESS'],
  [0x20, 'IRQS_ONESHOT'],
  [0x40, 'IRQS_REPLAY'],
  [0x80, 'IRQS_WAITING'],
  [0x200, 'IRQS_PENDING'],
  [0x800, 'IRQS_SUSPENDED'],
];

const IRQDESC_ISTATES: BitNames = [...IRQDESC_ISTATES_V4_14, [0x2000, 'IRQS_NMI']];

export const IRQDATA_STATES: BitNames = [
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
  [1 << 12, 'IRQD_AFFINITY_SET'],
  [1 << 8, 'IRQD_SETAFFINITY_PENDING'],
  [1 << 21, 'IRQD_AFFINITY_MANAGED'],
  [1 << 28, 'IRQD_AFFINITY_ON_ACTIVATE'],
  [1 << 23, 'IRQD_MANAGED_SHUTDOWN'],
  [1 << 26, 'IRQD_CAN_RESERVE'],
  [1 << 20, 'IRQD_FORWARDED_TO_VCPU'],
  [1 << 14, 'IRQD_WAKEUP_STATE'],
  [1 << 19, 'IRQD_WAKEUP_ARMED'],
  [1 << 25, 'IRQD_DEFAULT_TRIGGER_SET'],
  [1 << 27, 'IRQD_HANDLE_ENFORCE_IRQCTX'],
  [1 << 29, 'IRQD_IRQ_ENABLED_ON_SUSPEND'],
  [1 << 30, 'IRQD_RESEND_WHEN_IN_PROGRESS'],
];

/** irqchip_flags of 4.14: the seven flags irq.h had then. */
export const IRQCHIP_FLAGS_V4_14: BitNames = [
  [1 << 0, 'IRQCHIP_SET_TYPE_MASKED'],
  [1 << 1, 'IRQCHIP_EOI_IF_HANDLED'],
  [1 << 2, 'IRQCHIP_MASK_ON_SUSPEND'],
  [1 << 3, 'IRQCHIP_ONOFFLINE_ENABLED'],
  [1 << 4, 'IRQCHIP_SKIP_SET_WAKE'],
  [1 << 5, 'IRQCHIP_ONESHOT_SAFE'],
  [1 << 6, 'IRQCHIP_EOI_THREADED'],
];

const IRQCHIP_FLAGS: BitNames = [
  ...IRQCHIP_FLAGS_V4_14,
  [1 << 7, 'IRQCHIP_SUPPORTS_LEVEL_MSI'],
  [1 << 8, 'IRQCHIP_SUPPORTS_NMI'],
  [1 << 9, 'IRQCHIP_ENABLE_WAKEUP_ON_SUSPEND'],
  [1 << 11, 'IRQCHIP_IMMUTABLE'],
  [1 << 12, 'IRQCHIP_MOVE_DEFERRED'],
];

const IRQDOMAIN_FLAGS: BitNames = [
  [1 << 0, 'IRQ_DOMAIN_FLAG_HIERARCHY'],
  [1 << 1, 'IRQ_DOMAIN_NAME_ALLOCATED'],
  [1 << 2, 'IRQ_DOMAIN_FLAG_IPI_PER_CPU'],
  [1 << 3, 'IRQ_DOMAIN_FLAG_IPI_SINGLE'],
  [1 << 4, 'IRQ_DOMAIN_FLAG_MSI'],
  [1 << 5, 'IRQ_DOMAIN_FLAG_ISOLATED_MSI'],
  [1 << 6, 'IRQ_DOMAIN_FLAG_NO_MAP'],
  [1 << 8, 'IRQ_DOMAIN_FLAG_MSI_PARENT'],
  [1 << 9, 'IRQ_DOMAIN_FLAG_MSI_DEVICE'],
  [1 << 16, 'IRQ_DOMAIN_FLAG_NONCORE'],
];

/** What a release's debugfs prints: its name tables and the lines it has. */
export interface DebugfsLayout {
  /** irq_debug_show prints "device:" (v4.15+). */
  deviceLine: boolean;
  descStates: BitNames;
  istates: BitNames;
  /** The istate bits the release has (IRQS_SYSFS, 0x4000, came after v4.14). */
  istateMask: number;
  irqdStates: BitNames;
  chipFlags: BitNames;
  /** The irq_chip flag bits the release has (others are the engine's stand-ins, not printed). */
  chipFlagMask: number;
  /** irq_domain_debug_show_one names the flags (v6.9+). */
  domainFlagNames: boolean;
  /** The release's value of an engine domain's flags (bit numbers moved). */
  domainFlags(flags: number): number;
  /** Status and dstate bits the release sets that the engine does not keep (OR-ed in). */
  extraBits(d: IrqData): { status: number; state: number };
}

export const DEBUGFS_CURRENT: DebugfsLayout = Object.freeze({
  deviceLine: true,
  descStates: IRQDESC_STATES,
  istates: IRQDESC_ISTATES,
  istateMask: 0xffffffff,
  irqdStates: IRQDATA_STATES,
  chipFlags: IRQCHIP_FLAGS,
  chipFlagMask: 0xffffffff,
  domainFlagNames: true,
  domainFlags: (f: number) => f,
  extraBits: () => ({ status: 0, state: 0 }),
});

const sp = (n: number) => ' '.repeat(Math.max(0, n));
const hex8 = (x: number) => `0x${(x >>> 0).toString(16).padStart(8, '0')}`;

/** irq_debug_show_bits: one name per set bit, indented ind + 12. */
function showBits(ind: number, state: number, names: BitNames): string {
  let out = '';
  for (const [bit, name] of names) if ((state & bit) >>> 0) out += `${sp(ind + 12)}${name}\n`;
  return out;
}

/** irq_debug_show_chip */
function showChip(d: IrqData, ind: number, layout: DebugfsLayout): string {
  const chip = d.chip;
  if (!chip) return 'chip: None\n';
  const flags = (chip.flags & layout.chipFlagMask) >>> 0;
  let out = `${sp(ind)}chip:    ${chip.name}\n`;
  out += `${sp(ind + 1)}flags:   0x${flags.toString(16)}\n`;
  out += showBits(ind, flags, layout.chipFlags);
  return out;
}

/** irq_debug_show_data: one block per hierarchy level, parents indented by 4. */
function showData(d: IrqData, ind: number, layout: DebugfsLayout): string {
  let out = `${sp(ind)}domain:  ${d.domain ? d.domain.name : ''}\n`;
  out += `${sp(ind + 1)}hwirq:   0x${d.hwirq.toString(16)}\n`;
  out += showChip(d, ind + 1, layout);
  if (d.domain?.ops.debugShow) out += d.domain.ops.debugShow(d.domain, d, ind + 1);
  if (!d.parentData) return out;
  out += `${sp(ind + 1)}parent:\n`;
  return out + showData(d.parentData, ind + 4, layout);
}

/** The text of /sys/kernel/debug/irq/irqs/<irq>, or null if there is no such descriptor. */
export function irqDebugShow(core: Genirq, irq: number, layout: DebugfsLayout = DEBUGFS_CURRENT): string | null {
  const desc = core.irqToDesc(irq);
  if (!desc) return null;
  const d = desc.irqData;
  const extra = layout.extraBits(d);
  const status = (desc.status | extra.status) >>> 0;
  const state = (d.common.state | extra.state) >>> 0;
  let out = `handler:  ${desc.handler}\n`;
  if (layout.deviceLine) out += `device:   ${desc.devName || '(null)'}\n`;
  out += `status:   ${hex8(status)}\n`;
  out += showBits(0, status, layout.descStates);
  const istate = (desc.istate & layout.istateMask) >>> 0;
  out += `istate:   ${hex8(istate)}\n`;
  out += showBits(0, istate, layout.istates);
  out += `ddepth:   ${desc.depth}\n`;
  out += `wdepth:   ${desc.wakeDepth}\n`;
  out += `dstate:   ${hex8(state)}\n`;
  out += showBits(0, state, layout.irqdStates);
  out += `node:     ${d.common.node}\n`;
  out += `affinity: ${cpumaskPbl(d.common.affinity, core.nrCpus)}\n`;
  out += `effectiv: ${cpumaskPbl(d.common.effectiveAffinity, core.nrCpus)}\n`;
  out += `pending:  ${cpumaskPbl(desc.pendingMask, core.nrCpus)}\n`;
  return out + showData(d, 0, layout);
}

/**
 * irq_domain_debug_show_one(m, d, ind): name, size, mapped, flags (+ flag names, v6.9+, when the
 * layout has them), the domain's own debug_show, then the parent chain indented by 4.
 */
export function irqDomainDebugShowOne(d: IrqDomain, ind: number, layout: DebugfsLayout = DEBUGFS_CURRENT): string {
  const flags = layout.domainFlags(d.flags) >>> 0;
  let out = `${sp(ind)}name:   ${d.name}\n`;
  out += `${sp(ind + 1)}size:   ${d.revmapSize}\n`;
  out += `${sp(ind + 1)}mapped: ${d.mapcount}\n`;
  out += `${sp(ind + 1)}flags:  ${hex8(flags)}\n`;
  if (layout.domainFlagNames) out += showBits(ind, flags, IRQDOMAIN_FLAGS);
  if (d.ops.debugShow) out += d.ops.debugShow(d, null, ind + 1);
  if (!d.parent) return out;
  out += `${sp(ind + 1)}parent: ${d.parent.name}\n`;
  return out + irqDomainDebugShowOne(d.parent, ind + 4, layout);
}

/** Before v6.9: the flags without their names. */
export const DEBUGFS_NO_DOMAIN_FLAG_NAMES: DebugfsLayout = Object.freeze({ ...DEBUGFS_CURRENT, domainFlagNames: false });
