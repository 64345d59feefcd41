// The event log's questions, answered where the events are (the worker): which recorded
// events match a filter, and the lines of the few rows the log shows. Matching reads the
// store's columns (no objects) and is incremental: an index of matching sequence numbers
// grows as events are recorded, and a slow filter (text) is scanned in bounded slices.
import type { SimEvent } from '../events';
import { eventDomainFamily, formatEvent, severity, type Severity } from '../events/format';
import type { EventStore, EventShape } from './event_store';

export interface EventFilter {
  /** Event types to keep (null: any). */
  kinds: string[] | null;
  cpus: number[] | null;
  device: string | null;
  domain: string | null;
  irq: number | null;
  problemsOnly: boolean;
  /** Case-insensitive text the line must contain (null: any). */
  text: string | null;
}

export const NO_FILTER: EventFilter = { kinds: null, cpus: null, device: null, domain: null, irq: null, problemsOnly: false, text: null };

/** What relates events to devices and domains at the position the log shows. */
export interface FilterContext {
  /** Changes whenever the answers below may change. */
  readonly version: number;
  stepDevice(step: number): string | null;
  irqDevice(irq: number): string | null;
  irqDomains(irq: number): readonly string[];
  itsDevice(deviceId: number): string | null;
}

export interface EventRow {
  seq: number;
  step: number;
  type: string;
  line: string;
  severity: Severity;
  /** -1 when the event has no such field. */
  cpu: number;
  bit: number;
  irq: number;
}

export interface EventRowsQuery {
  filter: EventFilter;
  /** Index of the first row among the matching events; negative: the last `count` rows. */
  from: number;
  count: number;
}

export interface EventRowsAnswer {
  /** Matching events up to the position shown. */
  total: number;
  from: number;
  rows: EventRow[];
  /** Event types recorded so far, sorted. */
  kinds: string[];
  /** Events the retention budget dropped (they match nothing any more). */
  dropped: number;
  /** False while a slow filter has not scanned every event yet (ask again). */
  complete: boolean;
}

interface ShapeMatch {
  ok: boolean;
  cpu: number;
  irq: number;
  bit: number;
  deviceId: number;
  device: number;
  domain: number;
  family: string | null;
}

class FilterIndex {
  seqs = new Int32Array(1024);
  n = 0;
  scannedTo: number;
  private shapes: ShapeMatch[] = [];
  private readonly cpus: Set<number> | null;
  private readonly kinds: Set<string> | null;
  private readonly text: string | null;

  constructor(
    readonly filter: EventFilter,
    readonly ctxVersion: number,
    readonly truncations: number,
    start: number,
  ) {
    this.scannedTo = start;
    this.cpus = filter.cpus ? new Set(filter.cpus) : null;
    this.kinds = filter.kinds ? new Set(filter.kinds) : null;
    this.text = filter.text ? filter.text.toLowerCase() : null;
  }

  get slow(): boolean {
    return this.text !== null;
  }

  /** Scans events up to `end` (or until `deadline`): true when done. */
  scan(store: EventStore, ctx: FilterContext, end: number, deadline: number): boolean {
    let checked = 0;
    for (let seq = Math.max(this.scannedTo, store.start); seq < end; seq++) {
      if (this.matches(store, ctx, seq)) this.add(seq);
      this.scannedTo = seq + 1;
      if ((++checked & 1023) === 0 && performance.now() >= deadline) return this.scannedTo >= end;
    }
    this.scannedTo = Math.max(this.scannedTo, end);
    return true;
  }

  /** Matching sequence numbers in [from, to) as a range of indexes into `seqs`. */
  range(from: number, to: number): [number, number] {
    return [lowerBound(this.seqs, this.n, from), lowerBound(this.seqs, this.n, to)];
  }

  private add(seq: number): void {
    if (this.n === this.seqs.length) {
      const grown = new Int32Array(this.seqs.length * 2);
      grown.set(this.seqs);
      this.seqs = grown;
    }
    this.seqs[this.n++] = seq;
  }

  private shapeMatch(shape: EventShape): ShapeMatch {
    let m = this.shapes[shape.id];
    if (!m) {
      const f = this.filter;
      const idx = (k: string) => shape.keys.indexOf(k);
      const ok = (!this.kinds || this.kinds.has(shape.type)) && (!f.problemsOnly || shape.problem);
      m = {
        ok,
        cpu: idx('cpu'),
        irq: idx('irq'),
        bit: idx('bit'),
        deviceId: idx('device_id'),
        device: idx('device'),
        domain: idx('domain'),
        family: eventDomainFamily(shape.type),
      };
      this.shapes[shape.id] = m;
    }
    return m;
  }

  private matches(store: EventStore, ctx: FilterContext, seq: number): boolean {
    const f = this.filter;
    const m = this.shapeMatch(store.shapeOfSeq(seq));
    if (!m.ok) return false;
    if (this.cpus && (m.cpu < 0 || !this.cpus.has(store.field(seq, m.cpu)))) return false;
    const irq = m.irq >= 0 ? store.field(seq, m.irq) : null;
    if (f.irq !== null && irq !== f.irq) return false;
    if (f.device) {
      const hit =
        (m.device >= 0 && store.string(store.field(seq, m.device)) === f.device) ||
        (irq !== null && ctx.irqDevice(irq) === f.device) ||
        (m.deviceId >= 0 && ctx.itsDevice(store.field(seq, m.deviceId)) === f.device) ||
        ctx.stepDevice(store.stepOf(seq)) === f.device;
      if (!hit) return false;
    }
    if (f.domain) {
      const d = f.domain;
      const hit =
        (m.domain >= 0 && store.string(store.field(seq, m.domain)) === d) ||
        (m.family !== null && (d === m.family || d.toLowerCase().includes(m.family.toLowerCase()))) ||
        (irq !== null && ctx.irqDomains(irq).includes(d));
      if (!hit) return false;
    }
    if (this.text && !formatEvent(store.get(seq)).toLowerCase().includes(this.text)) return false;
    return true;
  }
}

/** A store's filtered views, kept while they are asked for (a few filters at a time). */
export class EventQueries {
  private indexes: FilterIndex[] = [];

  constructor(private readonly store: EventStore) {}

  /**
   * The rows of `q` among the events before sequence number `visibleEnd` (the position
   * shown). A slow filter scans for at most `budgetMs` per call and says it is incomplete.
   */
  rows(q: EventRowsQuery, visibleEnd: number, ctx: FilterContext, budgetMs = 60): EventRowsAnswer {
    const store = this.store;
    const deadline = performance.now() + budgetMs;
    const count = Math.max(0, Math.min(q.count, 10_000));
    let seqs: ArrayLike<number> | null = null;
    let lo = store.start;
    let hi = Math.min(visibleEnd, store.end);
    let complete = true;
    if (!isNoFilter(q.filter)) {
      const index = this.index(q.filter, ctx);
      complete = index.scan(store, ctx, hi, deadline);
      [lo, hi] = index.range(store.start, Math.min(hi, index.scannedTo));
      seqs = index.seqs;
    }
    const total = Math.max(0, hi - lo);
    const from = q.from < 0 ? Math.max(0, total - count) : Math.min(q.from, total);
    const rows: EventRow[] = [];
    for (let i = from; i < Math.min(total, from + count); i++) {
      const seq = seqs ? seqs[lo + i] : lo + i;
      rows.push(eventRow(store, seq));
    }
    const kinds = [...new Set(store.shapes.map((s) => s.type))].sort();
    return { total, from, rows, kinds, dropped: store.dropped, complete };
  }

  private index(filter: EventFilter, ctx: FilterContext): FilterIndex {
    const key = JSON.stringify(filter);
    const needsCtx = filter.device !== null || filter.domain !== null;
    const truncations = this.store.truncations;
    let found = this.indexes.find((ix) => JSON.stringify(ix.filter) === key);
    if (found && (found.truncations !== truncations || (needsCtx && found.ctxVersion !== ctx.version))) {
      this.indexes = this.indexes.filter((ix) => ix !== found);
      found = undefined;
    }
    if (!found) {
      found = new FilterIndex(filter, ctx.version, truncations, this.store.start);
      this.indexes.unshift(found);
      if (this.indexes.length > 4) this.indexes.length = 4;
    }
    return found;
  }
}

export function isNoFilter(f: EventFilter): boolean {
  return !f.kinds && !f.cpus && !f.device && !f.domain && f.irq === null && !f.problemsOnly && !f.text;
}

function eventRow(store: EventStore, seq: number): EventRow {
  const e = store.get(seq);
  const rec = e as unknown as Record<string, unknown>;
  const num = (k: string) => (typeof rec[k] === 'number' ? (rec[k] as number) : -1);
  return {
    seq,
    step: e.step,
    type: e.type,
    line: formatEvent(e),
    severity: severity(e as SimEvent),
    cpu: num('cpu'),
    bit: num('bit'),
    irq: num('irq'),
  };
}

function lowerBound(xs: Int32Array, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

