// The managed spreading of older releases, on machines where they differ from v7.0; every
// expectation below is worked by hand from the kernel code each rule names (affinity.ts).
import { describe, expect, it } from 'vitest';
import { EventLog } from '../events';
import { irqCreateAffinityMasks, nvmeAffinity, topologyFor, type AffinityRule, type CpuTopology } from './affinity';

const spread = (n: number, t: CpuTopology, rule: AffinityRule, log: EventLog | null = null) =>
  irqCreateAffinityMasks(n, { pre_vectors: 0, post_vectors: 0 }, t, log, rule)!.masks;

describe('spreading rules of older releases', () => {
  it('v7.0 splits a node by clusters (SMT cores here); v6.9 spreads the node as a whole', () => {
    // 8 CPUs, SMT 2, 6 groups. v6.9: 8/6 = 1 CPU per group, 2 extra: {0,1},{2,3},{4},{5},{6},{7}.
    const t = topologyFor(8, 1, 2);
    expect(spread(6, t, 'v6.9')).toEqual([[0, 1], [2, 3], [4], [5], [6], [7]]);
    // v7.0: 4 clusters of 2, sorted (equal keys) to clusters 1,3,2,0 which get 1,1,2,2 groups.
    expect(spread(6, t, 'v7.0')).toEqual([[2, 3], [6, 7], [4], [5], [0], [1]]);
  });

  it('v6.9 orders equal nodes with the v6.9 heapsort, v5.4/v6.3 with the v5.1 one', () => {
    // 3 nodes of 4 CPUs, 6 groups, 2 per node. v6.9 visits nodes 2,1,0; v5.1's sort 1,2,0.
    const t = topologyFor(12, 3);
    expect(spread(6, t, 'v6.9')).toEqual([[8, 9], [10, 11], [4, 5], [6, 7], [0, 1], [2, 3]]);
    for (const rule of ['v5.4', 'v6.3'] as const) {
      expect(spread(6, t, rule)).toEqual([[4, 5], [6, 7], [8, 9], [10, 11], [0, 1], [2, 3]]);
    }
  });

  it('v4.17 shares vectors equally between nodes in node order; v5.4 by CPU ratio', () => {
    // Node 0 has CPUs 0-2, node 1 CPUs 3-7; 4 vectors.
    const t: CpuTopology = { nrCpuIds: 8, possible: [0, 1, 2, 3, 4, 5, 6, 7], present: [0, 1, 2, 3, 4, 5, 6, 7], nodes: [[0, 1, 2], [3, 4, 5, 6, 7]], siblings: [0, 1, 2, 3, 4, 5, 6, 7].map((c) => [c]) };
    // v4.17: node 0 gets 4/2 = 2 vectors ({0,1},{2}), node 1 the other 2 ({3,4,5},{6,7}).
    expect(spread(4, t, 'v4.17')).toEqual([[0, 1], [2], [3, 4, 5], [6, 7]]);
    // v5.4: node 0 (fewest CPUs) gets max(1, 4*3/8) = 1, node 1 3*5/5 = 3.
    expect(spread(4, t, 'v5.4')).toEqual([[0, 1, 2], [3, 4], [5, 6], [7]]);
    expect(spread(4, t, 'v7.0')).toEqual(spread(4, t, 'v5.4'));
  });

  it('v4.17 spreads present CPUs first, then the others from the next vector', () => {
    // CPUs 0-3 present, 4-7 possible only; 1 node; 4 vectors.
    const t = topologyFor(8, 1, 1, [0, 1, 2, 3]);
    // Stage 1: 4 vectors over 4 CPUs; stage 2 starts again at vector 0 (all used): 4-7 one each.
    expect(spread(4, t, 'v4.17')).toEqual([[0, 4], [1, 5], [2, 6], [3, 7]]);
  });

  it('before v6.17 groups past the CPUs stay empty (with the WARN); since v6.17 they get the default mask', () => {
    const t = topologyFor(4);
    const log = new EventLog();
    expect(spread(6, t, 'v6.9', log)).toEqual([[0], [1], [2], [3], [], []]);
    expect(log.events.map((e) => e.type === 'warning' && e.message)).toEqual(['WARN_ON(nr_present + nr_others < numgrps)']);
    expect(spread(6, t, 'v6.17')).toEqual([[0], [1], [2], [3], [0, 1, 2, 3], [0, 1, 2, 3]]);
    const old = new EventLog();
    expect(spread(6, t, 'v4.17', old)).toEqual([[0], [1], [2], [3], [], []]);
    expect(old.events.some((e) => e.type === 'warning')).toBe(true);
  });

  it('NVMe on 4 CPUs: queue k on CPU k-1 until v7.0; v7.0 hands the one-CPU clusters out in heapsort order', () => {
    for (const rule of ['v4.17', 'v5.4', 'v6.3', 'v6.9', 'v6.17'] as const) {
      const a = nvmeAffinity(topologyFor(4), 4, null, rule);
      expect(a.masks).toEqual([[0, 1, 2, 3], [0], [1], [2], [3]]);
      expect(a.managed).toEqual([false, true, true, true, true]);
    }
    // Four equal clusters come out of the v6.9+ heapsort as 1, 3, 2, 0 (lib/sort.test.ts).
    expect(nvmeAffinity(topologyFor(4), 4, null, 'v7.0').masks).toEqual([[0, 1, 2, 3], [1], [3], [2], [0]]);
  });
});
