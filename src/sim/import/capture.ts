// The one entry point for what a user brings: it recognises the capture (/proc/interrupts, the
// /proc/irq tree, /sys/kernel/debug/irq, the Xen 'e' listing, a scenario JSON file, an ftrace
// text) and builds the machine, or says in one sentence what it could not understand.
import { importProcInterrupts } from '../scenario/import_proc_interrupts';
import { parseScenario } from '../scenario/validate';
import type { ImportResult } from './build';
import { importDebugfs } from './debugfs_import';
import { parseDebugfs } from './debugfs_parse';
import { checkCaptureBytes, checkCaptureText } from './guard';
import { importProcIrqTree, parseProcIrqTree } from './proc_irq_tree';
import { importXenEvtchnDump, parseXenEvtchnDump } from './xen_debugkey';

export type { CaptureDevice, ImportResult } from './build';
export { MAX_CAPTURE_CHARS } from './guard';

export type CaptureKind =
  | 'scenario'
  | 'ftrace'
  | 'xen-evtchn'
  | 'debugfs'
  | 'proc-irq-tree'
  | 'proc-interrupts'
  | 'kvm-vgic'
  | 'unknown';

/** How many leading lines recognition looks at (bounded work on any input). */
const SNIFF_LINES = 400;

const FTRACE_LINE = /^\s*.*?-\d+\s+(?:\(\s*(?:\d+|-+)\)\s+)?\[\d{1,5}\]\s+(?:[a-zA-Z.][a-zA-Z0-9.]{2,4}\s+)?\d+\.\d+:\s+\w+:/;
const XEN_LINE = /^\(XEN\)\s+Event channel information for domain \d+:/;
const DEBUGFS_LINE = /^(?:[^\s]*:)?(?:handler:\s|dstate:\s|name:\s{2,}\S|Online bitmaps:\s|\s*\| CPU \| avl \|)/;
const PROC_IRQ_LINE = /(?:^|\/)proc\/irq\/(?:\d+\/[a-z_]+|default_smp_affinity)(?::| <==)/;
const PROC_INTERRUPTS_LINE = /^\s*CPU\d+(?:\s+CPU\d+)*\s*$|^\s*\d+:\s+\d+/;

function head(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  while (out.length < SNIFF_LINES && start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const l = text.slice(start, end).replace(/\r$/, '');
    if (l.trim() !== '') out.push(l);
    start = end + 1;
  }
  return out;
}

/** What a text is, from its first lines. */
export function recogniseCapture(text: string): CaptureKind {
  const first = text.trimStart()[0];
  if (first === '{') return 'scenario';
  const lines = head(text);
  const count = (re: RegExp) => lines.filter((l) => re.test(l)).length;
  const body = lines.filter((l) => !l.startsWith('#')).length;
  if (count(XEN_LINE) > 0) return 'xen-evtchn';
  if (lines.some((l) => /^Distributor$/.test(l.trim())) && lines.some((l) => /^vgic_model:/.test(l.trim()))) return 'kvm-vgic';
  const ft = count(FTRACE_LINE);
  if (ft > 0 && ft * 2 >= body) return 'ftrace';
  if (count(DEBUGFS_LINE) > 0 && count(PROC_INTERRUPTS_LINE) * 2 < lines.length) return 'debugfs';
  if (count(PROC_IRQ_LINE) * 2 >= lines.length) return 'proc-irq-tree';
  if (count(PROC_INTERRUPTS_LINE) > 0) return 'proc-interrupts';
  return 'unknown';
}

const UNKNOWN =
  'this text is none of the captures irqscope reads: /proc/interrupts (a "CPU0 CPU1 ..." header and "N: counts chip hwirq-edge name" lines), the /proc/irq tree (grep -r . /proc/irq), /sys/kernel/debug/irq files (domains/, irqs/N), the Xen \'e\' debug-key listing, an ftrace text, or a scenario JSON file';

function firstLines(text: string): string {
  const l = head(text).slice(0, 1)[0] ?? '';
  return l.length > 60 ? `${l.slice(0, 57)}...` : l;
}

function scenarioJson(text: string): ImportResult {
  const parsed = parseScenario(text);
  if (!parsed.ok) return { ok: false, message: `a JSON document, but not an irqscope scenario: ${parsed.message}` };
  const sc = parsed.scenario;
  return {
    ok: true,
    scenario: sc,
    format: 'irqscope scenario (JSON)',
    notes: [],
    devices: sc.steps.flatMap((st) =>
      st.do === 'device.add'
        ? [{ id: st.id, type: st.type, bdf: st.bdf ?? '', bdfSeen: st.bdf !== undefined, vectors: st.type === 'nvme' ? st.queues + 1 : st.type === 'nic' ? st.queues : st.type === 'msi' ? st.vectors : 1, managed: st.type === 'nvme' ? st.queues : 0 }]
        : [],
    ),
  };
}

/**
 * A scenario from whatever capture text is given. Never throws; refuses input that is not
 * text, too large, or not understood, with a message naming what was seen.
 */
export function importCapture(text: string): ImportResult {
  try {
    const bad = checkCaptureText(text);
    if (bad) return { ok: false, message: bad };
    switch (recogniseCapture(text)) {
      case 'scenario':
        return scenarioJson(text);
      case 'ftrace':
        return {
          ok: false,
          message: 'this is an ftrace capture: a recording of events, not a machine; open it with the trace replay (npm run --silent sim -- trace FILE)',
        };
      case 'xen-evtchn': {
        const blocks = parseXenEvtchnDump(text);
        return blocks ? importXenEvtchnDump(blocks) : { ok: false, message: "a Xen console listing, but no 'Event channel information for domain N:' block with ports" };
      }
      case 'debugfs': {
        const c = parseDebugfs(text);
        if (!c) return { ok: false, message: 'this looks like /sys/kernel/debug/irq text, but no domain file ("name:   ..."), irq file ("handler: ...") or matrix ("Online bitmaps: ...") could be read' };
        const kinds = [c.domains.length ? `${c.domains.length} domain files` : '', c.irqs.length ? `${c.irqs.length} irq files` : '', c.matrix ? 'a VECTOR matrix' : ''].filter(Boolean);
        return importDebugfs(c, `/sys/kernel/debug/irq (${kinds.join(', ')})`);
      }
      case 'proc-irq-tree': {
        const tree = parseProcIrqTree(text);
        return tree ? importProcIrqTree(tree) : { ok: false, message: 'lines naming /proc/irq files, but no file could be read ("proc/irq/N/FILE:value")' };
      }
      case 'proc-interrupts':
        return importProcInterrupts(text);
      case 'kvm-vgic':
        return {
          ok: false,
          message: "this is KVM's vgic-state of one guest (/sys/kernel/debug/kvm/<vm>/vgic-state): the guest's virtual GIC as its host emulates it, not a machine's interrupt setup; import the host's /proc/interrupts instead",
        };
      default:
        return { ok: false, message: `${UNKNOWN}; it starts with: ${JSON.stringify(firstLines(text))}` };
    }
  } catch (e) {
    return { ok: false, message: `the import failed (an irqscope defect): ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** The same from the bytes of a dropped file: images, archives and binaries are refused before decoding. */
export function importCaptureBytes(bytes: Uint8Array): ImportResult {
  const bad = checkCaptureBytes(bytes);
  if (bad) return { ok: false, message: bad };
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return importCapture(text);
}

