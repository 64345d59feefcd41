// Engine events as ftrace-like lines ("irq_matrix_alloc: bit=33 cpu=2 ..."), their severity,
// and the filters of the event log (CPU, device, domain, kind, problems only).
import { describeEvent } from '../../sim/events';
import type { StampedEvent } from '../../sim/snapshot';

export type Severity = 'normal' | 'warning' | 'failure';

export function severity(e: StampedEvent): Severity {
  if (e.type === 'failure') return 'failure';
  if (e.type === 'warning') return 'warning';
  if (e.type === 'log' && (e as { level?: string }).level !== 'info') return 'warning';
  return 'normal';
}

/** The step column: "boot" or "step 3" (1-based, as the timeline numbers them), width 9. */
export function stepLabel(step: number): string {
  return (step < 0 ? 'boot' : `step ${step + 1}`).padStart(9);
}

/** One log line: "   step 3  irq_matrix_alloc: bit=33 cpu=2 ...". */
export function formatEvent(e: StampedEvent): string {
  const { step: _s, seq: _q, ...ev } = e;
  const body = describeEvent(ev as Parameters<typeof describeEvent>[0]);
  return `${stepLabel(e.step)}  ${e.type}: ${body}`;
}

export interface EventFilter {
  /** CPUs to keep (null: any). */
  cpus: Set<number> | null;
  device: string | null;
  domain: string | null;
  kind: string | null;
  problemsOnly: boolean;
}

export const NO_FILTER: EventFilter = { cpus: null, device: null, domain: null, kind: null, problemsOnly: false };

export function isNoFilter(f: EventFilter): boolean {
  return !f.cpus && !f.device && !f.domain && !f.kind && !f.problemsOnly;
}

/** What the log needs to know to relate events to devices and domains. */
export interface FilterContext {
  /** The device a step acted on (from the scenario), or null. */
  stepDevice(step: number): string | null;
  /** The device owning an irq, or null. */
  irqDevice(irq: number): string | null;
  /** Domains of an irq's chain. */
  irqDomains(irq: number): readonly string[];
  /** The scenario device whose ITS DevID this is, or null. */
  itsDevice(deviceId: number): string | null;
}

/** The domain family an event belongs to by its tracepoint: the matrix is VECTOR's, its_* the ITS's. */
export function eventDomainFamily(type: string): string | null {
  if (type.startsWith('irq_matrix_') || type.startsWith('vector_')) return 'VECTOR';
  if (type.startsWith('its_')) return 'ITS';
  if (type.startsWith('evtchn') || type.startsWith('xen_')) return 'xen';
  return null;
}

function field<T>(e: StampedEvent, name: string): T | undefined {
  return (e as unknown as Record<string, T | undefined>)[name];
}

export function matchEvent(e: StampedEvent, f: EventFilter, ctx: FilterContext): boolean {
  if (f.kind && e.type !== f.kind) return false;
  if (f.problemsOnly && severity(e) === 'normal') return false;
  if (f.cpus) {
    const cpu = field<number>(e, 'cpu');
    if (cpu === undefined || !f.cpus.has(cpu)) return false;
  }
  const irq = field<number>(e, 'irq');
  if (f.device) {
    const devId = field<number>(e, 'device_id');
    const dev = field<string>(e, 'device');
    const hit =
      dev === f.device ||
      (irq !== undefined && ctx.irqDevice(irq) === f.device) ||
      (devId !== undefined && ctx.itsDevice(devId) === f.device) ||
      ctx.stepDevice(e.step) === f.device;
    if (!hit) return false;
  }
  if (f.domain) {
    const d = f.domain;
    const own = field<string>(e, 'domain');
    const fam = eventDomainFamily(e.type);
    const hit =
      own === d ||
      (fam !== null && (d === fam || d.toLowerCase().includes(fam.toLowerCase()))) ||
      (irq !== undefined && ctx.irqDomains(irq).includes(d));
    if (!hit) return false;
  }
  return true;
}

/**
 * Incremental filtering: indexes of `events` that match, reusing the previous result when the
 * new array only appended to the old one (the common case while a scenario plays).
 */
export class FilteredIndex {
  private events: readonly StampedEvent[] = [];
  private filter: EventFilter = NO_FILTER;
  private ctx: FilterContext | null = null;
  private idx: number[] = [];
  private scanned = 0;

  update(events: readonly StampedEvent[], f: EventFilter, ctx: FilterContext): number[] {
    const appended =
      f === this.filter &&
      ctx === this.ctx &&
      events.length >= this.scanned &&
      (this.scanned === 0 ? events === this.events || this.events.length === 0 : events[this.scanned - 1] === this.events[this.scanned - 1]);
    if (!appended) {
      this.idx = [];
      this.scanned = 0;
    }
    for (let i = this.scanned; i < events.length; i++) if (matchEvent(events[i], f, ctx)) this.idx.push(i);
    this.scanned = events.length;
    this.events = events;
    this.filter = f;
    this.ctx = ctx;
    return this.idx;
  }
}

/** "0-3,8" -> {0,1,2,3,8}; empty text -> null (any); bad text -> undefined. */
export function parseCpuList(text: string): Set<number> | null | undefined {
  const t = text.trim();
  if (!t) return null;
  const out = new Set<number>();
  for (const part of t.split(',')) {
    const m = /^\s*(\d+)(?:\s*-\s*(\d+))?\s*$/.exec(part);
    if (!m) return undefined;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a || b - a > 65536) return undefined;
    for (let i = a; i <= b; i++) out.add(i);
  }
  return out;
}
