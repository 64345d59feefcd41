import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importTrace, type TraceReplay } from './replay';
import { sharedDir } from '../testing/shared_dir';

const FIXTURES = sharedDir('fixtures', 'real');

function replayOf(text: string, interval?: number): TraceReplay {
  const r = importTrace(text, { interval });
  if (!r.ok) throw new Error(r.message);
  return r.replay;
}

/** "  a-1  [000] d..1.  1.000001: <event>: <body>" */
function ev(n: number, name: string, body: string, cpu = 0): string {
  return `           a-1       [${String(cpu).padStart(3, '0')}] d..1.     1.${String(n).padStart(6, '0')}: ${name}: ${body}`;
}

const m = (bit: number, cpu: number, avl: number, alloc: number, gavl: number, rsvd: number, total: number) =>
  `bit=${bit} cpu=${cpu} online=1 avl=${avl} alloc=${alloc} managed=0 online_maps=4 global_avl=${gavl}, global_rsvd=${rsvd}, total_alloc=${total}`;

/** A mid-flight capture whose events agree with each other. */
function synthetic(free = m(33, 1, 199, 2, 796, 3, 10), reserve = 'online_maps=4 global_avl=796, global_rsvd=4, total_alloc=10'): string[] {
  return [
    '# tracer: nop',
    ev(1, 'irq_matrix_alloc', m(33, 1, 199, 2, 796, 3, 10)),
    ev(2, 'vector_alloc', 'irq=30 vector=33 reserved=1 ret=0'),
    ev(3, 'irq_matrix_alloc', m(34, 1, 198, 3, 795, 3, 11)),
    ev(4, 'vector_alloc', 'irq=31 vector=34 reserved=0 ret=0'),
    ev(5, 'irq_matrix_free', free),
    ev(6, 'irq_matrix_reserve', reserve),
  ];
}

describe('trace replay of the real captures', () => {
  it('trace-irq-matrix-vector-104cpu-excerpt: the free on CPU 7 disagrees with the alloc before it; the elision is a gap', () => {
    const r = replayOf(readFileSync(resolve(FIXTURES, 'trace-irq-matrix-vector-104cpu-excerpt.txt'), 'utf8'));
    expect(r.summaryLine()).toBe('14 events, 4 consistent, 1 inconsistent, 1 gaps');
    expect(r.counts.baseline).toBe(9);
    const bad = r.records.filter((x) => x.status === 'inconsistent');
    expect(bad.map((x) => [x.index, x.line, x.event, x.mismatches])).toEqual([
      [
        5,
        6,
        'irq_matrix_free',
        [
          { field: 'global_available', trace: 20687, rebuilt: 20688 },
          { field: 'total_allocated', trace: 217, rebuilt: 216 },
        ],
      ],
    ]);
    const gap = r.records.find((x) => x.status === 'gap')!;
    expect([gap.index, gap.line, gap.text.trim()]).toEqual([6, 7, '...']);
    // After the gap the rebuild starts again: the first events re-learn, none is "consistent" by luck.
    expect(r.records.slice(7, 10).map((x) => x.status)).toEqual(['baseline', 'baseline', 'baseline']);
    // The failed re-activation at the end: vector_alloc ret=-22 with the reservation vector_reserve made.
    expect(r.records[14]).toMatchObject({ event: 'vector_alloc', status: 'consistent', checked: 1 });
    expect(r.matrixText()).toBe(
      [
        'Online bitmaps:      104',
        'Global available:  20689',
        'Global reserved:     342',
        'Total allocated:     215',
        'System: ?: (not in the trace)',
        ' | CPU | avl | man | mac | act | vectors',
        '    26   199     1     ?    2  ',
        '',
      ].join('\n'),
    );
  });

  it('trace-irq-vectors-x86-msi-serial-5.17-excerpt: vector_config agrees with the vector_update before it', () => {
    const r = replayOf(readFileSync(resolve(FIXTURES, 'trace-irq-vectors-x86-msi-serial-5.17-excerpt.txt'), 'utf8'));
    expect(r.summaryLine()).toBe('4 events, 1 consistent, 0 inconsistent, 0 gaps');
    expect(r.records.map((x) => x.status)).toEqual(['baseline', 'baseline', 'baseline', 'consistent']);
    expect(r.final.irqs.get(82)).toMatchObject({ vector: 37, cpu: 3, hasReserved: 0, canReserve: 1, isManaged: 0 });
    expect(r.notes).toContain("no irq_matrix event: the per-CPU counters are not in the trace, only the interrupts' vectors");
  });
});

describe('trace replay of synthetic captures', () => {
  it('a consistent capture: the first event is the baseline, then every counter is checked', () => {
    const r = replayOf(synthetic().join('\n'));
    expect(r.records.map((x) => [x.event, x.status])).toEqual([
      ['irq_matrix_alloc', 'baseline'],
      ['vector_alloc', 'baseline'],
      ['irq_matrix_alloc', 'consistent'],
      ['vector_alloc', 'baseline'],
      ['irq_matrix_free', 'consistent'],
      ['irq_matrix_reserve', 'consistent'],
    ]);
    expect(r.summaryLine()).toBe('6 events, 3 consistent, 0 inconsistent, 0 gaps');
  });

  it('an injected disagreement is reported with its event, line, field, trace and rebuilt values', () => {
    const r = replayOf(synthetic(m(33, 1, 199, 2, 797, 3, 10)).join('\n'));
    const bad = r.records.filter((x) => x.status === 'inconsistent');
    expect(bad.map((x) => [x.index, x.line, x.event, x.mismatches])[0]).toEqual([4, 6, 'irq_matrix_free', [{ field: 'global_available', trace: 797, rebuilt: 796 }]]);
    // The trace's value is kept: the next event is judged against it, not reported again.
    expect(r.records[5].status).toBe('inconsistent');
    expect(r.records[5].mismatches).toEqual([{ field: 'global_available', trace: 796, rebuilt: 797 }]);
  });

  it('a vector allocated twice on the same CPU is a disagreement of the alloc map', () => {
    const lines = synthetic();
    lines.splice(3, 1, ev(3, 'irq_matrix_alloc', m(33, 1, 198, 3, 795, 3, 11)));
    const r = replayOf(lines.join('\n'));
    expect(r.records[2].mismatches).toEqual([{ field: 'alloc_map', cpu: 1, trace: 'vector 33 allocated', rebuilt: 'vector 33 already allocated' }]);
  });

  for (const [what, marker] of [
    ['lost events', 'CPU:3 [LOST 12 EVENTS]'],
    ["a '...' line", '           ...'],
    ['a CPU buffer that starts late', '##### CPU 2 buffer started ####'],
  ] as const) {
    it(`${what} re-baseline: numbers that no longer fit are not called inconsistent, and nothing after the hole is consistent until checked`, () => {
      const after = [m(33, 1, 150, 40, 700, 9, 60), 'online_maps=4 global_avl=700, global_rsvd=10, total_alloc=60'] as const;
      const lines = synthetic(...after);
      lines.splice(5, 0, marker);
      const r = replayOf(lines.join('\n'));
      expect(r.counts.inconsistent).toBe(0);
      expect(r.counts.gaps).toBe(1);
      const gap = r.records.find((x) => x.status === 'gap')!;
      expect(gap.line).toBe(6);
      expect(r.records[gap.index + 1]).toMatchObject({ event: 'irq_matrix_free', status: 'baseline' });
      // The reserve after it is checked against what the free taught.
      expect(r.records[gap.index + 2]).toMatchObject({ event: 'irq_matrix_reserve', status: 'consistent' });
      expect(r.final.g[2]).toBe(10);
      // Without the hole the same numbers disagree.
      const without = replayOf(synthetic(...after).join('\n'));
      expect(without.counts.inconsistent).toBeGreaterThan(0);
    });
  }

  it('the state after any event is the same from checkpoints as step by step', () => {
    const text = synthetic().concat(synthetic().slice(1)).join('\n');
    const a = replayOf(text);
    const b = replayOf(text, 1);
    const c = replayOf(text, 3);
    for (let k = -1; k < a.length; k++) {
      expect(c.matrixText(k)).toBe(b.matrixText(k));
      expect(a.matrixText(k)).toBe(b.matrixText(k));
    }
    expect(b.stateAt(1).available[1]).toBe(199);
    expect(b.stateAt(2).available[1]).toBe(198);
  });

  it('refuses what is not a trace, and a trace without vector events, naming why', () => {
    expect(importTrace('hello\nworld\n')).toEqual({
      ok: false,
      message:
        'this is not an ftrace capture: expected lines like "  kworker/0:2-2827  [000] d..1. 76495.343456: vector_alloc: irq=82 vector=37 reserved=1 ret=0" (cat /sys/kernel/tracing/trace, or trace-cmd report)',
    });
    const sched = [ev(1, 'sched_switch', 'prev_comm=a prev_pid=1'), ev(2, 'sched_switch', 'prev_comm=b prev_pid=2')].join('\n');
    const r = importTrace(sched);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^an ftrace capture, but without irq_matrix:\* or irq_vectors:\* vector events \(it has sched_switch \(2\)\)/);
    const png = importTrace('\x89PNG\r\n\x1a\n\0\0\0');
    expect(png.ok).toBe(false);
  });

  it('sizes the machine by the matrix\'s online_maps when the events name fewer CPUs', () => {
    const real = replayOf(readFileSync(resolve(FIXTURES, 'trace-irq-matrix-vector-104cpu-excerpt.txt'), 'utf8'));
    // Its events name CPUs up to 47 (the [047] column); its counters say online_maps=104.
    expect(real.nrCpus).toBe(104);
    expect(real.final.nrCpus).toBe(104);
    expect(real.stateAt(3).nrCpus).toBe(104);
    expect(real.notes).toContain('the matrix counts 104 online CPUs (online_maps=104, line 1) but the events name CPUs 0-47 only: the machine has 104 CPUs');
    // The synthetic capture names CPUs 0 and 1 and counts 4 online maps.
    const syn = replayOf(synthetic().join('\n'));
    expect(syn.nrCpus).toBe(4);
    // Fewer online maps than CPUs named (CPUs went offline): the CPUs named decide, no note.
    const few = synthetic().map((l) => l.replaceAll('online_maps=4', 'online_maps=1'));
    const r = replayOf(few.join('\n'));
    expect(r.nrCpus).toBe(2);
    expect(r.notes.some((n) => n.includes('online_maps'))).toBe(false);
    // A vector-only capture has no online_maps: the CPUs named decide.
    expect(replayOf(ev(1, 'vector_alloc', 'irq=30 vector=33 reserved=1 ret=0', 5)).nrCpus).toBe(6);
  });

  it('refuses online_maps beyond the CPUs irqscope models, naming the line', () => {
    const lines = synthetic().map((l, i) => (i === 3 ? l.replace('online_maps=4', 'online_maps=9000') : l));
    const r = importTrace(lines.join('\n'));
    expect(r).toEqual({ ok: false, message: 'line 4: online_maps=9000 is beyond the 8192 CPUs irqscope models' });
  });

  it('an event missing a field cannot be applied: reported as a gap, the rebuild starts again', () => {
    const lines = synthetic();
    lines[3] = ev(3, 'irq_matrix_alloc', 'bit=34 cpu=1 online=1');
    const r = replayOf(lines.join('\n'));
    expect(r.records[2]).toMatchObject({ status: 'gap', note: 'irq_matrix_alloc without its avl= field: it cannot be applied, the rebuild starts again from the next events' });
    expect(r.counts.events).toBe(6);
    expect(r.counts.gaps).toBe(1);
  });

  it('a long capture (40,000 events, ~7 MB) replays and scrubs in bounded time', () => {
    const lines: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const bit = 33 + (i % 150);
      lines.push(ev(1, 'irq_matrix_alloc', m(bit, i % 64, 199, 2, 19999, 0, 101).replace('online_maps=4', 'online_maps=64')));
      lines.push(ev(1, 'irq_matrix_free', m(bit, i % 64, 200, 1, 20000, 0, 100).replace('online_maps=4', 'online_maps=64')));
    }
    const t0 = performance.now();
    const r = replayOf(lines.join('\n'));
    expect(r.summaryLine()).toBe('40000 events, 39936 consistent, 0 inconsistent, 0 gaps');
    for (let k = 0; k < 50; k++) expect(r.stateAt((k * 7919) % r.length).g[0]).toBe(64);
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it('reads trace-cmd report lines (no flags column) and "early=" of older kernels', () => {
    const lines = [
      '          <idle>-0     [003]  6125.174735: vector_activate:      irq=40 is_managed=0 can_reserve=1 early=0',
      '          <idle>-0     [003]  6125.174736: vector_deactivate:    irq=40 is_managed=0 can_reserve=1 early=0',
    ];
    const r = replayOf(lines.join('\n'));
    expect(r.records.map((x) => x.status)).toEqual(['baseline', 'consistent']);
  });
});
