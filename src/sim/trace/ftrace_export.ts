// The engine's recorded events as the kernel's trace file prints them (kernel/trace/trace_output.c
// trace_print_context, "%16s-%-7d [%03d] %s %5lu.%06lu: "), with each tracepoint's TP_printk
// text: include/trace/events/irq_matrix.h, arch/x86/include/asm/trace/irq_vectors.h (5.x-6.x,
// vector_activate printing "reserve=") and include/trace/events/irq.h. Events that are not
// kernel tracepoints (ITS, Xen, warnings) become tracing_mark_write lines. Also JSON lines.
import { describeEvent, type SimEvent } from '../events';
import { resolveMachine, type Scenario } from '../scenario/schema';
import type { StampedEvent } from '../snapshot';

export interface FtraceExportOptions {
  /** The scenario the events come from: names the CPU of each irq_matrix_online/offline. */
  scenario?: Scenario;
  /** Task name and pid printed on every line (default "irqscope", 1). */
  comm?: string;
  pid?: number;
}

const b = (v: boolean) => (v ? 1 : 0);
const hex8 = (v: number) => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;

/** The TP_printk text of a tracepoint event, or null when the event is not a kernel tracepoint. */
export function tracepointBody(e: SimEvent): string | null {
  switch (e.type) {
    case 'irq_matrix_online':
    case 'irq_matrix_offline':
    case 'irq_matrix_reserve':
    case 'irq_matrix_remove_reserved':
      return `online_maps=${e.online_maps} global_avl=${e.global_available}, global_rsvd=${e.global_reserved}, total_alloc=${e.total_allocated}`;
    case 'irq_matrix_assign_system':
      return `bit=${e.bit} online_maps=${e.online_maps} global_avl=${e.global_available}, global_rsvd=${e.global_reserved}, total_alloc=${e.total_allocated}`;
    case 'irq_matrix_reserve_managed':
    case 'irq_matrix_remove_managed':
    case 'irq_matrix_alloc_managed':
    case 'irq_matrix_assign':
    case 'irq_matrix_alloc':
    case 'irq_matrix_free':
      return (
        `bit=${e.bit} cpu=${e.cpu} online=${b(e.online)} avl=${e.available} alloc=${e.allocated} managed=${e.managed} ` +
        `online_maps=${e.online_maps} global_avl=${e.global_available}, global_rsvd=${e.global_reserved}, total_alloc=${e.total_allocated}`
      );
    case 'vector_config':
      return `irq=${e.irq} vector=${e.vector} cpu=${e.cpu} apicdest=${hex8(e.apicdest)}`;
    case 'vector_update':
    case 'vector_clear':
      return `irq=${e.irq} vector=${e.vector} cpu=${e.cpu} prev_vector=${e.prev_vector} prev_cpu=${e.prev_cpu}`;
    case 'vector_reserve':
    case 'vector_reserve_managed':
      return `irq=${e.irq} ret=${e.ret}`;
    case 'vector_alloc':
      return `irq=${e.irq} vector=${e.vector} reserved=${b(e.reserved)} ret=${e.ret}`;
    case 'vector_alloc_managed':
      return `irq=${e.irq} vector=${e.vector} ret=${e.ret}`;
    case 'vector_activate':
    case 'vector_deactivate':
      return `irq=${e.irq} is_managed=${b(e.is_managed)} can_reserve=${b(e.can_reserve)} reserve=${b(e.reserve)}`;
    case 'vector_teardown':
      return `irq=${e.irq} is_managed=${b(e.is_managed)} has_reserved=${b(e.has_reserved)}`;
    case 'vector_setup':
      return `irq=${e.irq} is_legacy=${b(e.is_legacy)} ret=${e.ret}`;
    case 'vector_free_moved':
      return `irq=${e.irq} cpu=${e.cpu} vector=${e.vector} is_managed=${b(e.is_managed)}`;
    case 'irq_handler_entry':
      return `irq=${e.irq} name=${e.name}`;
    case 'irq_handler_exit':
      return `irq=${e.irq} ret=${e.ret ? 'handled' : 'unhandled'}`;
    default:
      return null;
  }
}

/** The irq-flags column: the vector domain runs under vector_lock (irqs off, preempt depth 1), handlers in hardirq. */
function flagsOf(e: SimEvent): string {
  if (e.type === 'irq_handler_entry' || e.type === 'irq_handler_exit') return 'd.h1.';
  if (tracepointBody(e) !== null) return 'd..1.';
  return '.....';
}

/** The CPU each step's irq_matrix_online/offline concerns: the boot CPU, then the others, then each hotplug step's. */
function hotplugCpus(scenario: Scenario | undefined): (e: StampedEvent) => number | null {
  if (!scenario) return () => null;
  const cfg = resolveMachine(scenario.machine);
  const boot = [0, ...cfg.online.filter((c) => c !== 0)];
  let booted = 0;
  return (e) => {
    if (e.type !== 'irq_matrix_online' && e.type !== 'irq_matrix_offline') return null;
    if (e.step < 0) return boot[Math.min(booted++, boot.length - 1)];
    const st = scenario.steps[e.step];
    return st && (st.do === 'cpu.online' || st.do === 'cpu.offline') ? st.cpu : null;
  };
}

function header(events: readonly StampedEvent[] | null, cpus: number, withScenario: boolean): string[] {
  const n = events ? events.length : null;
  return [
    '# tracer: nop',
    '#',
    '# irqscope: a simulated machine. Timestamps are synthetic: second N+1 is step N (boot is second 0), one microsecond per event within a step.',
    withScenario
      ? '# irqscope: the CPU column is the CPU an irq_matrix_online/offline concerns, else 0.'
      : '# irqscope: exported without its scenario, so the CPU column is 0 for every event (irq_matrix_online/offline included).',
    '# irqscope: events that are not kernel tracepoints (ITS, Xen, warnings) are tracing_mark_write lines.',
    '#',
    ...(n !== null ? [`# entries-in-buffer/entries-written: ${n}/${n}   #P:${cpus}`, '#'] : []),
    '#                                _-----=> irqs-off/BH-disabled',
    '#                               / _----=> need-resched',
    '#                              | / _---=> hardirq/softirq',
    '#                              || / _--=> preempt-depth',
    '#                              ||| / _-=> migrate-disable',
    '#                              |||| /     delay',
    '#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION',
    '#              | |         |   |||||     |         |',
  ];
}

/** The lines of the trace file, one per event (the header first). */
export function* ftraceLines(events: Iterable<StampedEvent>, opts: FtraceExportOptions = {}): Generator<string> {
  const comm = (opts.comm ?? 'irqscope').slice(0, 15);
  const pid = opts.pid ?? 1;
  const array = Array.isArray(events) ? (events as readonly StampedEvent[]) : null;
  const cpus = opts.scenario ? resolveMachine(opts.scenario.machine).cpus : 1;
  yield* header(array, cpus, opts.scenario !== undefined);
  const cpuOf = hotplugCpus(opts.scenario);
  let step = Number.NaN;
  let inStep = 0;
  let nextSeq = -1;
  for (const e of events) {
    if (nextSeq >= 0 && e.seq > nextSeq) yield `CPU:0 [LOST ${e.seq - nextSeq} EVENTS]`;
    if (nextSeq < 0 && e.seq > 0) yield `CPU:0 [LOST ${e.seq} EVENTS]`;
    nextSeq = e.seq + 1;
    if (e.step !== step) {
      step = e.step;
      inStep = 0;
    }
    const secs = e.step + 1;
    const usecs = Math.min(inStep++, 999_999);
    const cpu = cpuOf(e) ?? 0;
    const body = tracepointBody(e);
    const name = body !== null ? e.type : 'tracing_mark_write';
    const text = body ?? `irqscope: ${e.type}: ${describeEvent(e)}`;
    yield `${comm.padStart(16)}-${String(pid).padEnd(7)} [${String(cpu).padStart(3, '0')}] ${flagsOf(e)} ${String(secs).padStart(5)}.${String(usecs).padStart(6, '0')}: ${name}: ${text}`;
  }
}

/** The whole trace file as text. */
export function exportFtrace(events: Iterable<StampedEvent>, opts: FtraceExportOptions = {}): string {
  let out = '';
  for (const line of ftraceLines(events, opts)) out += `${line}\n`;
  return out;
}

/** JSON lines: one event object per line, with its step and sequence number. */
export function* jsonLines(events: Iterable<StampedEvent>): Generator<string> {
  for (const e of events) yield JSON.stringify(e);
}

export function exportJsonLines(events: Iterable<StampedEvent>): string {
  let out = '';
  for (const line of jsonLines(events)) out += `${line}\n`;
  return out;
}
