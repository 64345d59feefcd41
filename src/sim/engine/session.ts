// One engine session as the worker holds it: a validated scenario's timeline, the position the
// user looks at, and what the UI already has (step outcomes are sent as deltas). Work that can
// be long (replaying a scenario, seeking far back) runs as a resumable job: `begin` checks the
// request, `work(deadline)` advances it until done, `progress` says how far it is. Plain
// TypeScript, so the worker stays a thin message pump and this logic is tested in Node.
import { parseScenario } from '../scenario/validate';
import type { Scenario, Step } from '../scenario/schema';
import type { Snapshot, StepOutcome } from '../snapshot';
import type { TextTable } from '../core/proc_interrupts';
import type { ArchBackend } from './backend';
import { createBackend } from './backends';
import type { CheckpointOptions } from './checkpoints';
import { exportText } from './export_paths';
import { EventQueries, type EventRowsAnswer, type EventRowsQuery, type FilterContext } from './event_query';
import { Occurrences, searchKey, type TextSearch, type TextSearchAnswer } from './text_search';
import { Timeline } from './timeline';

/** The step outcomes the UI must change: replace everything from `from` with `items`; the list is then `length` long. */
export interface OutcomeDelta {
  from: number;
  items: StepOutcome[];
  length: number;
}

export interface StateAnswer {
  snapshot: Snapshot;
  outcomes: OutcomeDelta;
}

export type SessionRequest =
  | { kind: 'load'; scenario: unknown; at?: number }
  | { kind: 'append'; step: unknown }
  | { kind: 'truncate'; keep: number }
  | { kind: 'seek'; at: number };

export interface JobProgress {
  what: 'replaying' | 'seeking';
  done: number;
  total: number;
}

export interface TextAnswer {
  text: string | null;
  /** First line of `text` within the whole view. */
  from: number;
  /** Lines in the whole view. */
  lines: number;
  /** When asked with a search: its occurrences (in the whole view, and in the lines given). */
  search?: TextSearchAnswer;
}

export class Session {
  private timeline: Timeline | null = null;
  private scenario: Scenario | null = null;
  /** Step outcomes the UI holds (the first `sent` are in sync). */
  private sent = 0;
  private job: Generator<void, void> | null = null;
  private jobProgress: () => JobProgress | null = () => null;
  private deadline = Infinity;
  private queries: EventQueries | null = null;
  private ctx: FilterContext | null = null;
  private ctxVersion = 0;
  private textCache: { key: string; backend: ArchBackend; lines: string[]; table: TextTable | null; searches: Map<string, Occurrences> } | null = null;

  constructor(
    private readonly checkpoints?: CheckpointOptions | 'none',
    /** Diagnostics: ms burnt per step (tests of a slow engine). */
    private readonly slowdownMs = 0,
  ) {}

  /** Starts a request; a refused one (a bad document or step) leaves the session as it was. */
  begin(req: SessionRequest): { ok: true } | { ok: false; message: string } {
    switch (req.kind) {
      case 'load': {
        const parsed = parseScenario(req.scenario);
        if (!parsed.ok) return { ok: false, message: parsed.message };
        this.startJob(this.loadJob(parsed.scenario, req.at));
        return { ok: true };
      }
      case 'append': {
        const sc = this.scenario;
        if (!sc || !this.timeline) return { ok: false, message: 'no scenario is loaded' };
        const t = this.timeline;
        // Validated against the steps before the current position: appending from the past drops the future.
        const parsed = parseScenario({ ...sc, steps: [...sc.steps.slice(0, t.position), req.step] });
        if (!parsed.ok) return { ok: false, message: parsed.message };
        const step = parsed.scenario.steps[parsed.scenario.steps.length - 1];
        this.startJob(this.appendJob(step));
        return { ok: true };
      }
      case 'truncate':
      case 'seek': {
        if (!this.timeline) return { ok: false, message: 'no scenario is loaded' };
        this.startJob(req.kind === 'seek' ? this.seekJob(req.at) : this.truncateJob(req.keep));
        return { ok: true };
      }
    }
  }

  /** Advances the current job until it is done (true) or `deadline` passes (false). */
  work(deadline = Infinity): boolean {
    if (!this.job) return true;
    this.deadline = deadline;
    if (!this.job.next().done) return false;
    this.job = null;
    this.jobProgress = () => null;
    return true;
  }

  progress(): JobProgress | null {
    return this.job ? this.jobProgress() : null;
  }

  /** The state after the job: the snapshot, and the outcomes the UI does not have yet. */
  answer(): StateAnswer {
    const t = this.timeline!;
    const from = Math.min(this.sent, t.computed);
    const delta: OutcomeDelta = { from, items: t.outcomes.slice(from), length: t.computed };
    this.sent = t.computed;
    this.ctx = null;
    this.textCache = null;
    return { snapshot: t.snapshot(), outcomes: delta };
  }

  /** Runs a request to the end (tests and the command line). */
  run(req: SessionRequest): { ok: true; state: StateAnswer } | { ok: false; message: string } {
    const b = this.begin(req);
    if (!b.ok) return b;
    this.work();
    return { ok: true, state: this.answer() };
  }

  get loaded(): Timeline | null {
    return this.timeline;
  }

  /** Lines [from, from + count) of a kernel text view at the current position. */
  text(path: string, from = 0, count = Infinity, search?: TextSearch): TextAnswer {
    const t = this.timeline;
    if (!t) return { text: null, from: 0, lines: 0 };
    const key = `${t.position}\u0000${path}`;
    const backend = t.engine.backend;
    if (this.textCache?.key !== key || this.textCache.backend !== backend) {
      // A view the backend reads by line is never built whole: only the window asked for is.
      const table = backend.textTable?.(path) ?? null;
      const text = table ? null : (exportText(t, this.scenario, path) ?? backend.text(path));
      if (!table && text === null) return { text: null, from: 0, lines: 0 };
      this.textCache = { key, backend, lines: table ? [] : text!.split('\n'), table, searches: new Map() };
    }
    const table = this.textCache.table;
    if (table) {
      const start = Math.max(0, Math.min(from, table.lines));
      const end = Math.min(table.lines, start + Math.max(0, count));
      const body: string[] = [];
      for (let i = start; i < end; i++) body.push(table.line(i));
      const text = body.join('');
      if (!search) return { text, from: start, lines: table.lines };
      return { text, from: start, lines: table.lines, search: this.occurrences(search, table.lines).answer(search, start, end) };
    }
    const lines = this.textCache.lines;
    // A view ending in a newline has an empty last "line": it is not one.
    const total = lines.length > 0 && lines[lines.length - 1] === '' ? lines.length - 1 : lines.length;
    const start = Math.max(0, Math.min(from, total));
    const end = Math.min(total, start + Math.max(0, count));
    const body = lines.slice(start, end).join('\n') + (end > start && (end < total || total < lines.length) ? '\n' : '');
    if (!search) return { text: body, from: start, lines: total };
    return { text: body, from: start, lines: total, search: this.occurrences(search, total).answer(search, start, end) };
  }

  /** A search's occurrences in the cached view, kept for the few searches asked at this state. */
  private occurrences(search: TextSearch, total: number): Occurrences {
    const cache = this.textCache!;
    const key = searchKey(search);
    let found = cache.searches.get(key);
    if (!found) {
      // A view read by line is searched line by line, never built whole.
      const table = cache.table;
      found = new Occurrences(table ? (i) => table.line(i).replace(/\n$/, '') : cache.lines, total, search);
      if (cache.searches.size >= 4) cache.searches.delete(cache.searches.keys().next().value!);
      cache.searches.set(key, found);
    }
    return found;
  }

  /** Rows of the event log at the current position. */
  events(q: EventRowsQuery): EventRowsAnswer {
    const t = this.timeline;
    if (!t) return { total: 0, from: 0, rows: [], kinds: [], dropped: 0, complete: true };
    this.queries ??= new EventQueries(t.recorder.store);
    const store = t.recorder.store;
    return this.queries.rows(q, store.seqOfStep(t.position), this.filterContext());
  }

  private startJob(job: Generator<void, void>): void {
    this.job = job;
    this.ctx = null;
    this.textCache = null;
  }

  private *loadJob(scenario: Scenario, at: number | undefined): Generator<void, void> {
    const t = new Timeline(scenario, createBackend, { replay: false, checkpoints: this.checkpoints, slowdownMs: this.slowdownMs });
    this.timeline = t;
    this.scenario = scenario;
    this.sent = 0;
    this.queries = null;
    this.jobProgress = () => ({ what: 'replaying', done: t.computed, total: t.length });
    while (!t.advance(this.deadline)) yield;
    if (at !== undefined) yield* this.walk(t, at);
  }

  private *appendJob(step: Step): Generator<void, void> {
    const t = this.timeline!;
    if (t.position !== t.length) this.cut(t, t.position);
    this.scenario!.steps.push(step);
    t.steps.push(step);
    this.jobProgress = () => ({ what: 'replaying', done: t.computed, total: t.length });
    while (!t.advance(this.deadline)) yield;
  }

  private *truncateJob(keep: number): Generator<void, void> {
    const t = this.timeline!;
    keep = Math.max(0, Math.min(keep, t.length));
    if (keep < t.computed) yield* this.walk(t, keep);
    this.cut(t, keep);
  }

  private *seekJob(at: number): Generator<void, void> {
    yield* this.walk(this.timeline!, at);
  }

  private *walk(t: Timeline, at: number): Generator<void, void> {
    const start = t.position;
    this.jobProgress = () => ({ what: 'seeking', done: Math.abs(t.position - start), total: Math.abs(at - start) });
    while (!t.seek(at, this.deadline)) yield;
  }

  private cut(t: Timeline, keep: number): void {
    t.truncate(keep);
    this.scenario!.steps.length = t.length;
    this.sent = Math.min(this.sent, t.computed);
  }

  private filterContext(): FilterContext {
    if (this.ctx) return this.ctx;
    const t = this.timeline!;
    const sim = t.engine;
    const irqDevice = new Map<number, string>();
    for (const d of sim.devices.values()) for (const irq of d.irqs) irqDevice.set(irq, d.spec.id);
    let domains: Map<number, string[]> | null = null;
    let its: Map<number, string> | null = null;
    const lazySnapshot = (): void => {
      if (domains) return;
      const s = sim.snapshot();
      domains = new Map(s.irqs.map((r) => [r.irq, r.levels.map((l) => l.domain)]));
      its = new Map((s.lpis?.devices ?? []).map((d) => [d.deviceId, d.id]));
    };
    const steps = t.steps;
    this.ctx = {
      version: ++this.ctxVersion,
      stepDevice(step) {
        const s = steps[step] as Record<string, unknown> | undefined;
        if (!s) return null;
        if (s.do === 'device.add' || s.do === 'device.remove') return typeof s.id === 'string' ? s.id : null;
        return typeof s.device === 'string' ? s.device : null;
      },
      irqDevice: (irq) => irqDevice.get(irq) ?? null,
      irqDomains: (irq) => {
        lazySnapshot();
        return domains!.get(irq) ?? [];
      },
      itsDevice: (id) => {
        lazySnapshot();
        return its!.get(id) ?? null;
      },
    };
    return this.ctx;
  }
}
