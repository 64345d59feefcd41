// /sys/kernel/debug/irq as kernel/irq/debugfs.c prints it (irq_debug_show: irqs/N) and
// kernel/irq/irqdomain.c (irq_domain_debug_show_one: domains/<name>), for an arm64 kernel
// (GENERIC_IRQ_EFFECTIVE_AFF_MASK, no GENERIC_PENDING_IRQ), with msi_domain_debug_show's
// address/data block (v6.15+) on the per-device MSI domains.
import { cpumaskPbl } from '../core/cpumask';
import type { IrqDesc } from '../core/desc';
import type { IrqData } from '../core/irqdata';
import * as I from '../core/irqdata';
import type { IrqDomain } from '../core/irqdomain';
import * as D from '../core/irqdomain';
import type { ItsDevice } from './its_device';
import { MsiHost } from './pci_msi';
import type { ItsHost } from './its_domain';

type BitNames = ReadonlyArray<readonly [number, string]>;

/** irqdata_states (current mainline order). */
export const IRQDATA_STATES: BitNames = Object.freeze([
  [1, 'IRQ_TYPE_EDGE_RISING'],
  [2, 'IRQ_TYPE_EDGE_FALLING'],
  [4, 'IRQ_TYPE_LEVEL_HIGH'],
  [8, 'IRQ_TYPE_LEVEL_LOW'],
  [I.IRQD_LEVEL, 'IRQD_LEVEL'],
  [I.IRQD_ACTIVATED, 'IRQD_ACTIVATED'],
  [I.IRQD_IRQ_STARTED, 'IRQD_IRQ_STARTED'],
  [I.IRQD_IRQ_DISABLED, 'IRQD_IRQ_DISABLED'],
  [I.IRQD_IRQ_MASKED, 'IRQD_IRQ_MASKED'],
  [I.IRQD_IRQ_INPROGRESS, 'IRQD_IRQ_INPROGRESS'],
  [I.IRQD_PER_CPU, 'IRQD_PER_CPU'],
  [I.IRQD_NO_BALANCING, 'IRQD_NO_BALANCING'],
  [I.IRQD_SINGLE_TARGET, 'IRQD_SINGLE_TARGET'],
  [I.IRQD_AFFINITY_SET, 'IRQD_AFFINITY_SET'],
  [I.IRQD_SETAFFINITY_PENDING, 'IRQD_SETAFFINITY_PENDING'],
  [I.IRQD_AFFINITY_MANAGED, 'IRQD_AFFINITY_MANAGED'],
  [I.IRQD_AFFINITY_ON_ACTIVATE, 'IRQD_AFFINITY_ON_ACTIVATE'],
  [I.IRQD_MANAGED_SHUTDOWN, 'IRQD_MANAGED_SHUTDOWN'],
  [I.IRQD_CAN_RESERVE, 'IRQD_CAN_RESERVE'],
  [I.IRQD_FORWARDED_TO_VCPU, 'IRQD_FORWARDED_TO_VCPU'],
  [I.IRQD_WAKEUP_STATE, 'IRQD_WAKEUP_STATE'],
  [I.IRQD_WAKEUP_ARMED, 'IRQD_WAKEUP_ARMED'],
  [I.IRQD_DEFAULT_TRIGGER_SET, 'IRQD_DEFAULT_TRIGGER_SET'],
  [I.IRQD_HANDLE_ENFORCE_IRQCTX, 'IRQD_HANDLE_ENFORCE_IRQCTX'],
  [I.IRQD_IRQ_ENABLED_ON_SUSPEND, 'IRQD_IRQ_ENABLED_ON_SUSPEND'],
  [I.IRQD_RESEND_WHEN_IN_PROGRESS, 'IRQD_RESEND_WHEN_IN_PROGRESS'],
] as const);

const IRQDESC_STATES: BitNames = [
  [I.IRQ_NOPROBE, '_IRQ_NOPROBE'],
  [I.IRQ_NOREQUEST, '_IRQ_NOREQUEST'],
  [I.IRQ_NOTHREAD, '_IRQ_NOTHREAD'],
  [I.IRQ_NOAUTOEN, '_IRQ_NOAUTOEN'],
  [I.IRQ_NESTED_THREAD, '_IRQ_NESTED_THREAD'],
  [I.IRQ_PER_CPU_DEVID, '_IRQ_PER_CPU_DEVID'],
  [I.IRQ_IS_POLLED, '_IRQ_IS_POLLED'],
  [I.IRQ_DISABLE_UNLAZY, '_IRQ_DISABLE_UNLAZY'],
  [I.IRQ_HIDDEN, '_IRQ_HIDDEN'],
];

const IRQDESC_ISTATES: BitNames = [
  [I.IRQS_AUTODETECT, 'IRQS_AUTODETECT'],
  [I.IRQS_SPURIOUS_DISABLED, 'IRQS_SPURIOUS_DISABLED'],
  [I.IRQS_POLL_INPROGRESS, 'IRQS_POLL_INPROGRESS'],
  [I.IRQS_ONESHOT, 'IRQS_ONESHOT'],
  [I.IRQS_REPLAY, 'IRQS_REPLAY'],
  [I.IRQS_WAITING, 'IRQS_WAITING'],
  [I.IRQS_PENDING, 'IRQS_PENDING'],
  [I.IRQS_SUSPENDED, 'IRQS_SUSPENDED'],
  [I.IRQS_NMI, 'IRQS_NMI'],
];

const IRQCHIP_FLAGS: BitNames = [
  [I.IRQCHIP_SET_TYPE_MASKED, 'IRQCHIP_SET_TYPE_MASKED'],
  [I.IRQCHIP_EOI_IF_HANDLED, 'IRQCHIP_EOI_IF_HANDLED'],
  [I.IRQCHIP_MASK_ON_SUSPEND, 'IRQCHIP_MASK_ON_SUSPEND'],
  [I.IRQCHIP_ONOFFLINE_ENABLED, 'IRQCHIP_ONOFFLINE_ENABLED'],
  [I.IRQCHIP_SKIP_SET_WAKE, 'IRQCHIP_SKIP_SET_WAKE'],
  [I.IRQCHIP_ONESHOT_SAFE, 'IRQCHIP_ONESHOT_SAFE'],
  [I.IRQCHIP_EOI_THREADED, 'IRQCHIP_EOI_THREADED'],
  [I.IRQCHIP_SUPPORTS_LEVEL_MSI, 'IRQCHIP_SUPPORTS_LEVEL_MSI'],
  [I.IRQCHIP_SUPPORTS_NMI, 'IRQCHIP_SUPPORTS_NMI'],
  [I.IRQCHIP_ENABLE_WAKEUP_ON_SUSPEND, 'IRQCHIP_ENABLE_WAKEUP_ON_SUSPEND'],
  [I.IRQCHIP_IMMUTABLE, 'IRQCHIP_IMMUTABLE'],
  [I.IRQCHIP_MOVE_DEFERRED, 'IRQCHIP_MOVE_DEFERRED'],
];

const IRQDOMAIN_FLAGS: BitNames = [
  [D.IRQ_DOMAIN_FLAG_HIERARCHY, 'IRQ_DOMAIN_FLAG_HIERARCHY'],
  [D.IRQ_DOMAIN_NAME_ALLOCATED, 'IRQ_DOMAIN_NAME_ALLOCATED'],
  [D.IRQ_DOMAIN_FLAG_IPI_PER_CPU, 'IRQ_DOMAIN_FLAG_IPI_PER_CPU'],
  [D.IRQ_DOMAIN_FLAG_IPI_SINGLE, 'IRQ_DOMAIN_FLAG_IPI_SINGLE'],
  [D.IRQ_DOMAIN_FLAG_MSI, 'IRQ_DOMAIN_FLAG_MSI'],
  [D.IRQ_DOMAIN_FLAG_ISOLATED_MSI, 'IRQ_DOMAIN_FLAG_ISOLATED_MSI'],
  [D.IRQ_DOMAIN_FLAG_NO_MAP, 'IRQ_DOMAIN_FLAG_NO_MAP'],
  [D.IRQ_DOMAIN_FLAG_MSI_PARENT, 'IRQ_DOMAIN_FLAG_MSI_PARENT'],
  [D.IRQ_DOMAIN_FLAG_MSI_DEVICE, 'IRQ_DOMAIN_FLAG_MSI_DEVICE'],
  [D.IRQ_DOMAIN_FLAG_NONCORE, 'IRQ_DOMAIN_FLAG_NONCORE'],
];

const sp = (n: number) => ' '.repeat(n);
const hex8 = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
const hex = (n: number) => `0x${n.toString(16)}`;

/** irq_debug_show_bits: one line per set bit, indented ind + 12. */
function bits(out: string[], ind: number, state: number, table: BitNames): void {
  for (const [mask, name] of table) if (state & mask) out.push(`${sp(ind + 12)}${name}`);
}

/** The IRQD_* names set in an interrupt's state (for snapshots). */
export function irqdStateNames(state: number): string[] {
  const out: string[] = [];
  for (const [mask, name] of IRQDATA_STATES) if (state & mask) out.push(name);
  return out;
}

/** GITS_TRANSLATER (ITS base + 0x10040): the doorbell address an ITS MSI writes. */
function translater(host: ItsHost): number {
  const at = host.node.lastIndexOf('@');
  return parseInt(host.node.slice(at + 1), 16) + 0x10040;
}

/** msi_domain_debug_show (v6.15+) on a per-device MSI level: the message the device writes. */
function msiDebugShow(out: string[], d: IrqData, ind: number): void {
  const host = (d.domain as IrqDomain).hostData;
  if (!(host instanceof MsiHost) || host.global) return;
  const its = d.parentData;
  if (!its?.domain) return;
  const dev = its.chipData as ItsDevice | null;
  const event = dev ? dev.eventOf(its.hwirq) : 0;
  const msix = host.chip.name.startsWith('ITS-PCI-MSIX-');
  out.push(`${sp(ind)}${msix ? 'msix' : 'msi'}:`);
  out.push(`${sp(ind + 1)}address_hi: ${hex8(0)}`);
  out.push(`${sp(ind + 1)}address_lo: ${hex8(translater(its.domain.hostData as ItsHost))}`);
  out.push(`${sp(ind + 1)}msg_data:   ${hex8(event)}`);
}

function showData(out: string[], d: IrqData, ind: number): void {
  out.push(`${sp(ind)}domain:  ${d.domain ? d.domain.name : ''}`);
  out.push(`${sp(ind + 1)}hwirq:   ${hex(d.hwirq)}`);
  const chip = d.chip;
  if (!chip) out.push('chip: None');
  else {
    out.push(`${sp(ind + 1)}chip:    ${chip.name}`);
    out.push(`${sp(ind + 2)}flags:   ${hex(chip.flags)}`);
    bits(out, ind + 1, chip.flags, IRQCHIP_FLAGS);
  }
  if (d.domain) msiDebugShow(out, d, ind + 1);
  if (!d.parentData) return;
  out.push(`${sp(ind + 1)}parent:`);
  showData(out, d.parentData, ind + 4);
}

/** irq_debug_show: /sys/kernel/debug/irq/irqs/N. */
export function irqDebugShow(desc: IrqDesc, nrCpus: number): string {
  const d = desc.irqData;
  const out: string[] = [];
  out.push(`handler:  ${desc.handler}`);
  out.push(`device:   ${desc.devName}`);
  out.push(`status:   ${hex8(desc.status)}`);
  bits(out, 0, desc.status, IRQDESC_STATES);
  out.push(`istate:   ${hex8(desc.istate)}`);
  bits(out, 0, desc.istate, IRQDESC_ISTATES);
  out.push(`ddepth:   ${desc.depth}`);
  out.push(`wdepth:   ${desc.wakeDepth}`);
  out.push(`dstate:   ${hex8(d.common.state)}`);
  bits(out, 0, d.common.state, IRQDATA_STATES);
  out.push(`node:     ${d.common.node}`);
  out.push(`affinity: ${cpumaskPbl(d.common.affinity, nrCpus)}`);
  out.push(`effectiv: ${cpumaskPbl(d.common.effectiveAffinity, nrCpus)}`);
  showData(out, d, 0);
  return out.join('\n') + '\n';
}

function showDomain(out: string[], d: IrqDomain, ind: number): void {
  out.push(`${sp(ind)}name:   ${d.name}`);
  out.push(`${sp(ind + 1)}size:   ${d.revmapSize}`);
  out.push(`${sp(ind + 1)}mapped: ${d.mapcount}`);
  out.push(`${sp(ind + 1)}flags:  ${hex8(d.flags)}`);
  bits(out, ind, d.flags, IRQDOMAIN_FLAGS);
  if (!d.parent) return;
  out.push(`${sp(ind + 1)}parent: ${d.parent.name}`);
  showDomain(out, d.parent, ind + 4);
}

/** irq_domain_debug_show: /sys/kernel/debug/irq/domains/<name>. */
export function domainDebugShow(d: IrqDomain): string {
  const out: string[] = [];
  showDomain(out, d, 0);
  return out.join('\n') + '\n';
}
