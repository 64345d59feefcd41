import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventLog } from '../events';
import { irqCalcAffinityVectors, irqCreateAffinityMasks, nvmeAffinity, topologyFor, type CpuTopology } from './affinity';
import { groupCpusEvenly } from './group_cpus';

const none = { pre_vectors: 0, post_vectors: 0 };

function groups(n: number, t: CpuTopology): number[][] {
  const r = groupCpusEvenly(n, t);
  if (!r) throw new Error('group_cpus_evenly returned NULL');
  return r.masks;
}

describe('topologyFor', () => {
  it('splits CPUs into contiguous node blocks with adjacent SMT siblings', () => {
    const t = topologyFor(8, 2, 2);
    expect(t.nrCpuIds).toBe(8);
    expect(t.possible).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(t.present).toEqual(t.possible);
    expect(t.nodes).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
    expect(t.siblings).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
      [6, 7],
    ]);
    expect(topologyFor(4, 1, 1, [2, 0]).present).toEqual([0, 2]);
  });

  it('never splits a core across nodes when the counts do not divide', () => {
    const t = topologyFor(10, 4, 2);
    expect(t.nodes).toEqual([[0, 1, 2, 3], [4, 5], [6, 7], [8, 9]]);
    expect(topologyFor(2, 4).nodes).toEqual([[0], [], [1], []]);
  });
});

describe('group_cpus_evenly: worked examples of kernel-model.md section 4', () => {
  it('1 node, no SMT', () => {
    const t = topologyFor(8);
    expect(groups(4, t)).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
      [6, 7],
    ]);
    expect(groups(3, t)).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7],
    ]);
  });

  it('siblings (0,4),(1,5),...: one core per group, in the cluster sort order (v7.0)', () => {
    const t: CpuTopology = { ...topologyFor(8), siblings: [[0, 4], [1, 5], [2, 6], [3, 7]] };
    const g = groups(4, t);
    // The groups of the section's example, {0,4},{1,5},{2,6},{3,7} ...
    expect([...g].sort((a, b) => a[0] - b[0])).toEqual([
      [0, 4],
      [1, 5],
      [2, 6],
      [3, 7],
    ]);
    // ... handed out in the order the heapsort leaves four equal clusters (v7.0's
    // cluster-aware grouping; the cluster of a CPU is its SMT core).
    expect(g).toEqual([
      [1, 5],
      [3, 7],
      [2, 6],
      [0, 4],
    ]);
  });

  it('2 equal nodes, 6 groups: node 1 first, 3 groups each', () => {
    expect(groups(6, topologyFor(8, 2))).toEqual([[4, 5], [6], [7], [0, 1], [2], [3]]);
  });

  it('more groups than CPUs: the extra groups stay empty and are not counted', () => {
    // Without SMT every CPU is its own cluster; 4 clusters <= 4 groups, so the clusters
    // are handed out in heapsort order (irq_affinity-002 shows the same [1],[3],[2],[0]).
    const r = groupCpusEvenly(6, topologyFor(4));
    expect(r?.masks).toEqual([[1], [3], [2], [0], [], []]);
    expect(r?.nummasks).toBe(4);
  });

  it('fewer groups than nodes: whole nodes per group, wrapping', () => {
    expect(groups(2, topologyFor(6, 3))).toEqual([
      [0, 1, 4, 5],
      [2, 3],
    ]);
  });

  it('spreads the not-present CPUs from group nr_present, sharing groups', () => {
    // Stage 1: present 0-3 fill groups 0-3 (cluster order 1,3,2,0). Stage 2 starts at
    // group 4 with CPUs 4-7 in the same cluster order 5,7,6,4, wrapping to groups 0 and 1.
    const t = topologyFor(8, 1, 1, [0, 1, 2, 3]);
    expect(groups(6, t)).toEqual([[1, 6], [3, 4], [2], [0], [5], [7]]);
    expect(groupCpusEvenly(0, t)).toBeNull();
  });
});

describe('irq_create_affinity_masks', () => {
  it('gives pre and post vectors the default affinity, unmanaged', () => {
    const r = irqCreateAffinityMasks(6, { pre_vectors: 1, post_vectors: 1 }, topologyFor(4));
    expect(r).toEqual({
      masks: [[0, 1, 2, 3], [1], [3], [2], [0], [0, 1, 2, 3]],
      managed: [false, true, true, true, true, false],
    });
  });

  it('returns NULL when no vector is left to spread', () => {
    const t = topologyFor(4);
    expect(irqCreateAffinityMasks(2, { pre_vectors: 1, post_vectors: 1 }, t)).toBeNull();
    expect(irqCreateAffinityMasks(1, { pre_vectors: 1, post_vectors: 1 }, t)).toBeNull();
    expect(irqCreateAffinityMasks(0, none, t)).toBeNull();
  });

  it('managed vectors beyond the CPUs get the default mask (holes included) and stay managed', () => {
    const t: CpuTopology = { nrCpuIds: 4, possible: [0, 2], present: [0, 2], nodes: [[0, 2]], siblings: [[0], [2]] };
    const r = irqCreateAffinityMasks(4, none, t);
    expect(r?.masks).toEqual([[2], [0], [0, 1, 2, 3], [0, 1, 2, 3]]);
    expect(r?.managed).toEqual([true, true, true, true]);
  });

  it('WARNs and returns NULL for more than IRQ_AFFINITY_MAX_SETS sets', () => {
    const log = new EventLog();
    const r = irqCreateAffinityMasks(6, { ...none, calc_sets: (n) => Array(5).fill(n / 5) }, topologyFor(4), log);
    expect(r).toBeNull();
    expect(log.events.map((e) => e.type)).toEqual(['warning']);
  });

  it('copies several sets one after the other', () => {
    const r = irqCreateAffinityMasks(5, { pre_vectors: 1, post_vectors: 0, calc_sets: () => [2, 2] }, topologyFor(4));
    expect(r?.masks).toEqual([[0, 1, 2, 3], [0, 1], [2, 3], [0, 1], [2, 3]]);
  });
});

describe('irq_calc_affinity_vectors', () => {
  const t: CpuTopology = { ...topologyFor(16, 2), present: [0, 1, 2] };
  it('counts possible CPUs, not present ones', () => {
    expect(irqCalcAffinityVectors(1, 64, none, t)).toBe(16);
    expect(irqCalcAffinityVectors(2, 64, { pre_vectors: 1, post_vectors: 1 }, t)).toBe(18);
    expect(irqCalcAffinityVectors(1, 8, { pre_vectors: 1, post_vectors: 0 }, t)).toBe(8);
  });
  it('returns 0 when the reserved vectors exceed minvec', () => {
    expect(irqCalcAffinityVectors(1, 64, { pre_vectors: 1, post_vectors: 1 }, t)).toBe(0);
  });
  it('computes maxvec - resv in unsigned arithmetic', () => {
    // maxvec < resv <= minvec: maxvec - resv wraps, so all possible CPUs count.
    expect(irqCalcAffinityVectors(3, 1, { pre_vectors: 2, post_vectors: 0 }, t)).toBe(18);
  });
});

describe('nvmeAffinity', () => {
  it('is 1 unmanaged admin vector plus one managed vector per queue', () => {
    const r = nvmeAffinity(topologyFor(4), 4);
    expect(r.masks).toEqual([[0, 1, 2, 3], [1], [3], [2], [0]]);
    expect(r.managed).toEqual([false, true, true, true, true]);
    expect(nvmeAffinity(topologyFor(4), 0)).toEqual({ masks: [[0, 1, 2, 3]], managed: [false] });
  });

  it('handles 8192 CPUs quickly', () => {
    const t = topologyFor(8192, 64, 2, Array.from({ length: 6000 }, (_, i) => i));
    const start = performance.now();
    const r = nvmeAffinity(t, 8192);
    expect(performance.now() - start).toBeLessThan(2000);
    expect(r.masks.slice(1).every((m) => m.length === 1)).toBe(true);
    expect(new Set(r.masks.slice(1).map((m) => m[0])).size).toBe(8192);
  });
});

// ---- properties ------------------------------------------------------------------------

/** A random machine: sparse possible map, nodes (some empty), cores of 1-2 CPUs per node. */
const topologyArb: fc.Arbitrary<CpuTopology> = fc
  .record({
    nr: fc.integer({ min: 1, max: 48 }),
    nNodes: fc.integer({ min: 1, max: 6 }),
    seed: fc.array(fc.record({ possible: fc.boolean(), present: fc.boolean(), node: fc.nat(), pair: fc.boolean() }), {
      minLength: 48,
      maxLength: 48,
    }),
  })
  .map(({ nr, nNodes, seed }) => {
    const possible = [0];
    for (let c = 1; c < nr; c++) if (seed[c].possible || seed[c].present) possible.push(c);
    const present = possible.filter((c) => c === 0 || seed[c].present);
    const nodes: number[][] = Array.from({ length: nNodes }, () => []);
    for (const c of possible) nodes[seed[c].node % nNodes].push(c);
    const siblings: number[][] = [];
    for (const list of nodes) {
      for (let k = 0; k < list.length; k++) {
        if (seed[list[k]].pair && k + 1 < list.length) {
          siblings.push([list[k], list[k + 1]]);
          k++;
        } else siblings.push([list[k]]);
      }
    }
    return { nrCpuIds: nr, possible, present, nodes, siblings };
  });

const callArb = fc.record({
  topo: topologyArb,
  nvecs: fc.integer({ min: 0, max: 64 }),
  pre: fc.integer({ min: 0, max: 3 }),
  post: fc.integer({ min: 0, max: 3 }),
});

describe('irq_create_affinity_masks properties', () => {
  it('covers every present (and possible) CPU in the managed range', () => {
    fc.assert(
      fc.property(callArb, ({ topo, nvecs, pre, post }) => {
        fc.pre(nvecs - pre - post >= 1);
        const r = irqCreateAffinityMasks(nvecs, { pre_vectors: pre, post_vectors: post }, topo);
        expect(r).not.toBeNull();
        const covered = new Set(r!.masks.slice(pre, nvecs - post).flat());
        for (const c of topo.present) expect(covered.has(c)).toBe(true);
        for (const c of topo.possible) expect(covered.has(c)).toBe(true);
        expect(r!.managed).toEqual(r!.masks.map((_, i) => i >= pre && i < nvecs - post));
      }),
    );
  });

  it('spreads only possible CPUs; every other mask is the default', () => {
    fc.assert(
      fc.property(callArb, ({ topo, nvecs, pre, post }) => {
        const r = irqCreateAffinityMasks(nvecs, { pre_vectors: pre, post_vectors: post }, topo);
        if (!r) return;
        const possible = new Set(topo.possible);
        const dflt = Array.from({ length: topo.nrCpuIds }, (_, i) => i);
        r.masks.forEach((m, i) => {
          if (i < pre || i >= nvecs - post) expect(m).toEqual(dflt);
          else if (!m.every((c) => possible.has(c))) expect(m).toEqual(dflt);
        });
        const g = groupCpusEvenly(nvecs - pre - post, topo)!;
        for (const m of g.masks) for (const c of m) expect(possible.has(c)).toBe(true);
      }),
    );
  });

  it('never puts a present CPU in two managed masks, and fills min(vectors, present) of them', () => {
    fc.assert(
      fc.property(callArb, ({ topo, nvecs, pre, post }) => {
        const affvecs = nvecs - pre - post;
        fc.pre(affvecs >= 1 && nvecs <= topo.present.length);
        const r = irqCreateAffinityMasks(nvecs, { pre_vectors: pre, post_vectors: post }, topo)!;
        const present = new Set(topo.present);
        const seen = new Set<number>();
        let withPresent = 0;
        for (const m of r.masks.slice(pre, nvecs - post)) {
          const mine = m.filter((c) => present.has(c));
          if (mine.length) withPresent++;
          for (const c of mine) {
            expect(seen.has(c)).toBe(false);
            seen.add(c);
          }
        }
        expect(withPresent).toBe(Math.min(affvecs, topo.present.length));
      }),
    );
  });

  it('group_cpus_evenly never assigns a CPU twice', () => {
    fc.assert(
      fc.property(topologyArb, fc.integer({ min: 1, max: 64 }), (topo, n) => {
        const all = groupCpusEvenly(n, topo)!.masks.flat();
        expect(new Set(all).size).toBe(all.length);
        expect(all.length).toBe(topo.possible.length);
      }),
    );
  });
});
