// Reading /sys/kernel/debug/irq (GENERIC_IRQ_DEBUGFS, kernel/irq/debugfs.c irq_debug_show and
// irqdomain.c irq_domain_debug_show, the matrix of kernel/irq/matrix.c irq_matrix_debug_show):
// one file as cat prints it, or many as "grep -r . dir" prints them ("FILE:line").
import { parsePbl } from '../lib/bitmap';

export interface DebugfsFile {
  /** The file name of a grep-style dump ("IR-PCI-MSIX-0000:02:00.0-12", "204"), or null for one file. */
  name: string | null;
  /** 1-based line of the capture where the file starts. */
  line: number;
  lines: string[];
}

export interface MatrixRow {
  cpu: number;
  avl: number;
  man: number;
  mac: number;
  act: number;
  vectors: number[];
}

export interface MatrixDump {
  onlineMaps: number;
  globalAvailable: number;
  globalReserved: number;
  totalAllocated: number;
  /** "System: N: list" */
  systemCount: number | null;
  system: number[];
  rows: MatrixRow[];
}

export interface DomainDump {
  name: string;
  size: number | null;
  mapped: number | null;
  /** Parent domain names, nearest first. */
  parents: string[];
  matrix: MatrixDump | null;
}

export interface IrqLevelDump {
  domain: string;
  hwirq: number | null;
  chip: string;
}

export interface IrqDump {
  /** The irq number when the dump names it (grep prefix), else null. */
  irq: number | null;
  handler: string;
  /** PCI address of the device, or null ("(null)"). */
  device: string | null;
  dstate: string[];
  affinity: number[];
  effective: number[];
  levels: IrqLevelDump[];
  /** The VECTOR level's Vector / Target / is_managed (x86). */
  vector: number | null;
  target: number | null;
  isManaged: boolean | null;
}

const DOMAIN_START = /^(.+?):name:\s{2,}\S/;
const IRQ_START = /^(\d+):handler:\s/;

/** Splits a grep-style dump into files; null when the text is not one. */
export function splitGrepDump(text: string): DebugfsFile[] | null {
  const lines = text.split(/\r?\n/);
  const prefixes = new Set<string>();
  for (const l of lines) {
    const m = IRQ_START.exec(l) ?? DOMAIN_START.exec(l);
    if (m) prefixes.add(m[1]);
  }
  if (prefixes.size === 0) return null;
  // Domain names contain ':', so a line belongs to the longest prefix it starts with.
  const sorted = [...prefixes].sort((a, b) => b.length - a.length);
  const files = new Map<string, DebugfsFile>();
  let matched = 0;
  let nonEmpty = 0;
  lines.forEach((l, i) => {
    if (l.trim() === '') return;
    nonEmpty++;
    const p = sorted.find((x) => l.startsWith(`${x}:`));
    if (p === undefined) return;
    matched++;
    let f = files.get(p);
    if (!f) {
      f = { name: p, line: i + 1, lines: [] };
      files.set(p, f);
    }
    f.lines.push(l.slice(p.length + 1));
  });
  // A few "N:" lines in some other text are not a dump.
  if (matched * 2 < nonEmpty) return null;
  return [...files.values()];
}

function num(s: string | undefined): number | null {
  if (s === undefined) return null;
  const t = s.trim();
  if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t, 16);
  if (/^-?\d+$/.test(t)) return Number(t);
  return null;
}

/** The matrix part of a VECTOR domain file, wherever it is indented; null when absent. */
export function parseMatrix(lines: readonly string[]): MatrixDump | null {
  const get = (label: string) => {
    const l = lines.find((x) => x.trimStart().startsWith(label));
    return l === undefined ? null : num(l.trimStart().slice(label.length));
  };
  const online = get('Online bitmaps:');
  if (online === null) return null;
  const sys = lines.map((l) => /^\s*System:\s*(\d+):\s*(.*)$/.exec(l)).find((m) => m !== null);
  const head = lines.findIndex((l) => /\|\s*CPU\s*\|\s*avl\s*\|/.test(l));
  const rows: MatrixRow[] = [];
  if (head >= 0) {
    for (let i = head + 1; i < lines.length; i++) {
      const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)(?:\s+([0-9,-]+))?\s*$/.exec(lines[i]);
      if (!m) break;
      rows.push({ cpu: +m[1], avl: +m[2], man: +m[3], mac: +m[4], act: +m[5], vectors: m[6] ? parsePbl(m[6]) : [] });
    }
  }
  return {
    onlineMaps: online,
    globalAvailable: get('Global available:') ?? NaN,
    globalReserved: get('Global reserved:') ?? NaN,
    totalAllocated: get('Total allocated:') ?? NaN,
    systemCount: sys ? Number(sys[1]) : null,
    system: sys && sys[2].trim() ? parsePbl(sys[2].trim()) : [],
    rows,
  };
}

/** One domains/<name> file; null when it does not start with "name:". */
export function parseDomain(lines: readonly string[]): DomainDump | null {
  const first = /^name:\s+(.*)$/.exec(lines[0] ?? '');
  if (!first) return null;
  const top = (key: string) => {
    const l = lines.find((x) => new RegExp(`^ ${key}:\\s`).test(x));
    return l === undefined ? null : num(l.slice(key.length + 2));
  };
  const parents = lines.map((l) => /^\s+parent:\s+(\S.*)$/.exec(l)).filter((m) => m !== null).map((m) => m![1].trim());
  return { name: first[1].trim(), size: top('size'), mapped: top('mapped'), parents, matrix: parseMatrix(lines) };
}

/** One irqs/<N> file; null when it does not look like one. */
export function parseIrq(lines: readonly string[], irq: number | null): IrqDump | null {
  const field = (key: string) => {
    const l = lines.find((x) => x.startsWith(`${key}:`));
    return l === undefined ? undefined : l.slice(key.length + 1).trim();
  };
  const handler = field('handler');
  if (handler === undefined || field('dstate') === undefined) return null;
  const device = field('device');
  const dstate = lines.map((l) => /^\s+(IRQD_\w+)\s*$/.exec(l)).filter((m) => m !== null).map((m) => m![1]);
  const levels: IrqLevelDump[] = [];
  for (let i = 0; i < lines.length; i++) {
    const d = /^\s*domain:\s+(\S.*)$/.exec(lines[i]);
    if (!d) continue;
    const hw = lines.slice(i + 1, i + 3).map((l) => /^\s*hwirq:\s+(\S+)/.exec(l)).find((m) => m !== null);
    const chip = lines.slice(i + 1, i + 4).map((l) => /^\s*chip:\s+(\S.*)$/.exec(l)).find((m) => m !== null);
    levels.push({ domain: d[1].trim(), hwirq: hw ? num(hw[1]) : null, chip: chip ? chip[1].trim() : '' });
  }
  const vec = lines.map((l) => /^\s*Vector:\s+(\d+)/.exec(l)).find((m) => m !== null);
  const target = lines.map((l) => /^\s*Target:\s+(\d+)/.exec(l)).find((m) => m !== null);
  const managed = lines.map((l) => /^\s*is_managed:\s+(\d)/.exec(l)).find((m) => m !== null);
  const list = (s: string | undefined) => (s && /^[0-9,-]+$/.test(s) ? parsePbl(s) : []);
  return {
    irq,
    handler,
    device: device && /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/.test(device) ? device : null,
    dstate,
    affinity: list(field('affinity')),
    effective: list(field('effectiv')),
    levels,
    vector: vec ? Number(vec[1]) : null,
    target: target ? Number(target[1]) : null,
    isManaged: managed ? managed[1] === '1' : dstate.includes('IRQD_AFFINITY_MANAGED') ? true : null,
  };
}

export interface DebugfsCapture {
  domains: DomainDump[];
  irqs: IrqDump[];
  /** A matrix without its domain header (an excerpt from "Online bitmaps:" on). */
  matrix: MatrixDump | null;
}

/** Every domain and irq file of a capture (one file or a grep-style dump); null when there is none. */
export function parseDebugfs(text: string): DebugfsCapture | null {
  const files = splitGrepDump(text) ?? [{ name: null, line: 1, lines: text.split(/\r?\n/) }];
  const out: DebugfsCapture = { domains: [], irqs: [], matrix: null };
  for (const f of files) {
    let start = 0;
    while (start < f.lines.length && f.lines[start].trim() === '') start++;
    const lines = f.lines.slice(start);
    const d = parseDomain(lines);
    if (d) {
      out.domains.push(d);
      continue;
    }
    const irq = parseIrq(lines, f.name !== null && /^\d+$/.test(f.name) ? Number(f.name) : null);
    if (irq) {
      out.irqs.push(irq);
      continue;
    }
    const m = parseMatrix(lines);
    if (m && files.length === 1) out.matrix = m;
  }
  if (out.domains.length === 0 && out.irqs.length === 0 && out.matrix === null) return null;
  return out;
}
