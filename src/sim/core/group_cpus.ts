// lib/group_cpus.c: group_cpus_evenly(), as in mainline with the v7.0 cluster-aware grouping,
// and as its releases before had it (GroupCpusVersion): v7.0 (136114e0abf0, "lib/group_cpus:
// make group CPU cluster aware"), v6.17 (b6139a6abf67, nummasks), v6.9-v6.16 (no nummasks,
// lib/sort.c v6.9), v6.3-v6.8 and, in kernel/irq/affinity.c, v5.4-v6.2 (lib/sort.c v5.1;
// e65d9626f9bb and the 5.4+ alloc_nodes_vectors read for it).
//
// Spreads the possible CPUs over `numgrps` groups, NUMA node by node (and, inside a node,
// cluster by cluster when there are no more clusters than groups), present CPUs first and
// the possible-but-not-present ones in a second stage that shares the same groups.
import type { EventSink } from '../events';
import { findNextSet, newBits, setBit, testBit, weight, type Bits } from '../lib/bitmap';
import { sort, unsignedDiffCmp } from '../lib/sort';
import { sortV51 } from '../lib/sort_v5';
import type { CpuTopology } from './affinity';

const UINT_MAX = 0xffffffff;

// ---- cpumask helpers on nr_cpu_ids-bit bitmaps -------------------------------------------

function maskOf(nbits: number, cpus: Iterable<number>): Bits {
  const m = newBits(nbits);
  for (const c of cpus) if (c >= 0 && c < nbits) setBit(m, c);
  return m;
}

function cpumaskAnd(dst: Bits, a: Bits, b: Bits): void {
  for (let w = 0; w < dst.length; w++) dst[w] = a[w] & b[w];
}

function cpumaskAndnot(dst: Bits, a: Bits, b: Bits): void {
  for (let w = 0; w < dst.length; w++) dst[w] = a[w] & ~b[w];
}

function cpumaskOr(dst: Bits, a: Bits, b: Bits): void {
  for (let w = 0; w < dst.length; w++) dst[w] = a[w] | b[w];
}

function cpumaskIntersects(a: Bits, b: Bits): boolean {
  for (let w = 0; w < a.length; w++) if ((a[w] & b[w]) !== 0) return true;
  return false;
}

function cpumaskWeightAnd(a: Bits, b: Bits): number {
  let n = 0;
  for (let w = 0; w < a.length; w++) {
    let x = a[w] & b[w];
    while (x !== 0) {
      x &= x - 1;
      n++;
    }
  }
  return n;
}

/** Ascending CPU numbers of a mask. */
export function cpusOf(m: Bits, nbits: number): number[] {
  const out: number[] = [];
  for (let c = findNextSet(m, 0, nbits); c < nbits; c = findNextSet(m, c + 1, nbits)) out.push(c);
  return out;
}

// ---- the topology as group_cpus.c sees it -------------------------------------------------

/** What the kernel's topology helpers answer, precomputed once per CpuTopology. */
interface TopologyView {
  nr: number;
  nrNodeIds: number;
  possible: Bits;
  present: Bits;
  /** build_node_to_cpumask(): the possible CPUs of each node. */
  nodeToCpumask: Bits[];
  /** topology_sibling_cpumask(cpu) as ascending CPU numbers (cpumask_next order). */
  siblings: number[][];
  /** topology_cluster_cpumask(cpu): here the same list as the siblings. */
  cluster: Bits[];
}

const views = new WeakMap<CpuTopology, TopologyView>();

function viewOf(t: CpuTopology): TopologyView {
  const cached = views.get(t);
  if (cached) return cached;
  const nr = t.nrCpuIds;
  const nrNodeIds = Math.max(1, t.nodes.length);
  const cpuToNode = new Int32Array(nr); // unlisted CPUs fall back to node 0
  t.nodes.forEach((cpus, node) => {
    for (const c of cpus) if (c >= 0 && c < nr) cpuToNode[c] = node;
  });
  const possible = maskOf(nr, t.possible);
  const nodeToCpumask = Array.from({ length: nrNodeIds }, () => newBits(nr));
  for (const c of t.possible) if (c >= 0 && c < nr) setBit(nodeToCpumask[cpuToNode[c]], c);

  const siblings: number[][] = new Array(nr);
  const cluster: Bits[] = new Array(nr);
  for (const list of t.siblings) {
    const sorted = [...new Set(list)].filter((c) => c >= 0 && c < nr).sort((x, y) => x - y);
    const mask = maskOf(nr, sorted);
    for (const c of sorted) {
      siblings[c] = sorted;
      cluster[c] = mask;
    }
  }
  // A CPU in no list is its own core and cluster (cpumask_of(cpu)).
  for (let c = 0; c < nr; c++) {
    if (!siblings[c]) {
      siblings[c] = [c];
      cluster[c] = maskOf(nr, [c]);
    }
  }
  const v: TopologyView = { nr, nrNodeIds, possible, present: maskOf(nr, t.present), nodeToCpumask, siblings, cluster };
  views.set(t, v);
  return v;
}

// ---- the algorithm ---------------------------------------------------------------------

/** struct node_groups: `val` is the union of ncpus (before allocation) and ngroups (after). */
interface NodeGroups {
  id: number;
  val: number;
}

const ncpusCmp = (l: NodeGroups, r: NodeGroups): number => unsignedDiffCmp(l.val, r.val);

/** What differs between the releases of group_cpus_evenly (and its affinity.c ancestor). */
export interface GroupCpusVersion {
  /** v7.0: split a node's groups across its clusters first. */
  clusters: boolean;
  /** v6.17: report how many masks were filled (earlier: all numgrps, empty ones included, WARN). */
  nummasks: boolean;
  /** Which lib/sort.c orders the nodes: v5.1 (left child on ties) or v6.9 (right child, double pop). */
  sort: 'v5.1' | 'v6.9';
}

export const GROUP_CPUS_V7_0: GroupCpusVersion = { clusters: true, nummasks: true, sort: 'v6.9' };

interface Ctx {
  v: TopologyView;
  sink: EventSink | null;
  masks: Bits[];
  ver: GroupCpusVersion;
}

function warnOnce(ctx: Ctx, cond: boolean, site: string, message: string): void {
  if (cond && ctx.sink) ctx.sink.emit({ type: 'warning', site, message });
}

/** grp_spread_init_one(): takes the lowest CPU left, then its SMT siblings, until full. */
function grpSpreadInitOne(ctx: Ctx, irqmsk: Bits, nmsk: Bits, cpusPerGrp: number): void {
  const { nr, siblings } = ctx.v;
  while (cpusPerGrp > 0) {
    const cpu = findNextSet(nmsk, 0, nr);
    if (cpu >= nr) return;
    nmsk[cpu >>> 5] &= ~(1 << (cpu & 31));
    setBit(irqmsk, cpu);
    cpusPerGrp--;
    const sibl = siblings[cpu];
    for (let k = 0; k < sibl.length && cpusPerGrp > 0; k++) {
      const s = sibl[k];
      if (!testBit(nmsk, s)) continue;
      nmsk[s >>> 5] &= ~(1 << (s & 31));
      setBit(irqmsk, s);
      cpusPerGrp--;
    }
  }
}

/**
 * alloc_groups_to_nodes(): sorts the entries by CPU count (the kernel's heapsort), then
 * gives each, fewest CPUs first, max(1, numgrps * ncpus / remaining CPUs) groups.
 */
function allocGroupsToNodes(ctx: Ctx, numgrps: number, numcpus: number, groups: NodeGroups[]): void {
  let remaining = numcpus >>> 0;
  if (ctx.ver.sort === 'v6.9') sort(groups, ncpusCmp);
  else sortV51(groups, ncpusCmp);
  for (const g of groups) {
    if (g.val === UINT_MAX) continue;
    warnOnce(ctx, numgrps === 0, 'alloc_groups_to_nodes', 'WARN_ON_ONCE(numgrps == 0)');
    const ncpus = g.val;
    const ngroups = Math.max(1, Math.floor((numgrps * ncpus) / remaining)) >>> 0;
    warnOnce(ctx, ngroups > ncpus, 'alloc_groups_to_nodes', 'WARN_ON_ONCE(ngroups > ncpus)');
    g.val = ngroups;
    remaining = (remaining - ncpus) >>> 0;
    numgrps = (numgrps - ngroups) >>> 0;
  }
}

/** alloc_nodes_groups(): one entry per node id, UINT_MAX for nodes without CPUs here. */
function allocNodesGroups(ctx: Ctx, numgrps: number, cpuMask: Bits, nodemsk: number[], nmsk: Bits): NodeGroups[] {
  const groups: NodeGroups[] = [];
  for (let n = 0; n < ctx.v.nrNodeIds; n++) groups.push({ id: n, val: UINT_MAX });
  let numcpus = 0;
  for (const n of nodemsk) {
    cpumaskAnd(nmsk, cpuMask, ctx.v.nodeToCpumask[n]);
    const ncpus = weight(nmsk, ctx.v.nr);
    if (!ncpus) continue;
    numcpus += ncpus;
    groups[n].val = ncpus;
  }
  allocGroupsToNodes(ctx, Math.min(numcpus, numgrps), numcpus, groups);
  return groups;
}

/** assign_cpus_to_groups(): splits `ncpus` CPUs of nmsk over nv's groups; returns curgrp. */
function assignCpusToGroups(ctx: Ctx, ncpus: number, nmsk: Bits, ngroups: number, curgrp: number, lastGrp: number): number {
  const per = Math.floor(ncpus / ngroups);
  let extra = ncpus - ngroups * per;
  for (let v = 0; v < ngroups; v++, curgrp++) {
    let cpusPerGrp = per;
    if (extra) {
      cpusPerGrp++;
      extra--;
    }
    if (curgrp >= lastGrp) curgrp = 0;
    grpSpreadInitOne(ctx, ctx.masks[curgrp], nmsk, cpusPerGrp);
  }
  return curgrp;
}

/**
 * __try_group_cluster_cpus() with alloc_cluster_groups(): when a node's CPUs fall into no
 * more clusters than it has groups, split its groups across clusters first. Returns the new
 * curgrp, or -1 when clusters are not used (the caller then spreads over the whole node).
 */
function tryGroupClusterCpus(ctx: Ctx, ncpus: number, ngroups: number, nodeCpumask: Bits, curgrp: number, lastGrp: number): number {
  const { nr, cluster } = ctx.v;
  const msk = Uint32Array.from(nodeCpumask);
  let ncluster = 0;
  for (;;) {
    const cpu = findNextSet(msk, 0, nr);
    if (cpu >= nr) break;
    const cl = cluster[cpu];
    if (weight(cl, nr) === 0) return -1;
    cpumaskAndnot(msk, msk, cl);
    ncluster++;
  }
  if (ncluster === 0 || ncluster > ngroups) return -1;

  const clusters: Bits[] = [];
  const groups: NodeGroups[] = [];
  msk.set(nodeCpumask);
  for (let n = 0; n < ncluster; n++) {
    const cpu = findNextSet(msk, 0, nr);
    const cl = cluster[cpu];
    clusters.push(cl);
    groups.push({ id: n, val: cpumaskWeightAnd(cl, nodeCpumask) });
    cpumaskAndnot(msk, msk, cl);
  }
  allocGroupsToNodes(ctx, ngroups, ncpus, groups);

  for (const nv of groups) {
    cpumaskAnd(msk, nodeCpumask, clusters[nv.id]);
    const nc = weight(msk, nr);
    if (!nc) continue;
    warnOnce(ctx, nv.val > nc, '__try_group_cluster_cpus', 'WARN_ON_ONCE(nv->ngroups > nc)');
    curgrp = assignCpusToGroups(ctx, nc, msk, nv.val, curgrp, lastGrp);
  }
  return curgrp;
}

/** __group_cpus_evenly(): one stage over the CPUs of cpuMask; returns the groups it used. */
function groupCpusStage(ctx: Ctx, startgrp: number, numgrps: number, cpuMask: Bits, nmsk: Bits): number {
  const { nr, nrNodeIds, nodeToCpumask } = ctx.v;
  const lastGrp = numgrps;
  let curgrp = startgrp;
  if (weight(cpuMask, nr) === 0) return 0;

  const nodemsk: number[] = [];
  for (let n = 0; n < nrNodeIds; n++) if (cpumaskIntersects(cpuMask, nodeToCpumask[n])) nodemsk.push(n);

  if (numgrps <= nodemsk.length) {
    for (const n of nodemsk) {
      cpumaskAnd(nmsk, cpuMask, nodeToCpumask[n]);
      cpumaskOr(ctx.masks[curgrp], ctx.masks[curgrp], nmsk);
      if (++curgrp === lastGrp) curgrp = 0;
    }
    return numgrps;
  }

  const nodeGroups = allocNodesGroups(ctx, numgrps, cpuMask, nodemsk, nmsk);
  let done = 0;
  for (const nv of nodeGroups) {
    if (nv.val === UINT_MAX) continue;
    cpumaskAnd(nmsk, cpuMask, nodeToCpumask[nv.id]);
    const ncpus = weight(nmsk, nr);
    if (!ncpus) continue;
    warnOnce(ctx, nv.val > ncpus, '__group_cpus_evenly', 'WARN_ON_ONCE(nv->ngroups > ncpus)');
    const next = ctx.ver.clusters ? tryGroupClusterCpus(ctx, ncpus, nv.val, nmsk, curgrp, lastGrp) : -1;
    curgrp = next >= 0 ? next : assignCpusToGroups(ctx, ncpus, nmsk, nv.val, curgrp, lastGrp);
    done += nv.val;
  }
  return done;
}

export interface GroupCpusResult {
  /** One CPU list per group, `numgrps` of them (trailing ones may be empty). */
  masks: number[][];
  /**
   * How many leading masks were filled (group_cpus_evenly's *nummasks, v6.17+); before v6.17
   * every one of the numgrps masks is handed back, empty ones included.
   */
  nummasks: number;
}

/**
 * group_cpus_evenly(numgrps, &nummasks): present CPUs from group 0, then the possible but
 * not present CPUs from group nr_present (0 if all groups were used), wrapping. NULL (here
 * null) for numgrps == 0.
 */
export function groupCpusEvenly(
  numgrps: number,
  topology: CpuTopology,
  sink: EventSink | null = null,
  ver: GroupCpusVersion = GROUP_CPUS_V7_0,
): GroupCpusResult | null {
  if (numgrps === 0) return null;
  const v = viewOf(topology);
  const ctx: Ctx = { v, sink, masks: Array.from({ length: numgrps }, () => newBits(v.nr)), ver };
  const nmsk = newBits(v.nr);
  const npresmsk = Uint32Array.from(v.present);

  const nrPresent = groupCpusStage(ctx, 0, numgrps, npresmsk, nmsk);
  const curgrp = nrPresent >= numgrps ? 0 : nrPresent;
  cpumaskAndnot(npresmsk, v.possible, npresmsk);
  const nrOthers = groupCpusStage(ctx, curgrp, numgrps, npresmsk, nmsk);

  const masks = ctx.masks.map((m) => cpusOf(m, v.nr));
  if (ver.nummasks) return { masks, nummasks: Math.min(nrPresent + nrOthers, numgrps) };
  if (nrPresent + nrOthers < numgrps && sink) {
    sink.emit({ type: 'warning', site: 'group_cpus_evenly', message: 'WARN_ON(nr_present + nr_others < numgrps)' });
  }
  return { masks, nummasks: numgrps };
}
