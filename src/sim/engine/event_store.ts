// Compact storage of the events a replay records, so millions of them fit: columns of typed
// arrays in chunks of CHUNK events (a shape id, the step, an offset into the chunk's values),
// each event's fields packed into 32-bit slots by a shape (its type and field names, learnt on
// first sight); strings are interned. Events are materialized back into objects only when read.
//
// Retention (the one policy, for the worker, the UI and the command line): the store keeps at
// most `maxBytes` of columns; past that the oldest chunk is dropped whole and `dropped` counts
// the events lost, so the log can say how many are missing. Sequence numbers never restart.
import type { SimEvent } from '../events';
import type { StampedEvent } from '../snapshot';

export const CHUNK = 1 << 14;
/** Default budget: 160 MiB of columns, about three million events of the biggest kind. */
export const EVENT_STORE_BYTES = 160 * 1024 * 1024;

const NUM = 0;
const BOOL = 1;
const STR = 2;
const UNDEF = 3;

export interface EventShape {
  readonly id: number;
  readonly type: string;
  readonly keys: readonly string[];
  /** NUM / BOOL / STR / UNDEF per key. */
  readonly kinds: Uint8Array;
  /** A WARN, a failure, or a kernel message of level err or warn (or worse). */
  readonly problem: boolean;
}

class Chunk {
  readonly shape = new Uint16Array(CHUNK);
  readonly step = new Int32Array(CHUNK);
  readonly off = new Uint32Array(CHUNK + 1);
  values = new Int32Array(CHUNK * 4);
  /** Values that do not fit an int32 slot exactly (u32 counters past 2^31, fractions). */
  wide: Map<number, number> | null = null;
  n = 0;

  get bytes(): number {
    return this.shape.byteLength + this.step.byteLength + this.off.byteLength + this.values.byteLength;
  }
}

function isProblem(e: SimEvent): boolean {
  if (e.type === 'warning' || e.type === 'failure') return true;
  return e.type === 'log' && e.level !== 'info';
}

export class EventStore {
  readonly shapes: EventShape[] = [];
  private readonly shapeIds = new Map<string, number>();
  private readonly lastShapeOfType = new Map<string, EventShape>();
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  private chunks: Chunk[] = [];
  /** Sequence number of the oldest kept event. */
  private base = 0;
  private nextSeq = 0;
  /** Sequence numbers of problem events, ascending. */
  private problemSeqs: number[] = [];
  private bytesHeld = 0;
  /** Events dropped from the front by the retention budget. */
  dropped = 0;
  /** How many times `dropFrom` cut events (sequence numbers after a cut are reused). */
  truncations = 0;

  constructor(readonly maxBytes = EVENT_STORE_BYTES) {}

  /** Sequence number the next event gets (= events ever kept, minus those cut by `dropFrom`). */
  get end(): number {
    return this.nextSeq;
  }

  /** Sequence number of the oldest event still held. */
  get start(): number {
    return this.base;
  }

  get size(): number {
    return this.nextSeq - this.base;
  }

  get bytes(): number {
    return this.bytesHeld;
  }

  push(e: SimEvent, step: number): void {
    const shape = this.shapeOf(e);
    let c = this.chunks[this.chunks.length - 1];
    if (!c || c.n === CHUNK) c = this.newChunk();
    const i = c.n;
    const at = c.off[i];
    const nk = shape.keys.length;
    if (at + nk > c.values.length) {
      // Size for the chunk's events so far: a chunk of one kind of event ends close to full.
      const need = Math.ceil(((at + nk) / (i + 1)) * CHUNK * 1.05);
      const grown = new Int32Array(Math.max(at + nk, Math.min(need, c.values.length * 4), c.values.length + 1024));
      grown.set(c.values);
      this.bytesHeld += grown.byteLength - c.values.byteLength;
      c.values = grown;
    }
    const rec = e as unknown as Record<string, unknown>;
    for (let k = 0; k < nk; k++) {
      const v = rec[shape.keys[k]];
      let slot: number;
      switch (shape.kinds[k]) {
        case NUM: {
          const n = v as number;
          slot = n | 0;
          if (slot !== n) (c.wide ??= new Map()).set(at + k, n);
          break;
        }
        case BOOL:
          slot = v ? 1 : 0;
          break;
        case STR:
          slot = this.intern(v as string);
          break;
        default:
          slot = 0;
      }
      c.values[at + k] = slot;
    }
    c.shape[i] = shape.id;
    c.step[i] = step;
    c.off[i + 1] = at + nk;
    c.n++;
    if (shape.problem) this.problemSeqs.push(this.nextSeq);
    this.nextSeq++;
    if (this.bytesHeld > this.maxBytes && this.chunks.length > 1) this.dropOldestChunk();
  }

  /** The event of sequence number `seq` (which must be held), as an object. */
  get(seq: number): StampedEvent {
    const [c, i] = this.locate(seq);
    const shape = this.shapes[c.shape[i]];
    const out: Record<string, unknown> = { type: shape.type };
    const at = c.off[i];
    for (let k = 0; k < shape.keys.length; k++) out[shape.keys[k]] = this.decode(c, at + k, shape.kinds[k]);
    out.step = c.step[i];
    out.seq = seq;
    return out as unknown as StampedEvent;
  }

  stepOf(seq: number): number {
    const [c, i] = this.locate(seq);
    return c.step[i];
  }

  shapeOfSeq(seq: number): EventShape {
    const [c, i] = this.locate(seq);
    return this.shapes[c.shape[i]];
  }

  /** A numeric field of an event by its index in the shape's keys (for filters that avoid objects). */
  field(seq: number, keyIndex: number): number {
    const [c, i] = this.locate(seq);
    const shape = this.shapes[c.shape[i]];
    const at = c.off[i] + keyIndex;
    return shape.kinds[keyIndex] === NUM ? (c.wide?.get(at) ?? c.values[at]) : c.values[at];
  }

  string(id: number): string {
    return this.strings[id];
  }

  stringId(s: string): number {
    return this.stringIds.get(s) ?? -1;
  }

  /** First sequence number whose step is >= `step` (events are stored in step order). */
  seqOfStep(step: number): number {
    let lo = this.base;
    let hi = this.nextSeq;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.stepOf(mid) < step) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Forgets the events of steps at or after `step` (the timeline was cut there). */
  dropFrom(step: number): void {
    const cut = this.seqOfStep(step);
    if (cut >= this.nextSeq) return;
    this.truncations++;
    while (this.chunks.length) {
      const last = this.chunks[this.chunks.length - 1];
      const firstSeq = this.nextSeq - last.n;
      if (firstSeq >= cut) {
        this.chunks.pop();
        this.bytesHeld -= last.bytes;
        this.nextSeq = firstSeq;
        continue;
      }
      const keep = cut - firstSeq;
      if (last.wide) for (const k of [...last.wide.keys()]) if (k >= last.off[keep]) last.wide.delete(k);
      last.n = keep;
      this.nextSeq = cut;
      break;
    }
    if (this.chunks.length === 0) {
      this.base = this.nextSeq = cut;
    }
    let p = this.problemSeqs.length;
    while (p > 0 && this.problemSeqs[p - 1] >= cut) p--;
    this.problemSeqs.length = p;
  }

  /** Problem events (WARNs, failures, err/warn messages) with seq in [from, to), oldest first. */
  problems(from = this.base, to = this.nextSeq): StampedEvent[] {
    const out: StampedEvent[] = [];
    let i = lowerBound(this.problemSeqs, from);
    for (; i < this.problemSeqs.length && this.problemSeqs[i] < to; i++) out.push(this.get(this.problemSeqs[i]));
    return out;
  }

  /** Every held event as objects (tests and small machines; O(n) allocations). */
  all(): StampedEvent[] {
    const out: StampedEvent[] = new Array(this.size);
    for (let s = this.base; s < this.nextSeq; s++) out[s - this.base] = this.get(s);
    return out;
  }

  private decode(c: Chunk, at: number, kind: number): unknown {
    const raw = c.values[at];
    switch (kind) {
      case NUM:
        return c.wide?.get(at) ?? raw;
      case BOOL:
        return raw !== 0;
      case STR:
        return this.strings[raw];
      default:
        return undefined;
    }
  }

  private locate(seq: number): [Chunk, number] {
    if (seq < this.base || seq >= this.nextSeq) throw new RangeError(`event ${seq} is not held (${this.base}..${this.nextSeq - 1})`);
    // Every chunk but the last is full, and the first starts at `base`.
    const rel = seq - this.base;
    const ci = Math.floor(rel / CHUNK);
    return [this.chunks[ci], rel - ci * CHUNK];
  }

  private newChunk(): Chunk {
    const c = new Chunk();
    this.chunks.push(c);
    this.bytesHeld += c.bytes;
    return c;
  }

  private dropOldestChunk(): void {
    const c = this.chunks.shift()!;
    this.bytesHeld -= c.bytes;
    this.base += c.n;
    this.dropped += c.n;
    const p = lowerBound(this.problemSeqs, this.base);
    if (p > 0) this.problemSeqs = this.problemSeqs.slice(p);
  }

  private intern(s: string): number {
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.stringIds.set(s, id);
    }
    return id;
  }

  /** The shape of an event: the last one of its type when the fields match, found without allocating. */
  private shapeOf(e: SimEvent): EventShape {
    const last = this.lastShapeOfType.get(e.type);
    if (last && sameShape(last, e)) return last;
    const keys: string[] = [];
    const kinds: number[] = [];
    const rec = e as unknown as Record<string, unknown>;
    for (const k in rec) {
      if (k === 'type') continue;
      keys.push(k);
      kinds.push(kindOf(rec[k]));
    }
    const key = `${e.type}|${isProblem(e) ? 1 : 0}|${keys.map((k, i) => `${k}:${kinds[i]}`).join(',')}`;
    let id = this.shapeIds.get(key);
    if (id === undefined) {
      id = this.shapes.length;
      if (id > 0xffff) throw new RangeError('too many event shapes');
      this.shapes.push({ id, type: e.type, keys, kinds: Uint8Array.from(kinds), problem: isProblem(e) });
      this.shapeIds.set(key, id);
    }
    const shape = this.shapes[id];
    this.lastShapeOfType.set(e.type, shape);
    return shape;
  }
}

function kindOf(v: unknown): number {
  switch (typeof v) {
    case 'number':
      return NUM;
    case 'boolean':
      return BOOL;
    case 'string':
      return STR;
    case 'undefined':
      return UNDEF;
    default:
      throw new TypeError(`event fields must be numbers, booleans or strings, got ${typeof v}`);
  }
}

function sameShape(s: EventShape, e: SimEvent): boolean {
  const rec = e as unknown as Record<string, unknown>;
  // Problem-ness depends on a log's level, which is a value, not a key.
  if (e.type === 'log' && s.problem !== isProblem(e)) return false;
  let k = 0;
  for (const key in rec) {
    if (key === 'type') continue;
    if (k >= s.keys.length || s.keys[k] !== key || s.kinds[k] !== kindOf(rec[key])) return false;
    k++;
  }
  return k === s.keys.length;
}

function lowerBound(xs: readonly number[], v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
