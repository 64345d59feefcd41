// A text listing of a domain's event channels in the spirit of Xen's 'e' debug key
// (xen/common/event_channel.c: domain_dump_evtchn_info prints "port [p/m/s]: s=<state>
// n=<vcpu> ..." with d=/p= for interdomain, p= for pirq, v= for virq) joined with the
// kernel's view of each port (IRQ, irq_info type, handler name).
import { ECS_NAMES } from './abi';
import type { XenEvents } from './events_base';

function pad(s: string | number, n: number): string {
  return String(s).padStart(n);
}

/** One line per bound port, ascending; then PIRQs that have an IRQ but no port yet. */
export function formatEvtchnList(x: XenEvents, domid = 0): string {
  const lines: string[] = [
    `Event channel information for domain ${domid} (ABI ${x.abi}, ${x.ports.bound} of ${x.maxChannels - 1} ports bound):`,
    '    port  state              irq  cpu  binding',
  ];
  for (const port of x.ports.ports()) {
    const s = x.ports.stateOf(port);
    const irq = x.irqFromEvtchn(port);
    const info = irq >= 0 ? x.irqInfo.get(irq) : undefined;
    let xen = '';
    if (info?.type === 'VIRQ') xen = `v=${info.virq}`;
    else if (info?.type === 'PIRQ') xen = `p=${info.pirq?.pirq}`;
    else if (info?.interdomain) xen = `d=${info.interdomain.domid} p=${info.interdomain.remotePort}`;
    const kernel = info ? `${info.type} ${x.bindingText(info)} "${info.owner}"` : 'no IRQ';
    const state = `s=${s} (${ECS_NAMES[s]})`.padEnd(17);
    lines.push(`  ${pad(port, 6)}  ${state} ${pad(irq, 4)}  ${pad(x.ports.vcpuOf(port), 3)}  ${xen ? `${xen} ` : ''}${kernel}`);
  }
  const unstarted = [...x.irqInfo.values()].filter((i) => i.evtchn === 0).sort((a, b) => a.irq - b.irq);
  if (unstarted.length > 0) {
    lines.push('  IRQs without a port (PIRQs not started):');
    for (const i of unstarted) lines.push(`       -  ${''.padEnd(17)} ${pad(i.irq, 4)}  ${pad(i.cpu, 3)}  ${i.type} ${x.bindingText(i)} "${i.owner}"`);
  }
  return lines.join('\n');
}
