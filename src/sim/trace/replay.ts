// A recorded machine from an ftrace capture: the per-CPU vector state rebuilt event by event,
// every event judged against it, holes re-baselining it, and the state after any event on demand
// (checkpoints every `interval` records, so scrubbing replays fewer than `interval` events).
import { checkCaptureText } from '../import/guard';
import { LIMITS } from '../scenario/schema';
import { Check, type Mismatch, type TraceStatus } from './check';
import { MATRIX_EVENTS, applyMatrixEvent, type MatrixHints } from './matrix_events';
import { parseFields, parseTraceText, type TraceEventLine, type TraceLine } from './parse';
import { TraceState, traceMatrixText } from './state';
import { VECTOR_EVENTS, applyVectorEvent } from './vector_events';

export interface TraceRecord {
  /** Index in `records`: the timeline position. */
  index: number;
  /** 1-based line of the capture. */
  line: number;
  text: string;
  /** Event name, or null for a hole marker. */
  event: string | null;
  /** The trace's CPU column (null for '...' lines). */
  cpu: number | null;
  /** Timestamp in seconds, or null. */
  ts: number | null;
  status: TraceStatus;
  mismatches: Mismatch[];
  /** How many reported values were checked / learnt. */
  checked: number;
  learned: number;
  /** Why a gap, or what the event started. */
  note?: string;
}

export interface TraceCounts {
  events: number;
  consistent: number;
  inconsistent: number;
  baseline: number;
  gaps: number;
}

interface Applied {
  line: TraceLine;
  fields: Map<string, number> | null;
  matrixHints: MatrixHints;
  allocBit: number;
  /** irq_matrix_free right after a vector_clear / vector_update of this irq: managed as that irq is (-1: none). */
  managedIrq: number;
  /** vector_update: whether the old vector is freed at once (VectorHints.freedAtOnce). */
  freedAtOnce: number;
  /** Set when the first matrix event shows an empty matrix (the trace starts at boot). */
  fresh: boolean;
}

export type TraceImport = { ok: true; replay: TraceReplay } | { ok: false; message: string };

const NOT_A_TRACE =
  'this is not an ftrace capture: expected lines like "  kworker/0:2-2827  [000] d..1. 76495.343456: vector_alloc: irq=82 vector=37 reserved=1 ret=0" (cat /sys/kernel/tracing/trace, or trace-cmd report)';

/** Applies record `r` to `s` and judges it. */
function applyOne(s: TraceState, a: Applied): Check {
  const chk = new Check();
  const l = a.line;
  if (l.kind === 'gap') {
    s.forget();
    return chk;
  }
  if (a.fresh) s.startFresh();
  let hints = a.matrixHints;
  if (hints.managed < 0 && a.managedIrq >= 0) {
    const m = s.irqs.get(a.managedIrq)?.isManaged ?? NaN;
    if (!Number.isNaN(m)) hints = { ...hints, managed: m };
  }
  const err = MATRIX_EVENTS.has(l.name)
    ? applyMatrixEvent(s, l.name, a.fields!, l.cpu, hints, chk)
    : applyVectorEvent(s, l.name, a.fields!, { allocBit: a.allocBit, freedAtOnce: a.freedAtOnce }, chk);
  if (err) {
    chk.note = `${err}: it cannot be applied, the rebuild starts again from the next events`;
    s.forget();
  }
  return chk;
}

export class TraceReplay {
  readonly records: TraceRecord[] = [];
  readonly counts: TraceCounts = { events: 0, consistent: 0, inconsistent: 0, baseline: 0, gaps: 0 };
  readonly nrCpus: number;
  readonly interval: number;
  /** What the capture holds besides the rebuilt events (ignored events, unparsed lines). */
  readonly notes: string[] = [];
  private readonly applied: Applied[];
  private readonly checkpoints: TraceState[] = [];
  private readonly last: TraceState;

  constructor(applied: Applied[], nrCpus: number, notes: string[], interval?: number) {
    this.applied = applied;
    this.nrCpus = nrCpus;
    this.notes.push(...notes);
    this.interval = Math.max(1, Math.floor(interval ?? Math.max(64, Math.ceil(applied.length / 64))));
    const s = new TraceState(nrCpus);
    for (let i = 0; i < applied.length; i++) {
      if (i % this.interval === 0) this.checkpoints.push(s.clone());
      const a = applied[i];
      const chk = applyOne(s, a);
      const l = a.line;
      // The event that shows an empty matrix is the baseline itself, not a check of it.
      const judged = chk.status();
      const status: TraceStatus = l.kind === 'gap' || chk.note ? 'gap' : a.fresh && judged === 'consistent' ? 'baseline' : judged;
      const rec: TraceRecord = {
        index: i,
        line: l.line,
        text: l.text,
        event: l.kind === 'event' ? l.name : null,
        cpu: l.cpu,
        ts: l.kind === 'event' ? l.ts : null,
        status,
        mismatches: chk.mismatches,
        checked: chk.checked,
        learned: chk.learned,
      };
      const note = l.kind === 'gap' ? `${l.why}: the rebuild forgets what it knew and starts again from the next events` : chk.note ?? (a.fresh ? 'the matrix is empty here (the trace starts at boot): every map starts known' : undefined);
      if (note) rec.note = note;
      this.records.push(rec);
      if (l.kind === 'event') this.counts.events++;
      if (status === 'gap') this.counts.gaps++;
      else this.counts[status]++;
    }
    this.last = s;
  }

  get length(): number {
    return this.records.length;
  }

  /** The state after record `k` (k = -1: before the first); a fresh copy the caller may keep. */
  stateAt(k: number): TraceState {
    k = Math.max(-1, Math.min(k, this.records.length - 1));
    if (k === this.records.length - 1) return this.last.clone();
    const c = Math.min(Math.floor((k + 1) / this.interval), this.checkpoints.length - 1);
    const s = c >= 0 ? this.checkpoints[c].clone() : new TraceState(this.nrCpus);
    for (let i = c * this.interval; i <= k; i++) applyOne(s, this.applied[i]);
    return s;
  }

  /** The state after the last record (shared: do not change it). */
  get final(): TraceState {
    return this.last;
  }

  /** The kernel's domains/VECTOR matrix text of the state after record `k` (default: the end). */
  matrixText(k = this.records.length - 1): string {
    return traceMatrixText(k === this.records.length - 1 ? this.last : this.stateAt(k));
  }

  /** "N events, N consistent, N inconsistent, N gaps" */
  summaryLine(): string {
    const c = this.counts;
    return `${c.events} events, ${c.consistent} consistent, ${c.inconsistent} inconsistent, ${c.gaps} gaps`;
  }
}

function streamKey(l: TraceEventLine): string {
  return `${l.cpu}:${l.pid}`;
}

/**
 * The hints a matrix event needs from its neighbours in the same task on the same CPU: the
 * vector_alloc after an irq_matrix_alloc says whether a reservation was used; the event before
 * an irq_matrix_free (vector_free_moved, vector_clear, vector_update) whether it was managed.
 */
function linkHints(items: Applied[], hasMatrix: boolean): void {
  const next = new Array<number>(items.length).fill(-1);
  const lastOf = new Map<string, number>();
  for (let i = items.length - 1; i >= 0; i--) {
    const l = items[i].line;
    if (l.kind !== 'event') {
      lastOf.clear();
      continue;
    }
    const k = streamKey(l);
    next[i] = lastOf.get(k) ?? -1;
    lastOf.set(k, i);
  }
  const prevOf = new Map<string, number>();
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    const l = it.line;
    if (l.kind !== 'event') {
      prevOf.clear();
      continue;
    }
    const k = streamKey(l);
    const prev = prevOf.get(k);
    prevOf.set(k, i);
    const f = it.fields!;
    if (l.name === 'irq_matrix_alloc' && next[i] >= 0) {
      const n = items[next[i]];
      const nf = n.fields;
      if (n.line.kind === 'event' && n.line.name === 'vector_alloc' && nf && nf.get('vector') === f.get('bit') && nf.get('ret') === 0) {
        it.matrixHints.reserved = nf.get('reserved') ? 1 : 0;
      }
    }
    if (l.name === 'vector_update' && hasMatrix) {
      const n = next[i] >= 0 ? items[next[i]] : null;
      const nf = n?.fields;
      const freed = n !== null && n.line.kind === 'event' && n.line.name === 'irq_matrix_free' && nf?.get('cpu') === f.get('prev_cpu') && nf?.get('bit') === f.get('prev_vector');
      it.freedAtOnce = freed ? 1 : 0;
    }
    if ((l.name === 'vector_alloc' || l.name === 'vector_alloc_managed') && prev !== undefined) {
      const p = items[prev];
      const want = l.name === 'vector_alloc' ? 'irq_matrix_alloc' : 'irq_matrix_alloc_managed';
      if (p.line.kind === 'event' && p.line.name === want) it.allocBit = p.fields!.get('bit') ?? -1;
    }
    if (l.name === 'irq_matrix_free' && prev !== undefined) {
      const p = items[prev];
      const pn = p.line.kind === 'event' ? p.line.name : '';
      if (pn === 'vector_free_moved') it.matrixHints.managed = p.fields!.get('is_managed') ? 1 : 0;
      else if (pn === 'vector_clear' || pn === 'vector_update') it.managedIrq = p.fields!.get('irq') ?? -1;
      // clear_irq_vector frees the vector and then the previous one: both as the irq is.
      else if (pn === 'irq_matrix_free') {
        it.managedIrq = p.managedIrq;
        it.matrixHints.managed = p.matrixHints.managed;
      }
    }
  }
}

/** Reads an ftrace / trace-cmd text capture with irq_matrix:* and irq_vectors:* events. Never throws. */
export interface TraceOptions {
  /** Records between checkpoints (default: about 64 checkpoints, at least 64 records apart). */
  interval?: number;
}

export function importTrace(text: string, opts: TraceOptions = {}): TraceImport {
  try {
    const bad = checkCaptureText(text);
    if (bad) return { ok: false, message: bad };
    const parsed = parseTraceText(text);
    const events = parsed.lines.filter((l): l is TraceEventLine => l.kind === 'event');
    if (events.length === 0) return { ok: false, message: NOT_A_TRACE };
    const ignored = new Map<string, number>();
    const items: Applied[] = [];
    let maxCpu = (parsed.headerCpus ?? 1) - 1;
    let started = false;
    // The matrix counts its online CPU maps: a machine has at least that many CPUs, even where
    // the excerpt's events name fewer of them.
    let maxOnlineMaps = 0;
    let mapsLine = 0;
    for (const l of parsed.lines) {
      if (l.kind === 'gap') {
        // Holes before the first rebuilt event change nothing.
        if (started) items.push({ line: l, fields: null, matrixHints: { reserved: -1, managed: -1 }, allocBit: -1, managedIrq: -1, freedAtOnce: -1, fresh: false });
        continue;
      }
      if (!MATRIX_EVENTS.has(l.name) && !VECTOR_EVENTS.has(l.name)) {
        ignored.set(l.name, (ignored.get(l.name) ?? 0) + 1);
        continue;
      }
      const fields = parseFields(l.body);
      for (const key of ['cpu', 'prev_cpu']) {
        const c = fields.get(key);
        if (c !== undefined && Number.isInteger(c) && c > maxCpu) maxCpu = c;
      }
      if (l.cpu > maxCpu) maxCpu = l.cpu;
      const maps = MATRIX_EVENTS.has(l.name) ? fields.get('online_maps') : undefined;
      if (maps !== undefined && Number.isInteger(maps) && maps > maxOnlineMaps) {
        maxOnlineMaps = maps;
        mapsLine = l.line;
      }
      started = true;
      items.push({ line: l, fields, matrixHints: { reserved: -1, managed: -1 }, allocBit: -1, managedIrq: -1, freedAtOnce: -1, fresh: false });
    }
    if (items.length === 0) {
      const found = [...ignored].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([n, c]) => `${n} (${c})`).join(', ');
      return { ok: false, message: `an ftrace capture, but without irq_matrix:* or irq_vectors:* vector events (it has ${found}); enable them with: echo 1 > /sys/kernel/tracing/events/irq_matrix/enable; echo 1 > /sys/kernel/tracing/events/irq_vectors/enable` };
    }
    const named = maxCpu + 1;
    if (maxOnlineMaps > LIMITS.cpus) {
      return { ok: false, message: `line ${mapsLine}: online_maps=${maxOnlineMaps} is beyond the ${LIMITS.cpus} CPUs irqscope models` };
    }
    if (maxCpu + 1 > LIMITS.cpus) {
      const where = items.find((it) => it.line.kind === 'event' && (it.line.cpu > LIMITS.cpus - 1 || [...(it.fields?.entries() ?? [])].some(([k, v]) => (k === 'cpu' || k === 'prev_cpu') && v > LIMITS.cpus - 1)))!;
      return { ok: false, message: `line ${where.line.line}: CPU ${maxCpu} is beyond the ${LIMITS.cpus} CPUs irqscope models` };
    }
    // A trace that starts with the matrix empty (every global counter 0) starts at boot.
    const firstMatrix = items.find((it) => it.line.kind === 'event' && MATRIX_EVENTS.has(it.line.name));
    if (firstMatrix && ['online_maps', 'global_avl', 'global_rsvd', 'total_alloc'].every((k) => firstMatrix.fields!.get(k) === 0)) {
      firstMatrix.fresh = true;
    }
    linkHints(items, firstMatrix !== undefined);
    const notes: string[] = [];
    if (ignored.size > 0) {
      notes.push(`events not used by the rebuild: ${[...ignored].map(([n, c]) => `${n} (${c})`).join(', ')}`);
    }
    if (parsed.other.length > 0) {
      notes.push(`lines that are not trace events, skipped: ${parsed.other.slice(0, 10).join(', ')}${parsed.other.length > 10 ? ` and ${parsed.other.length - 10} more` : ''}`);
    }
    if (!firstMatrix) notes.push('no irq_matrix event: the per-CPU counters are not in the trace, only the interrupts\' vectors');
    const nrCpus = Math.max(named, maxOnlineMaps);
    if (nrCpus > named) {
      notes.push(`the matrix counts ${maxOnlineMaps} online CPUs (online_maps=${maxOnlineMaps}, line ${mapsLine}) but the events name CPUs 0-${named - 1} only: the machine has ${nrCpus} CPUs`);
    }
    return { ok: true, replay: new TraceReplay(items, nrCpus, notes, opts.interval) };
  } catch (e) {
    return { ok: false, message: `the trace could not be read (an irqscope defect): ${e instanceof Error ? e.message : String(e)}` };
  }
}
