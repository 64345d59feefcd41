// /sys/kernel/debug/irq as kernel/irq/debugfs.c prints it (irq_debug_show: irqs/N) and
// kernel/irq/irqdomain.c (irq_domain_debug_show_one: domains/<name>), for an arm64 kernel
// (GENERIC_IRQ_EFFECTIVE_AFF_MASK, no GENERIC_PENDING_IRQ), with msi_domain_debug_show's
// address/data block (v6.15+, MSI_DOMAIN_OPS.debugShow) on the per-device MSI domains. The
// domain files come from core/debugfs.ts; irqs/N is printed here because arm64 has no
// GENERIC_PENDING_IRQ (no "pending:" line) and names the status bits _IRQ_*.
import { cpumaskPbl } from '../core/cpumask';
import type { IrqDesc } from '../core/desc';
import type { IrqData } from '../core/irqdata';
import * as I from '../core/irqdata';
import type { IrqDomain } from '../core/irqdomain';
import { IRQDATA_STATES, irqDomainDebugShowOne } from '../core/debugfs';

type BitNames = ReadonlyArray<readonly [number, string]>;


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


const sp = (n: number) => ' '.repeat(n);
const hex8 = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
const hex = (n: number) => `0x${n.toString(16)}`;

/** irq_debug_show_bits: one line per set bit, indented ind + 12. */
function bits(out: string[], ind: number, state: number, table: BitNames): void {
  for (const [mask, name] of table) if (state & mask) out.push(`${sp(ind + 12)}${name}`);
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
  if (d.domain?.ops.debugShow) {
    const extra = d.domain.ops.debugShow(d.domain, d, ind + 1);
    if (extra) out.push(extra.replace(/\n$/, ''));
  }
  if (!d.parentData) return;
  out.push(`${sp(ind + 1)}parent:`);
  showData(out, d.parentData, ind + 4);
}

/** irq_debug_show: /sys/kernel/debug/irq/irqs/N. */
export function irqDebugShow(desc: IrqDesc, nrCpus: number): string {
  const d = desc.irqData;
  const out: string[] = [];
  out.push(`handler:  ${desc.handler}`);
  out.push(`device:   ${desc.devName || '(null)'}`);
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

/** irq_domain_debug_show: /sys/kernel/debug/irq/domains/<name> (the core's printer). */
export function domainDebugShow(d: IrqDomain): string {
  return irqDomainDebugShowOne(d, 0);
}
