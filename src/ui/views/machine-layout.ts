// The machine panel's grouping: CPUs by NUMA node, then by core (SMT siblings), with
// per-node aggregates; and which CPUs' last hotplug step the kernel refused, with its reason.
import type { CpuSnapshot, StepOutcome } from '../../sim/snapshot';

export interface CoreGroup {
  core: number;
  cpus: number[];
}

export interface NodeGroup {
  node: number;
  cores: CoreGroup[];
  cpus: number;
  online: number;
  load: number;
}

export function groupCpus(c: CpuSnapshot): NodeGroup[] {
  const nodes = new Map<number, NodeGroup>();
  const coreOf = new Map<string, CoreGroup>();
  for (let cpu = 0; cpu < c.possible; cpu++) {
    const n = c.node[cpu] ?? 0;
    let g = nodes.get(n);
    if (!g) {
      g = { node: n, cores: [], cpus: 0, online: 0, load: 0 };
      nodes.set(n, g);
    }
    const coreId = c.core[cpu] ?? cpu;
    const key = `${n}:${coreId}`;
    let core = coreOf.get(key);
    if (!core) {
      core = { core: coreId, cpus: [] };
      coreOf.set(key, core);
      g.cores.push(core);
    }
    core.cpus.push(cpu);
    g.cpus++;
    if (c.online[cpu]) g.online++;
    g.load += c.load[cpu] ?? 0;
  }
  return [...nodes.values()].sort((a, b) => a.node - b.node);
}

/** The largest per-CPU load (at least 1, for shading). */
export function maxLoad(c: CpuSnapshot): number {
  let m = 1;
  for (let i = 0; i < c.possible; i++) m = Math.max(m, c.load[i] ?? 0);
  return m;
}

export interface Refusal {
  step: number;
  do: string;
  error: string;
  reason: string;
}

/**
 * CPUs whose most recent hotplug step (among the outcomes shown) failed: cpu -> the kernel's
 * error and reason. `steps` are the scenario's steps (for the CPU number).
 */
export function cpuRefusals(outcomes: StepOutcome[], steps: ReadonlyArray<{ do: string; cpu?: number }>): Map<number, Refusal> {
  const last = new Map<number, StepOutcome>();
  for (const o of outcomes) {
    if (o.do !== 'cpu.offline' && o.do !== 'cpu.online') continue;
    const cpu = steps[o.index]?.cpu;
    if (typeof cpu === 'number') last.set(cpu, o);
  }
  const out = new Map<number, Refusal>();
  for (const [cpu, o] of last) {
    if (!o.ok) out.set(cpu, { step: o.index, do: o.do, error: o.message ? `${o.error ?? 'refused'}: ${o.message}` : (o.error ?? 'refused'), reason: o.reason ?? '' });
  }
  return out;
}

/** Whether node groups start collapsed: only big machines fold, so small ones show every CPU. */
export function startCollapsed(possible: number, nodes: number): boolean {
  return possible > 128 && nodes > 1;
}

/** Chunks a node's CPUs for very large nodes without NUMA split (pages of `size`). */
export function pages(total: number, size: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < total; i += size) out.push([i, Math.min(total, i + size)]);
  return out;
}
