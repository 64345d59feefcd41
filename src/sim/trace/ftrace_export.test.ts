import { resolveMachine } from '../scenario/schema';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackend } from '../engine/backends';
import { Timeline } from '../engine/timeline';
import { arbScenario } from '../scenario/arbitrary';
import type { Scenario } from '../scenario/schema';
import { parseScenario } from '../scenario/validate';
import type { StampedEvent } from '../snapshot';
import { exportFtrace, exportJsonLines, ftraceLines, tracepointBody } from './ftrace_export';
import { importTrace } from './replay';
import { traceVectorSnapshot } from './snapshot';
import { CELL } from '../snapshot';
import { sharedDir } from '../testing/shared_dir';

const FIXTURES = sharedDir('fixtures', 'real');
const SEED = 20240612;

function scenario(doc: unknown): Scenario {
  const r = parseScenario(doc);
  if (!r.ok) throw new Error(r.message);
  return r.scenario;
}

const STORY = scenario({
  scenario: 1,
  machine: { cpus: 4 },
  steps: [
    { do: 'device.add', id: 'nvme0', type: 'nvme', queues: 4 },
    { do: 'device.add', id: 'eth0', type: 'nic', queues: 4 },
    { do: 'device.add', id: 'm', type: 'msi', vectors: 4 },
    { do: 'device.add', id: 'ix', type: 'intx', pin: 'A' },
    { do: 'irq.affinity', device: 'eth0', vector: 1, cpus: [3] },
    { do: 'cpu.offline', cpu: 3 },
    { do: 'irq.fire', device: 'eth0', vector: 1 },
    { do: 'cpu.online', cpu: 3 },
    { do: 'irq.affinity', device: 'eth0', vector: 2, cpus: [2] },
    { do: 'irq.fire', device: 'eth0', vector: 2 },
    { do: 'driver.unbind', device: 'nvme0' },
    { do: 'device.remove', id: 'eth0' },
  ],
});

/** The matrix part of the engine's own domains/VECTOR text. */
function engineMatrix(t: Timeline): string {
  const text = t.engine.backend.text('/sys/kernel/debug/irq/domains/VECTOR')!;
  return text.slice(text.indexOf('Online bitmaps:'));
}

describe('ftrace export: the kernel\'s TP_printk text', () => {
  it('prints each tracepoint as the real captures show it', () => {
    const fixture = readFileSync(resolve(FIXTURES, 'trace-irq-matrix-vector-104cpu-excerpt.txt'), 'utf8');
    const bodies = [
      tracepointBody({ type: 'irq_matrix_alloc', bit: 33, cpu: 26, online: true, available: 198, allocated: 3, managed: 1, online_maps: 104, global_available: 20687, global_reserved: 341, total_allocated: 217 }),
      tracepointBody({ type: 'vector_alloc', irq: 4, vector: 33, reserved: false, ret: 0 }),
      tracepointBody({ type: 'vector_update', irq: 4, vector: 33, cpu: 26, prev_vector: 33, prev_cpu: 7 }),
      tracepointBody({ type: 'vector_config', irq: 4, vector: 33, cpu: 26, apicdest: 0x40 }),
      tracepointBody({ type: 'vector_free_moved', irq: 4, cpu: 7, vector: 33, is_managed: false }),
      tracepointBody({ type: 'vector_deactivate', irq: 4, is_managed: false, can_reserve: true, reserve: false }),
      tracepointBody({ type: 'irq_matrix_reserve', online_maps: 104, global_available: 20689, global_reserved: 342, total_allocated: 215 }),
      tracepointBody({ type: 'vector_reserve', irq: 4, ret: 0 }),
      tracepointBody({ type: 'vector_alloc', irq: 4, vector: 0, reserved: true, ret: -22 }),
    ];
    for (const b of bodies) expect(fixture).toContain(`: ${b}\n`);
    expect(tracepointBody({ type: 'irq_handler_entry', irq: 24, name: 'nvme0q1' })).toBe('irq=24 name=nvme0q1');
    expect(tracepointBody({ type: 'irq_handler_exit', irq: 24, ret: 1 })).toBe('irq=24 ret=handled');
    expect(tracepointBody({ type: 'warning', site: 'x', message: 'y' })).toBeNull();
  });

  it('lines have the context of trace_print_context: %16s-%-7d [%03d] flags %5lu.%06lu', () => {
    const events: StampedEvent[] = [
      { type: 'vector_reserve', irq: 30, ret: 0, step: 2, seq: 0 },
      { type: 'warning', site: 'irq_matrix_free', message: 'vector 40 is not allocated on CPU 1', step: 2, seq: 1 },
    ];
    const lines = [...ftraceLines(events)];
    expect(lines[0]).toBe('# tracer: nop');
    expect(lines.some((l) => /timestamps are synthetic/i.test(l))).toBe(true);
    expect(lines).toContain('# entries-in-buffer/entries-written: 2/2   #P:1');
    expect(lines.slice(-2)).toEqual([
      '        irqscope-1       [000] d..1.     3.000000: vector_reserve: irq=30 ret=0',
      '        irqscope-1       [000] .....     3.000001: tracing_mark_write: irqscope: warning: WARNING in irq_matrix_free: vector 40 is not allocated on CPU 1',
    ]);
  });

  it('events the recorder dropped become a LOST line, which the replay reports as a gap', () => {
    const events: StampedEvent[] = [
      { type: 'vector_reserve', irq: 30, ret: 0, step: 0, seq: 10 },
      { type: 'vector_reserve', irq: 31, ret: 0, step: 0, seq: 15 },
    ];
    const text = exportFtrace(events);
    expect(text).toContain('CPU:0 [LOST 10 EVENTS]\n');
    expect(text).toContain('CPU:0 [LOST 4 EVENTS]\n');
    const r = importTrace(text);
    if (!r.ok) throw new Error(r.message);
    expect(r.replay.counts.gaps).toBe(1);
  });

  it('JSON lines give every event back', () => {
    const t = new Timeline(STORY, createBackend);
    const lines = exportJsonLines(t.recorder.events).trimEnd().split('\n');
    expect(lines.length).toBe(t.recorder.events.length);
    expect(lines.map((l) => JSON.parse(l))).toEqual(t.recorder.events);
  });
});

describe('ftrace export read back by the trace replay', () => {
  it('a story with moves, hotplug, managed queues and teardown: every event consistent or baseline, the same matrix', () => {
    const t = new Timeline(STORY, createBackend);
    expect(t.outcomes.every((o) => o.ok)).toBe(true);
    const r = importTrace(exportFtrace(t.recorder.events, { scenario: STORY }));
    if (!r.ok) throw new Error(r.message);
    const bad = r.replay.records.filter((x) => x.status === 'inconsistent' || x.status === 'gap');
    expect(bad).toEqual([]);
    const matrixEvents = t.recorder.events.filter((e) => e.type.startsWith('irq_matrix_') || e.type.startsWith('vector_')).length;
    expect(r.replay.counts.events).toBe(matrixEvents);
    // Nothing is left unchecked by accident: every matrix event after boot's first onlines is verified.
    const matrixRecords = r.replay.records.filter((x) => x.event?.startsWith('irq_matrix_') && x.event !== 'irq_matrix_online');
    expect(matrixRecords.filter((x) => x.status !== 'consistent').map((x) => x.text)).toEqual([matrixRecords[0].text]);
    expect(r.replay.matrixText()).toBe(engineMatrix(t));
    // The grid the UI draws: the same counters and cells as the engine's (moving and legacy ISA
    // vectors are allocated bits to the matrix), every cell known from boot on.
    const mine = traceVectorSnapshot(r.replay.final);
    const eng = t.snapshot().vectors!;
    for (const k of ['available', 'allocated', 'managed', 'managedAllocated'] as const) expect([...mine.vectors[k]].slice(0, 4)).toEqual([...eng[k]]);
    const asMatrix = (c: number) => (c === CELL.moving || c === CELL.legacy ? CELL.allocated : c);
    // Vectors at and above FIRST_SYSTEM_VECTOR that no assign_system names are outside the matrix: no event shows them.
    const outside = (i: number) => eng.cells[i] === CELL.system && mine.vectors.cells[i] === CELL.free && i % 256 >= 0xec;
    const cells = [...eng.cells].map((c, i) => (outside(i) ? CELL.free : asMatrix(c)));
    expect([...mine.vectors.cells].slice(0, eng.cells.length)).toEqual(cells);
    expect(mine.knownCells.every((k) => k === 1)).toBe(true);
    mine.vectors.owner.forEach((irq, i) => {
      if (irq >= 0 && i < eng.owner.length) expect(eng.owner[i], `cell ${i}`).toBe(irq);
    });
    // ... and at every step boundary on the way.
    for (let k = 0; k < STORY.steps.length; k += 3) {
      const at = r.replay.records.filter((x) => x.ts !== null && x.ts < k + 2).length - 1;
      t.seek(k + 1);
      expect(r.replay.matrixText(at), `after step ${k}`).toBe(engineMatrix(t));
    }
  });

  it('exported without the scenario, hotplug events cannot name their CPU: the header says so and the replay disagrees honestly', () => {
    const sc = scenario({ scenario: 1, machine: { cpus: 2 }, steps: [{ do: 'cpu.offline', cpu: 1 }] });
    const t = new Timeline(sc, createBackend);
    const text = exportFtrace(t.recorder.events);
    expect(text).toContain('exported without its scenario, so the CPU column is 0');
    const r = importTrace(text);
    if (!r.ok) throw new Error(r.message);
    expect(r.replay.counts.inconsistent).toBeGreaterThan(0);
  });

  it(`generated x86 scenarios replay consistently (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(arbScenario({ arch: 'x86_64', maxCpus: 16, maxSteps: 25 }), (sc) => {
        // Only the matrix allocator (v4.15+) has irq_matrix tracepoints.
        fc.pre(!sc.machine.xen && resolveMachine(sc.machine).kernel.vectors === 'matrix');
        const t = new Timeline(sc, createBackend);
        const r = importTrace(exportFtrace(t.recorder.events, { scenario: sc }));
        if (!r.ok) throw new Error(r.message);
        const bad = r.replay.records.filter((x) => x.status === 'inconsistent' || x.status === 'gap');
        expect(bad.map((x) => `${x.line} ${x.text} ${JSON.stringify(x.mismatches)}`)).toEqual([]);
        expect(r.replay.matrixText()).toBe(engineMatrix(t));
      }),
      { seed: SEED, numRuns: 40 },
    );
  });
});
