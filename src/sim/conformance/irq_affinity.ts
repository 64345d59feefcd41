// Replays `irq_affinity` traces (kernel/irq/affinity.c + lib/group_cpus.c) against
// core/affinity.ts; see ../shared/conformance/README.md, subject irq_affinity.
import { EventLog } from '../events';
import { formatList } from '../lib/bitmap';
import { irqCalcAffinityVectors, irqCreateAffinityMasks, type CpuTopology, type IrqAffinity } from '../core/affinity';
import { diffStep, diffValues } from './compare';
import type { Mismatch, Replayer, Trace } from './types';

const RESULT_KEYS: Record<string, readonly string[]> = {
  create_affinity_masks: ['masks', 'managed'],
  calc_affinity_vectors: ['ret'],
};

function numList(v: unknown, what: string): number[] {
  if (!Array.isArray(v) || !v.every((x) => Number.isInteger(x) && x >= 0)) {
    throw new Error(`setup.${what}: expected a list of CPU numbers`);
  }
  return v as number[];
}

function topologyOf(setup: Record<string, unknown>): CpuTopology {
  const nr = setup.nr_cpu_ids;
  if (!Number.isInteger(nr) || (nr as number) < 1) throw new Error('setup.nr_cpu_ids: expected a positive integer');
  const lists = (key: string): number[][] => {
    const v = setup[key];
    if (!Array.isArray(v)) throw new Error(`setup.${key}: expected a list of CPU lists`);
    return v.map((l, i) => numList(l, `${key}[${i}]`));
  };
  return {
    nrCpuIds: nr as number,
    possible: numList(setup.possible, 'possible'),
    present: numList(setup.present, 'present'),
    nodes: lists('nodes'),
    siblings: lists('siblings'),
  };
}

function affdOf(step: Record<string, unknown>): IrqAffinity {
  return { pre_vectors: Number(step.pre_vectors ?? 0), post_vectors: Number(step.post_vectors ?? 0) };
}

export const replayIrqAffinity: Replayer = (trace: Trace) => {
  const out: Mismatch[] = [];
  const topo = topologyOf(trace.setup);

  trace.steps.forEach((step, index) => {
    const call = String(step.call);
    const keys = RESULT_KEYS[call];
    if (!keys) {
      out.push({ step: index, path: 'call', expected: call, got: 'unknown call' });
      return;
    }
    const log = new EventLog();
    const got: Record<string, unknown> = {};
    if (call === 'create_affinity_masks') {
      const res = irqCreateAffinityMasks(Number(step.nvecs), affdOf(step), topo, log);
      got.masks = res ? res.masks.map((m) => formatList(m)) : null;
      got.managed = res ? res.managed : null;
    } else {
      got.ret = irqCalcAffinityVectors(Number(step.minvec), Number(step.maxvec), affdOf(step), topo);
    }
    got.warn = log.events.some((e) => e.type === 'warning');
    diffStep(index, step, keys, got, out);
  });

  // The calls are pure: the final state is always {}.
  diffValues('final', 'final', trace.final, {}, out);
  return out;
};
