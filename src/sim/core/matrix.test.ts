// Unit and property tests of the matrix allocator beyond the kernel traces (which the
// conformance suite replays): invariants after every operation of random sequences.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { popcount32 } from '../lib/bitmap';
import { Matrix } from './matrix';
import { matrixDebugShow } from './matrix_debugfs';

const NR = 6;

function boot(): Matrix {
  const m = new Matrix(NR, 256, 32, 236);
  for (const b of [...Array.from({ length: 32 }, (_, i) => i), 128, 236, 240, 241, 242, 244, 246, 247, 248, 249, 250, 251, 252, 253, 254, 255]) {
    m.assignSystem(0, b, false);
  }
  m.assignSystem(0, 50, false);
  m.onlineCpu(0);
  for (let i = 0; i < 16; i++) if (i !== 2) m.assign(0, 48 + i);
  for (let c = 1; c < NR; c++) m.onlineCpu(c);
  return m;
}

function weightOf(words: Uint32Array, mask?: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < words.length; i++) n += popcount32(mask ? words[i] & mask[i] : words[i]);
  return n;
}

const cpuList = fc.uniqueArray(fc.integer({ min: 0, max: NR - 1 }), { minLength: 1, maxLength: NR }).map((l) => l.sort((a, b) => a - b));

type Op =
  | { op: 'alloc'; cpus: number[]; reserved: boolean }
  | { op: 'free'; pick: number }
  | { op: 'reserveManaged'; cpus: number[] }
  | { op: 'allocManaged'; cpus: number[] }
  | { op: 'freeManaged'; pick: number }
  | { op: 'removeManaged'; cpus: number[] }
  | { op: 'offline'; cpu: number }
  | { op: 'online'; cpu: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('alloc' as const), cpus: cpuList, reserved: fc.constant(false) }),
  fc.record({ op: fc.constant('free' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('reserveManaged' as const), cpus: cpuList }),
  fc.record({ op: fc.constant('allocManaged' as const), cpus: cpuList }),
  fc.record({ op: fc.constant('freeManaged' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('removeManaged' as const), cpus: cpuList }),
  fc.record({ op: fc.constant('offline' as const), cpu: fc.integer({ min: 1, max: NR - 1 }) }),
  fc.record({ op: fc.constant('online' as const), cpu: fc.integer({ min: 1, max: NR - 1 }) }),
);

describe('matrix allocator', () => {
  it('boots like the BENCH.md machine: boot CPU 15 vectors less', () => {
    const m = boot();
    expect(m.available[0]).toBe(m.available[1] - 15);
    expect(m.totalAllocated).toBe(15);
    expect(matrixDebugShow(m, 1)).toContain(' | CPU | avl | man | mac | act | vectors\n');
  });

  it('keeps counters equal to bitmap weights and never owns a bit twice, whatever the order of calls', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), (ops) => {
        const m = boot();
        const regular: Array<[number, number]> = [];
        const managed: Array<[number, number]> = [];
        let expectedWarnings = 0;
        for (const o of ops) {
          switch (o.op) {
            case 'alloc': {
              const bit = m.alloc(o.cpus, o.reserved);
              if (bit >= 0) {
                expect(regular.some(([c, b]) => c === m.lastCpu && b === bit)).toBe(false);
                regular.push([m.lastCpu, bit]);
              }
              break;
            }
            case 'free':
              if (regular.length) {
                const [c, b] = regular.splice(o.pick % regular.length, 1)[0];
                m.free(c, b, false);
              }
              break;
            case 'reserveManaged':
              m.reserveManaged(o.cpus);
              break;
            case 'allocManaged': {
              const bit = m.allocManaged(o.cpus);
              if (bit >= 0) managed.push([m.lastCpu, bit]);
              break;
            }
            case 'freeManaged':
              if (managed.length) {
                const [c, b] = managed.splice(o.pick % managed.length, 1)[0];
                m.free(c, b, true);
              }
              break;
            case 'removeManaged':
              // WARN_ON_ONCE when a CPU has no managed bit reserved and not allocated.
              for (const c of o.cpus) if (m.managed[c] === m.managedAllocated[c]) expectedWarnings++;
              m.removeManaged(o.cpus);
              break;
            case 'offline':
              if (m.online[o.cpu]) m.offlineCpu(o.cpu);
              break;
            case 'online':
              if (!m.online[o.cpu]) m.onlineCpu(o.cpu);
              break;
          }
          let onlineMaps = 0;
          for (let c = 0; c < NR; c++) {
            const am = m.allocMapOf(c);
            const mm = m.managedMapOf(c);
            expect(m.allocated[c]).toBe(weightOf(am));
            expect(m.managed[c]).toBe(weightOf(mm));
            expect(m.managedAllocated[c]).toBe(weightOf(am, mm));
            // No allocation sits on a system vector (the legacy ISA vectors were assigned).
            for (let w = 0; w < am.length; w++) {
              const clash = am[w] & m.systemMap[w];
              expect(clash).toBe(0);
            }
            onlineMaps += m.online[c];
          }
          expect(m.onlineMaps).toBe(onlineMaps);
          expect(m.warnings).toBe(expectedWarnings);
        }
        // Freeing everything we hold gives every allocated vector back.
        for (const [c, b] of regular) m.free(c, b, false);
        for (const [c, b] of managed) m.free(c, b, true);
        for (let c = 0; c < NR; c++) expect(m.allocated[c]).toBe(c === 0 ? 15 : 0);
      }),
      { numRuns: 300 },
    );
  });

  it('records a warning, never an exception, for calls on CPUs that do not exist', () => {
    const m = boot();
    const before = matrixDebugShow(m, 0);
    m.free(99, 40, false);
    m.assign(-1, 40);
    m.onlineCpu(NR);
    expect(m.warnings).toBe(3);
    expect(matrixDebugShow(m, 0)).toBe(before);
  });
});

describe('irq_matrix_offline has no check (kernel/irq/matrix.c)', () => {
  it('a second offline subtracts again and a never-onlined CPU wraps online_maps, without a warning', () => {
    const m = new Matrix(3, 40, 4, 36);
    m.onlineCpu(0);
    m.onlineCpu(1);
    expect([m.onlineMaps, m.globalAvailable]).toEqual([2, 64]);
    m.offlineCpu(1);
    m.offlineCpu(1);
    expect([m.onlineMaps, m.globalAvailable]).toEqual([0, 0]);
    expect(m.availableFor(0, false)).toBe(0);
    m.offlineCpu(2); // never online: available 0, online_maps 0 - 1
    expect(m.onlineMaps).toBe(4294967295);
    expect(m.warnings).toBe(0);
  });
});
