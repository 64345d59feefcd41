// kernel/irq/affinity.c: irq_create_affinity_masks() and irq_calc_affinity_vectors(), as in
// current mainline (group_cpus_evenly() from lib/group_cpus.c does the spreading), and the
// spreading of older releases (AffinityRule; scenario/releases.ts says which release has which).
import type { EventSink } from '../events';
import { irqCreateAffinityMasksV417 } from './affinity_v4';
import { GROUP_CPUS_V7_0, groupCpusEvenly, type GroupCpusVersion } from './group_cpus';

/**
 * Which spreading a release has, named by the release that introduced it: v4.17 (equal share
 * per node, affinity.c), v5.4 (nodes by CPU ratio, affinity.c, lib/sort.c v5.1), v6.3 (the same
 * in lib/group_cpus.c), v6.9 (lib/sort.c v6.9), v6.17 (only filled masks copied), v7.0
 * (cluster-aware).
 */
export type AffinityRule = 'v4.17' | 'v5.4' | 'v6.3' | 'v6.9' | 'v6.17' | 'v7.0';

const LABELS: Record<AffinityRule, string> = {
  'v4.17': 'irq_build_affinity_masks, equal share per node (v4.17)',
  'v5.4': 'irq_build_affinity_masks, nodes by CPU ratio (v5.4)',
  'v6.3': 'group_cpus_evenly, nodes by CPU ratio (v6.3)',
  'v6.9': 'group_cpus_evenly, heapsort of v6.9 (v6.9)',
  'v6.17': 'group_cpus_evenly, filled groups only (v6.17)',
  'v7.0': 'group_cpus_evenly, cluster-aware (v7.0)',
};

/** The rule's name as a snapshot row shows it ("group_cpus_evenly, cluster-aware (v7.0)"). */
export function affinityRuleLabel(rule: AffinityRule): string {
  return LABELS[rule];
}

const GROUP_CPUS_OF: Record<Exclude<AffinityRule, 'v4.17'>, GroupCpusVersion> = {
  'v5.4': { clusters: false, nummasks: false, sort: 'v5.1' },
  'v6.3': { clusters: false, nummasks: false, sort: 'v5.1' },
  'v6.9': { clusters: false, nummasks: false, sort: 'v6.9' },
  'v6.17': { clusters: false, nummasks: true, sort: 'v6.9' },
  'v7.0': GROUP_CPUS_V7_0,
};

/** The CPU topology the spreading reads (cpu_possible_mask, cpu_present_mask, NUMA, SMT). */
export interface CpuTopology {
  /** nr_cpu_ids: CPU numbers are 0 .. nrCpuIds-1 (a sparse possible map has holes). */
  nrCpuIds: number;
  possible: number[];
  present: number[];
  /** One CPU list per NUMA node, node 0 first (nr_node_ids = nodes.length); may be empty. */
  nodes: number[][];
  /** One CPU list per core (topology_sibling_cpumask); also the cluster of its CPUs. */
  siblings: number[][];
}

/**
 * A machine as scenario-format.md defines it: CPUs 0..cpus-1 all possible; cores of `smt`
 * adjacent CPU numbers (the last core may be short); the cores split into `nodes` contiguous
 * blocks as equal as they can be: core k goes to node floor(k * nodes / cores), so a core
 * never straddles two nodes, blocks differ by at most one core, and with more nodes than
 * cores some nodes have no CPU (memory-only). `present` defaults to every CPU.
 */
export function topologyFor(cpus: number, nodes = 1, smt = 1, present?: number[]): CpuTopology {
  const threads = Math.max(1, smt);
  const all = Array.from({ length: cpus }, (_, i) => i);
  const siblings: number[][] = [];
  for (let c = 0; c < cpus; c += threads) siblings.push(all.slice(c, Math.min(cpus, c + threads)));
  const nodeLists: number[][] = Array.from({ length: Math.max(1, nodes) }, () => []);
  siblings.forEach((core, k) => {
    nodeLists[Math.floor((k * nodeLists.length) / siblings.length)].push(...core);
  });
  return {
    nrCpuIds: cpus,
    possible: all,
    present: present ? [...new Set(present)].sort((a, b) => a - b) : all.slice(),
    nodes: nodeLists,
    siblings,
  };
}

/** IRQ_AFFINITY_MAX_SETS */
export const IRQ_AFFINITY_MAX_SETS = 4;

/** struct irq_affinity. */
export interface IrqAffinity {
  pre_vectors: number;
  post_vectors: number;
  /**
   * calc_sets(affd, nvecs): the set sizes for `affvecs` spread vectors. Absent: the
   * default, one set of all of them (default_calc_sets).
   */
  calc_sets?: (affvecs: number) => number[];
}

export interface AffinityMasks {
  /** One ascending CPU list per vector (struct irq_affinity_desc.mask). */
  masks: number[][];
  /** irq_affinity_desc.is_managed per vector. */
  managed: boolean[];
}

/** irq_default_affinity without irqaffinity=: every CPU id, holes included. */
function defaultAffinity(t: CpuTopology): number[] {
  return Array.from({ length: t.nrCpuIds }, (_, i) => i);
}

/**
 * irq_create_affinity_masks(nvecs, affd): pre vectors get the default affinity, each set
 * is spread by group_cpus_evenly() and the masks it filled are copied in order, the rest
 * get the default affinity; vectors [pre, nvecs - post) are managed. null when nothing is
 * left to spread (nvecs <= pre + post) or a WARN refuses the sets.
 */
export function irqCreateAffinityMasks(
  nvecs: number,
  affd: IrqAffinity,
  topology: CpuTopology,
  sink: EventSink | null = null,
  rule: AffinityRule = 'v7.0',
): AffinityMasks | null {
  if (rule === 'v4.17') return irqCreateAffinityMasksV417(nvecs, affd, topology, sink);
  const ver = GROUP_CPUS_OF[rule];
  const pre = affd.pre_vectors >>> 0;
  const post = affd.post_vectors >>> 0;
  const resv = (pre + post) >>> 0;
  const affvecs = nvecs > resv ? (nvecs - pre - post) >>> 0 : 0;

  const sets = affd.calc_sets ? affd.calc_sets(affvecs) : [affvecs];
  if (sets.length > IRQ_AFFINITY_MAX_SETS) {
    sink?.emit({ type: 'warning', site: 'irq_create_affinity_masks', message: 'WARN_ON_ONCE(affd->nr_sets > IRQ_AFFINITY_MAX_SETS)' });
    return null;
  }
  if (!affvecs) return null;

  const dflt = defaultAffinity(topology);
  const masks: number[][] = Array.from({ length: nvecs }, () => []);
  let curvec = 0;
  for (; curvec < pre; curvec++) masks[curvec] = dflt.slice();

  let usedvecs = 0;
  for (const thisVecs of sets) {
    const result = groupCpusEvenly(thisVecs, topology, sink, ver);
    if (!result) return null;
    for (let j = 0; j < result.nummasks; j++) masks[curvec + j] = result.masks[j];
    curvec += result.nummasks;
    usedvecs += result.nummasks;
  }

  curvec = usedvecs >= affvecs ? pre + affvecs : pre + usedvecs;
  for (; curvec < nvecs; curvec++) masks[curvec] = dflt.slice();

  const managed = masks.map((_, i) => i >= pre && i < nvecs - post);
  return { masks, managed };
}

/**
 * irq_calc_affinity_vectors(minvec, maxvec, affd): 0 if the reserved vectors exceed minvec,
 * else resv + min(set vectors, maxvec - resv) where the default set is one vector per
 * possible CPU; C unsigned int arithmetic.
 */
export function irqCalcAffinityVectors(minvec: number, maxvec: number, affd: IrqAffinity, topology: CpuTopology): number {
  const resv = (affd.pre_vectors + affd.post_vectors) >>> 0;
  if (resv > minvec >>> 0) return 0;
  const room = (maxvec - resv) >>> 0;
  const setVecs = affd.calc_sets ? room : new Set(topology.possible).size;
  return (resv + Math.min(setVecs, room)) >>> 0;
}

/**
 * The masks an NVMe controller gets (drivers/nvme/host/pci.c): vector 0 for the admin queue
 * (pre_vectors = 1, default affinity, not managed), then `queues` managed vectors for the
 * I/O queues, spread as one set. Vector k > 0 serves I/O queue k. Before v6.17 a queue beyond
 * the CPUs gets an empty mask (the caller's irq_alloc_descs refuses it with -EINVAL).
 */
export function nvmeAffinity(topology: CpuTopology, queues: number, sink: EventSink | null = null, rule: AffinityRule = 'v7.0'): AffinityMasks {
  const res = irqCreateAffinityMasks(1 + queues, { pre_vectors: 1, post_vectors: 0 }, topology, sink, rule);
  return res ?? { masks: [defaultAffinity(topology)], managed: [false] };
}
