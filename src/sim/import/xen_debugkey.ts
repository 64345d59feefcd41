// The Xen console's 'e' debug key (xen/common/event_channel.c domain_dump_evtchn_info): one
// block per domain, a line per port with its state (s=), notify vCPU (n=) and binding.
import { LIMITS, type Machine, type Step } from '../scenario/schema';
import { finishScenario, type ImportResult } from './build';

/** enum of xen/include/xen/sched.h: ECS_FREE .. ECS_IPI */
const STATES = ['free', 'reserved', 'unbound', 'interdomain', 'pirq', 'virq', 'ipi'] as const;

export interface XenPort {
  line: number;
  port: number;
  state: number;
  vcpu: number;
  /** interdomain: the remote domain and port; pirq: p; virq: v. */
  remoteDomain: number | null;
  remotePort: number | null;
  virq: number | null;
  pirq: number | null;
}

export interface XenDomainBlock {
  domain: number;
  line: number;
  ports: XenPort[];
}

const BLOCK = /^\(XEN\)\s+Event channel information for domain (\d+):\s*$/;
const PORT = /^\(XEN\)\s+(\d+)\s+\[\d\/\d\/\d\]:\s+s=(\d+)\s+n=(\d+)(.*)$/;

/** The domain blocks of an 'e' listing; null when the text has none. */
export function parseXenEvtchnDump(text: string): XenDomainBlock[] | null {
  const blocks: XenDomainBlock[] = [];
  let cur: XenDomainBlock | null = null;
  text.split(/\r?\n/).forEach((raw, i) => {
    const b = BLOCK.exec(raw);
    if (b) {
      cur = { domain: Number(b[1]), line: i + 1, ports: [] };
      blocks.push(cur);
      return;
    }
    const p = PORT.exec(raw);
    if (!p || !cur) return;
    const rest = p[4];
    const field = (k: string) => {
      const m = new RegExp(`\\b${k}=(-?\\d+)`).exec(rest);
      return m ? Number(m[1]) : null;
    };
    const state = Number(p[2]);
    cur.ports.push({
      line: i + 1,
      port: Number(p[1]),
      state,
      vcpu: Number(p[3]),
      remoteDomain: field('d'),
      remotePort: state === 3 ? field('p') : null,
      virq: field('v'),
      pirq: state === 4 ? field('p') : null,
    });
  });
  return blocks.length > 0 ? blocks : null;
}

function describe(b: XenDomainBlock): string {
  const counts = new Map<string, number>();
  for (const p of b.ports) {
    const s = STATES[p.state] ?? `state ${p.state}`;
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  return [...counts].map(([s, n]) => `${n} ${s}`).join(', ');
}

/**
 * The host as a Xen dom0 running every guest of the listing (vm.launch type xen, as many vCPUs
 * as notify vCPUs seen). Dom0's own block, when listed, sets its CPUs.
 */
export function importXenEvtchnDump(blocks: XenDomainBlock[]): ImportResult {
  const notes: string[] = ['x86_64 assumed: the listing does not name the architecture'];
  const m: Machine = { xen: { role: 'dom0' } };
  const dom0 = blocks.find((b) => b.domain === 0);
  if (dom0 && dom0.ports.length > 0) {
    m.cpus = Math.min(Math.max(...dom0.ports.map((p) => p.vcpu)) + 1, LIMITS.cpus);
    notes.push(`dom0: ${dom0.ports.length} ports (${describe(dom0)}); ${m.cpus} CPUs from the highest notify vCPU`);
  } else notes.push("dom0's own channels are not listed: its CPUs are not visible, the default (8) is kept");
  const steps: Step[] = [];
  for (const b of blocks) {
    if (b.domain === 0) continue;
    const vcpus = Math.min(Math.max(1, ...b.ports.map((p) => p.vcpu + 1)), LIMITS.vcpus);
    const toDom0 = b.ports.filter((p) => p.state === 3 && p.remoteDomain === 0).length;
    steps.push({ do: 'vm.launch', id: `dom${b.domain}`, vcpus, type: 'xen' });
    notes.push(
      `domain ${b.domain} (line ${b.line}): ${b.ports.length} ports (${describe(b)}), ${toDom0} interdomain to dom0; launched as a Xen guest of ${vcpus} vCPU(s) from the highest notify vCPU. The model charges dom0 its backends' channels (xenstore, console, netback, blkback); the real guest's own backends are not visible here`,
    );
  }
  return finishScenario("Xen 'e' debug key (event channels)", `Imported Xen event channels: ${blocks.length} domain(s)`, m, [], notes, steps);
}
