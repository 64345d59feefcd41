// Reading ftrace / trace-cmd report text (kernel/trace/trace_output.c trace_print_context, the
// TP_printk formats of irq_matrix.h and irq_vectors.h) into events, holes and other lines.

/** One event line: "<task>-<pid> [<cpu>] <flags> <secs>.<usecs>: <event>: <fields>". */
export interface TraceEventLine {
  kind: 'event';
  /** 1-based line number. */
  line: number;
  text: string;
  comm: string;
  pid: number;
  /** The CPU the event was recorded on (the [NNN] column). */
  cpu: number;
  ts: number;
  /** Event name without its system ("irq_matrix_alloc"). */
  name: string;
  /** The TP_printk text after "name: ". */
  body: string;
}

/**
 * A hole in the record: "CPU:N [LOST n EVENTS]" (ring buffer overrun), trace-cmd's
 * "CPU:N [n EVENTS DROPPED]", "##### CPU N buffer started ####" (older events of that CPU
 * overwritten), or a line of dots where a mail or note elided some.
 */
export interface TraceGapLine {
  kind: 'gap';
  line: number;
  text: string;
  cpu: number | null;
  lost: number | null;
  why: string;
}

export type TraceLine = TraceEventLine | TraceGapLine;

export interface ParsedTrace {
  lines: TraceLine[];
  /** "#P:N" of the header: CPUs the buffer covers. */
  headerCpus: number | null;
  /** Non-empty lines that are neither events, holes nor '#' comments. */
  other: number[];
}

const EVENT_RE =
  /^\s*(.*?)-(\d+)\s+(?:\(\s*(?:\d+|-+)\)\s+)?\[(\d{1,5})\]\s+(?:([a-zA-Z.][a-zA-Z0-9.]{2,4})\s+)?(\d+\.\d+):\s+(?:\w+:)?(\w+):\s?(.*)$/;
const LOST_RE = /^\s*CPU:\s*(\d+)\s+\[LOST\s+(\d+)\s+EVENTS\]\s*$/;
const DROPPED_RE = /^\s*CPU:\s*(\d+)\s+\[(\d+)\s+EVENTS\s+DROPPED\]\s*$/;
const STARTED_RE = /^\s*#{3,}\s*CPU\s+(\d+)\s+buffer started\s*#{3,}\s*$/;
const ELIDED_RE = /^\s*(?:\.{3,}|…|\[\s*\.\.\.\s*\]|<snip>|\[snip\])\s*$/i;
const HEADER_CPUS_RE = /^#\s*entries-in-buffer\/entries-written:.*#P:(\d+)/;

/** Splits trace text into events and holes. Lines are not copied beyond their own text. */
export function parseTraceText(text: string): ParsedTrace {
  const lines: TraceLine[] = [];
  const other: number[] = [];
  let headerCpus: number | null = null;
  let start = 0;
  let n = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const raw = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
    n++;
    start = end + 1;
    if (raw.trim() === '') continue;
    if (raw.trimStart().startsWith('#')) {
      const started = STARTED_RE.exec(raw);
      if (started) {
        lines.push({ kind: 'gap', line: n, text: raw, cpu: Number(started[1]), lost: null, why: `CPU ${started[1]}'s buffer starts here: its older events were overwritten` });
        continue;
      }
      const h = HEADER_CPUS_RE.exec(raw);
      if (h) headerCpus = Number(h[1]);
      continue;
    }
    const m = EVENT_RE.exec(raw);
    if (m) {
      lines.push({
        kind: 'event',
        line: n,
        text: raw,
        comm: m[1].trim(),
        pid: Number(m[2]),
        cpu: Number(m[3]),
        ts: Number(m[5]),
        name: m[6],
        body: m[7],
      });
      continue;
    }
    const lost = LOST_RE.exec(raw) ?? DROPPED_RE.exec(raw);
    if (lost) {
      lines.push({ kind: 'gap', line: n, text: raw, cpu: Number(lost[1]), lost: Number(lost[2]), why: `${lost[2]} events lost on CPU ${lost[1]}` });
      continue;
    }
    if (ELIDED_RE.test(raw)) {
      lines.push({ kind: 'gap', line: n, text: raw, cpu: null, lost: null, why: 'lines elided here (an unknown number of events)' });
      continue;
    }
    other.push(n);
  }
  return { lines, headerCpus, other };
}

/**
 * The "key=value" fields of a TP_printk body: "bit=33 cpu=26 ... global_avl=20687, global_rsvd=341".
 * Numbers are decimal, negative or 0x-hex; a value that is not a number is kept as NaN.
 */
export function parseFields(body: string): Map<string, number> {
  const out = new Map<string, number>();
  const re = /([A-Za-z_][A-Za-z0-9_]*)=(-?(?:0x[0-9a-fA-F]+|\d+)|\S*?)(?:,|\s|$)/g;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    const v = m[2];
    out.set(m[1], /^-?0x/i.test(v) ? (v.startsWith('-') ? -parseInt(v.slice(3), 16) : parseInt(v.slice(2), 16)) : /^-?\d+$/.test(v) ? Number(v) : NaN);
    if (m[0] === '') re.lastIndex++;
  }
  return out;
}
