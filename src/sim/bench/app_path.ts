// The paths users run, at the stories' scale (issue 9 item 6): the command line's replay
// (Timeline without copies, recording every event, then the summary), and the app's worker
// session (Timeline with its copy policy, recording, step outcomes, the snapshot packed for
// postMessage and read back, seeks back and forth), next to the raw engine with recording
// off. Heap is sampled between slices of work, as the worker yields between them.
import { createBackend } from '../engine/backends';
import { EventRecorder } from '../engine/recorder';
import { Session } from '../engine/session';
import { Simulation } from '../engine/simulation';
import { Timeline } from '../engine/timeline';
import { resolveMachine, type Scenario } from '../scenario/schema';
import { packSnapshot, unpackSnapshot } from '../wire';

const MB = 1024 * 1024;

class HeapPeak {
  private peak = 0;
  readonly base: number;
  constructor() {
    (globalThis as { gc?: () => void }).gc?.();
    this.base = process.memoryUsage().heapUsed;
  }
  sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage().heapUsed);
  }
  get peakMB(): number {
    this.sample();
    return (this.peak - this.base) / MB;
  }
}

export interface PathFigures {
  name: string;
  steps: number;
  rawMs: number;
  rawHeapMB: number;
  cliMs: number;
  cliHeapMB: number;
  events: number;
  appLoadMs: number;
  appHeapMB: number;
  checkpoints: number;
  checkpointMB: number;
  copiedMs: number;
  packMs: number;
  wireKB: number;
  cloneAndUnpackMs: number;
  seeks: Array<{ what: string; ms: number }>;
}

function timeRaw(sc: Scenario): { ms: number; heapMB: number } {
  const heap = new HeapPeak();
  const rec = new EventRecorder();
  rec.keep = false;
  const t0 = performance.now();
  const sim = new Simulation(resolveMachine(sc.machine), createBackend, rec);
  sc.steps.forEach((s, i) => {
    sim.apply(s);
    if (i % 16 === 0) heap.sample();
  });
  return { ms: performance.now() - t0, heapMB: heap.peakMB };
}

/** What `sim run FILE` does after reading and validating the file. */
function timeCli(sc: Scenario): { ms: number; heapMB: number; events: number } {
  const heap = new HeapPeak();
  const t0 = performance.now();
  const t = new Timeline(sc, createBackend, { checkpoints: 'none', replay: false });
  while (!t.advance(performance.now() + 50)) heap.sample();
  JSON.stringify(t.summary());
  return { ms: performance.now() - t0, heapMB: heap.peakMB, events: t.recorder.store.size };
}

function timed(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** One untimed pass of both paths, so the first workload measured is not also the one the JIT learns on. */
export function warmUp(sc: Scenario): void {
  timeRaw(sc);
  timeCli(sc);
}

export function benchAppPath(name: string, sc: Scenario): PathFigures {
  const raw = timeRaw(sc);
  const cli = timeCli(sc);
  const heap = new HeapPeak();
  const session = new Session();
  const t0 = performance.now();
  session.begin({ kind: 'load', scenario: sc });
  while (!session.work(performance.now() + 40)) heap.sample();
  let state = session.answer();
  const appLoadMs = performance.now() - t0;
  const t = session.loaded!;
  const loadCopiedMs = t.copiedMs;
  const n = sc.steps.length;

  let wire = packSnapshot(state.snapshot).wire;
  const packMs = timed(() => (wire = packSnapshot(session.loaded!.snapshot()).wire));
  const wireKB = Buffer.byteLength(JSON.stringify(wire.strings)) / 1024 + bufferBytes(wire) / 1024;
  const cloneAndUnpackMs = timed(() => unpackSnapshot(structuredClone(wire)));

  const seeks: PathFigures['seeks'] = [];
  const seek = (what: string, at: number) => {
    const ms = timed(() => {
      session.run({ kind: 'seek', at });
      state = session.answer();
      packSnapshot(state.snapshot);
    });
    heap.sample();
    seeks.push({ what, ms });
  };
  seek('end -> middle (back)', Math.floor(n / 2));
  seek('middle -> middle + 1 (a play step)', Math.floor(n / 2) + 1);
  seek('-> start', 0);
  seek('start -> end', n);
  seek('end -> 3/4 (back)', Math.floor((3 * n) / 4));
  seek('3/4 -> 1/4 (back)', Math.floor(n / 4));
  return {
    name,
    steps: n,
    rawMs: raw.ms,
    rawHeapMB: raw.heapMB,
    cliMs: cli.ms,
    cliHeapMB: cli.heapMB,
    events: cli.events,
    appLoadMs,
    appHeapMB: heap.peakMB,
    checkpoints: t.checkpointPositions.length,
    checkpointMB: t.checkpointBytes / MB,
    copiedMs: loadCopiedMs,
    packMs,
    wireKB,
    cloneAndUnpackMs,
    seeks,
  };
}

function bufferBytes(w: object): number {
  let n = 0;
  const walk = (v: unknown) => {
    if (ArrayBuffer.isView(v)) n += v.byteLength;
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(w);
  return n;
}

export function formatAppPath(f: PathFigures): string {
  const r = (a: number, b: number) => (a / b).toFixed(2);
  return [
    `${f.name}: ${f.steps} steps, ${f.events} events recorded`,
    `  raw engine (recording off)     ${f.rawMs.toFixed(0).padStart(6)} ms, heap +${f.rawHeapMB.toFixed(0)} MB`,
    `  sim run path (records, no copies) ${f.cliMs.toFixed(0).padStart(6)} ms = ${r(f.cliMs, f.rawMs)}x raw, heap +${f.cliHeapMB.toFixed(0)} MB`,
    `  app load (worker session)      ${f.appLoadMs.toFixed(0).padStart(6)} ms = ${r(f.appLoadMs, f.rawMs)}x raw, heap +${f.appHeapMB.toFixed(0)} MB peak; ${f.checkpoints} copies (${f.checkpointMB.toFixed(0)} MB est., ${f.copiedMs.toFixed(0)} ms copying)`,
    `  snapshot message: pack ${f.packMs.toFixed(1)} ms, ${f.wireKB.toFixed(0)} KB, structured clone + unpack ${f.cloneAndUnpackMs.toFixed(1)} ms`,
    ...f.seeks.map((s) => `  seek ${s.what.padEnd(34)} ${s.ms.toFixed(0).padStart(6)} ms (incl. snapshot + pack)`),
  ].join('\n');
}
