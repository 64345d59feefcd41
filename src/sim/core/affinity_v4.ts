// kernel/irq/affinity.c before v5.4: irq_build_affinity_masks() as v4.17 ("genirq/affinity:
// Spread irq vectors among present CPUs as far as possible", Ming Lei) left it until Ming Lei's
// nr_cpu-ratio rework (b1a5a73e64e9, v5.4). Read from the kernel/irq/affinity.c of a 4.18 tree.
//
// Nodes are walked in node-id order; each gets an equal share of the vectors still to place
// (remaining / nodes left), at most one per CPU of the node; present CPUs first, then the
// possible-but-not-present ones from the next vector, wrapping. No sorting is involved.
import type { EventSink } from '../events';
import type { AffinityMasks, CpuTopology, IrqAffinity } from './affinity';

interface View {
  nrCpuIds: number;
  /** Possible CPUs of each node (node_to_cpumask), ascending. */
  nodeCpus: number[][];
  siblings: Map<number, number[]>;
}

function viewOf(t: CpuTopology): View {
  const possible = new Set(t.possible);
  const nodeCpus = t.nodes.map((cpus) => [...new Set(cpus)].filter((c) => possible.has(c)).sort((a, b) => a - b));
  const siblings = new Map<number, number[]>();
  for (const core of t.siblings) {
    const sorted = [...new Set(core)].sort((a, b) => a - b);
    for (const c of sorted) siblings.set(c, sorted);
  }
  return { nrCpuIds: t.nrCpuIds, nodeCpus, siblings };
}

/** The CPUs of a node still to place (nmsk): ascending list, a cursor, and a taken flag per CPU. */
interface NodeMask {
  cpus: number[];
  at: number;
  /** 1 = in nmsk. */
  left: Uint8Array;
}

/** irq_spread_init_one(): the lowest CPU left, then its siblings, until the vector is full. */
function spreadInitOne(v: View, mask: Set<number>, nmsk: NodeMask, cpusPerVec: number): void {
  while (cpusPerVec > 0) {
    while (nmsk.at < nmsk.cpus.length && !nmsk.left[nmsk.cpus[nmsk.at]]) nmsk.at++;
    if (nmsk.at >= nmsk.cpus.length) return;
    const cpu = nmsk.cpus[nmsk.at];
    nmsk.left[cpu] = 0;
    mask.add(cpu);
    cpusPerVec--;
    const sibl = v.siblings.get(cpu);
    if (!sibl) continue;
    for (let i = 0; i < sibl.length && cpusPerVec > 0; i++) {
      const s = sibl[i];
      if (!nmsk.left[s]) continue;
      nmsk.left[s] = 0;
      mask.add(s);
      cpusPerVec--;
    }
  }
}

/** __irq_build_affinity_masks(): one stage over cpuMask; returns the vectors it filled. */
function buildStage(
  v: View,
  sink: EventSink | null,
  startvec: number,
  numvecs: number,
  firstvec: number,
  cpuMask: Set<number>,
  masks: Array<Set<number>>,
): number {
  if (cpuMask.size === 0) return 0;
  const lastAffv = firstvec + numvecs;
  let curvec = startvec;
  const nodemsk: number[] = [];
  v.nodeCpus.forEach((cpus, n) => {
    if (cpus.some((c) => cpuMask.has(c))) nodemsk.push(n);
  });
  let nodes = nodemsk.length;
  if (numvecs <= nodes) {
    // The whole node's CPUs go in, not only those of this stage (as v4.17 had it).
    for (const n of nodemsk) {
      for (const c of v.nodeCpus[n]) masks[curvec].add(c);
      if (++curvec === lastAffv) curvec = firstvec;
    }
    return numvecs;
  }
  let done = 0;
  for (const n of nodemsk) {
    const vecsPerNode = Math.floor((numvecs - (curvec - firstvec)) / nodes);
    const cpus = v.nodeCpus[n].filter((c) => cpuMask.has(c));
    const ncpus = cpus.length;
    const nmsk: NodeMask = { cpus, at: 0, left: new Uint8Array(v.nrCpuIds) };
    for (const c of cpus) nmsk.left[c] = 1;
    const vecsToAssign = Math.min(vecsPerNode, ncpus);
    if (vecsToAssign === 0) {
      // The kernel divides by zero here; no machine irqscope builds gets this far.
      sink?.emit({ type: 'warning', site: '__irq_build_affinity_masks', message: 'division by zero: no vector left for this node' });
      break;
    }
    let extra = ncpus - vecsToAssign * Math.floor(ncpus / vecsToAssign);
    let k = 0;
    for (; curvec < lastAffv && k < vecsToAssign; curvec++, k++) {
      let cpusPerVec = Math.floor(ncpus / vecsToAssign);
      if (extra) {
        cpusPerVec++;
        extra--;
      }
      spreadInitOne(v, masks[curvec], nmsk, cpusPerVec);
    }
    done += k;
    if (done >= numvecs) break;
    if (curvec >= lastAffv) curvec = firstvec;
    nodes--;
  }
  return done;
}

/** irq_create_affinity_masks() of v4.17-v5.3 (one set unless calc_sets says otherwise). */
export function irqCreateAffinityMasksV417(nvecs: number, affd: IrqAffinity, topology: CpuTopology, sink: EventSink | null = null): AffinityMasks | null {
  const pre = affd.pre_vectors >>> 0;
  const post = affd.post_vectors >>> 0;
  const affvecs = nvecs > pre + post ? nvecs - pre - post : 0;
  const sets = affd.calc_sets ? affd.calc_sets(affvecs) : [affvecs];
  if (sets.length > 4) {
    sink?.emit({ type: 'warning', site: 'irq_create_affinity_masks', message: 'WARN_ON_ONCE(affd->nr_sets > IRQ_AFFINITY_MAX_SETS)' });
    return null;
  }
  if (!affvecs) return null;
  const v = viewOf(topology);
  const dflt = Array.from({ length: topology.nrCpuIds }, (_, i) => i);
  const masks: Array<Set<number>> = Array.from({ length: nvecs }, () => new Set<number>());
  const possible = new Set(topology.possible);
  const present = new Set(topology.present.filter((c) => possible.has(c)));
  const others = new Set(topology.possible.filter((c) => !present.has(c)));
  let curvec = pre;
  for (const thisVecs of sets) {
    const nrPresent = buildStage(v, sink, curvec, thisVecs, curvec, present, masks);
    const start = nrPresent >= thisVecs ? curvec : curvec + nrPresent;
    const nrOthers = buildStage(v, sink, start, thisVecs, curvec, others, masks);
    if (nrPresent < thisVecs && nrPresent + nrOthers < thisVecs) {
      sink?.emit({ type: 'warning', site: 'irq_build_affinity_masks', message: 'WARN_ON(nr_present + nr_others < numvecs)' });
    }
    curvec += thisVecs;
  }
  const out: number[][] = masks.map((m) => [...m].sort((a, b) => a - b));
  for (let i = 0; i < pre; i++) out[i] = dflt.slice();
  for (let i = pre + affvecs; i < nvecs; i++) out[i] = dflt.slice();
  return { masks: out, managed: out.map((_, i) => i >= pre && i < nvecs - post) };
}
