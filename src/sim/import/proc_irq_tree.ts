// The /proc/irq tree (kernel/irq/proc.c: default_smp_affinity, N/smp_affinity[_list],
// effective_affinity[_list], affinity_hint, node, spurious) captured as text: "grep -r . /proc/irq"
// ("proc/irq/9/node:-1"), "head /proc/irq/*/*" ("==> /proc/irq/9/node <=="), or the files of a
// dropped directory joined by procIrqTreeText.
import { parsePbl } from '../lib/bitmap';
import { LIMITS, type Machine } from '../scenario/schema';
import { finishScenario, type ImportResult } from './build';

export interface ProcIrqTree {
  defaultAffinity: string | null;
  /** irq -> file name -> text (lines joined by "\n"). */
  irqs: Map<number, Map<string, string>>;
  /** Lines that are part of no file. */
  skipped: number;
}

const PATH = /(?:^|\/)proc\/irq\/(\d+|default_smp_affinity)(?:\/([A-Za-z_]+))?$/;
const GREP_LINE = /^((?:\/|\.\/)?(?:[\w.-]+\/)*proc\/irq\/(?:\d+\/[A-Za-z_]+|default_smp_affinity)):\s?(.*)$/;
const HEAD_LINE = /^==> (.*proc\/irq\/.*) <==$/;

/** The files of a dropped /proc/irq directory as the grep text the importer reads. */
export function procIrqTreeText(files: readonly { path: string; content: string }[]): string {
  let out = '';
  for (const f of files) {
    const path = f.path.replace(/^.*?(proc\/irq\/)/, '$1');
    for (const line of f.content.replace(/\n$/, '').split('\n')) out += `${path}:${line}\n`;
  }
  return out;
}

/** Parses a /proc/irq capture; null when fewer than half its lines belong to /proc/irq files. */
export function parseProcIrqTree(text: string): ProcIrqTree | null {
  const tree: ProcIrqTree = { defaultAffinity: null, irqs: new Map(), skipped: 0 };
  let current: string | null = null;
  let used = 0;
  let total = 0;
  const add = (path: string, value: string) => {
    const m = PATH.exec(path);
    if (!m) return false;
    if (m[1] === 'default_smp_affinity') {
      tree.defaultAffinity = tree.defaultAffinity === null ? value : `${tree.defaultAffinity}\n${value}`;
      return true;
    }
    if (!m[2]) return false;
    const irq = Number(m[1]);
    let files = tree.irqs.get(irq);
    if (!files) {
      files = new Map();
      tree.irqs.set(irq, files);
    }
    const prev = files.get(m[2]);
    files.set(m[2], prev === undefined ? value : `${prev}\n${value}`);
    return true;
  };
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trim() === '') continue;
    total++;
    const head = HEAD_LINE.exec(raw);
    if (head) {
      current = PATH.test(head[1].trim()) ? head[1].trim() : null;
      used++;
      continue;
    }
    const g = GREP_LINE.exec(raw);
    if (g && add(g[1], g[2].trim())) {
      current = null;
      used++;
      continue;
    }
    if (current !== null && add(current, raw.trim())) {
      used++;
      continue;
    }
    tree.skipped++;
  }
  if (used === 0 || used * 2 < total || (tree.irqs.size === 0 && tree.defaultAffinity === null)) return null;
  return tree;
}

/** nr_cpu_ids from a "%*pb" mask: every possible CPU is set in default_smp_affinity. */
function cpusOfMask(mask: string): number | null {
  const hex = mask.replace(/,/g, '').trim();
  if (!/^[0-9a-f]+$/i.test(hex)) return null;
  let top = -1;
  for (let i = 0; i < hex.length; i++) {
    const nib = parseInt(hex[hex.length - 1 - i], 16);
    for (let b = 3; b >= 0; b--) if (nib & (1 << b)) top = Math.max(top, i * 4 + b);
  }
  return top + 1 || null;
}

/** A machine from a /proc/irq capture (no device names are in the tree). */
export function importProcIrqTree(tree: ProcIrqTree): ImportResult {
  const notes: string[] = [];
  let cpus = tree.defaultAffinity ? cpusOfMask(tree.defaultAffinity) : null;
  let maxListed = -1;
  let maxNode = -1;
  for (const files of tree.irqs.values()) {
    for (const key of ['smp_affinity_list', 'effective_affinity_list']) {
      const v = files.get(key);
      if (v && /^[0-9,-]+$/.test(v)) for (const c of parsePbl(v)) maxListed = Math.max(maxListed, c);
    }
    const node = Number(files.get('node'));
    if (Number.isInteger(node)) maxNode = Math.max(maxNode, node);
  }
  if (cpus === null) {
    cpus = Math.max(maxListed + 1, 1);
    notes.push(`no default_smp_affinity: at least ${cpus} CPUs (the highest CPU in the affinity lists)`);
  } else notes.push(`${cpus} CPUs: every possible CPU is set in default_smp_affinity (${tree.defaultAffinity})`);
  if (cpus > LIMITS.cpus) return { ok: false, message: `/proc/irq names ${cpus} CPUs: irqscope models at most ${LIMITS.cpus}` };
  const m: Machine = { cpus };
  if (maxNode >= 1) {
    m.nodes = Math.min(maxNode + 1, LIMITS.nodes, cpus);
    notes.push(`interrupts on NUMA nodes up to ${maxNode}: ${m.nodes} nodes (CPUs split evenly; the real split is not in /proc/irq)`);
  } else notes.push(maxNode === 0 ? 'every interrupt on node 0: 1 NUMA node' : 'node -1 everywhere: no NUMA information, 1 node');
  const irqs = [...tree.irqs.keys()].sort((a, b) => a - b);
  const isa = irqs.filter((i) => i < 16);
  const dynamic = irqs.filter((i) => i >= 16);
  notes.push('the architecture is not in /proc/irq: x86_64 assumed');
  notes.push(`${irqs.length} interrupts (${isa.length} ISA, ${dynamic.length} above 15); /proc/irq names no chips or devices, so none are imported (capture /proc/interrupts with it)`);
  if (tree.skipped > 0) notes.push(`${tree.skipped} lines outside /proc/irq files skipped`);
  const title = `Imported /proc/irq: ${cpus} CPUs, ${irqs.length} interrupts`;
  return finishScenario('/proc/irq tree', title, m, [], notes);
}
