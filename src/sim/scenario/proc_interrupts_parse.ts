// Reading the text of /proc/interrupts (kernel/irq/proc.c show_interrupts, arch_show_interrupts) into rows.

/** One numbered line: " 24:  0  0  IR-PCI-MSIX-0000:02:00.0  1-edge  nvme0q1". */
export interface IrqRow {
  /** 1-based line number in the text. */
  line: number;
  irq: number;
  /** How many per-CPU count columns the line had (fewer than the header's: a cut line). */
  counts: number;
  /** Chip name as printed (irq_chip.name, or the per-device MSI domain name). */
  chip: string;
  /** The hardware irq number column, when the format has one. */
  hwirq: number | null;
  /** Handler or trigger name: "edge", "fasteoi", "Edge", "Level", "ioapic-edge", "msi-x", "virq"... */
  trigger: string;
  /**
   * x86: "chip  hwirq-handler" (v4.3+); x86-old: "chip-handler" (before v4.3);
   * generic: "chip  hwirq Edge|Level"; bare: "chip  hwirq" (no handler name); unknown: not understood.
   */
  format: 'x86' | 'x86-old' | 'generic' | 'bare' | 'unknown';
  /** Action names (request_irq's name), split at ", ". */
  actions: string[];
}

/** A named architecture line: "NMI:", "LOC:", "IPI0:", "Err:". */
export interface ArchRow {
  line: number;
  name: string;
  /** Count columns the line had. */
  counts: number;
  description: string;
}

export interface ProcInterrupts {
  /** CPU numbers of the header ("CPU0 CPU1 ..."), or null when the text has no header. */
  header: number[] | null;
  /** Number of count columns per line. */
  columns: number;
  rows: IrqRow[];
  archRows: ArchRow[];
  /** Lines after the header that were neither rows nor empty. */
  skipped: number[];
}

const HEADER_RE = /^\s*CPU\d+(?:\s+CPU\d+)*\s*$/;
const NUMBERED_RE = /^\s*(\d+):(.*)$/;
const ARCH_RE = /^\s*([A-Za-z][A-Za-z0-9]*):(.*)$/;

/** Splits the part after "NNN:" into up to `max` leading decimal counts and the rest. */
function splitCounts(body: string, max: number): { counts: number; rest: string } {
  let pos = 0;
  let counts = 0;
  const re = /\s*(\d+)(?=\s|$)/y;
  while (counts < max) {
    re.lastIndex = pos;
    const m = re.exec(body);
    if (!m) break;
    pos = re.lastIndex;
    counts++;
  }
  return { counts, rest: body.slice(pos).trim() };
}

const GENERIC_RE = /^(.+?)\s+(\d+)\s+(Edge|Level)(?:\s+(.*))?$/;
const X86_RE = /^(\S+)\s+(\d*)-(\S+)(?:\s+(.*))?$/;
const X86_OLD_RE = /^(\S+)-([a-z]+)(?:\s+(.*))?$/;
const BARE_RE = /^(\S+)\s+(\d+)(?:\s+(.*))?$/;

function splitActions(s: string | undefined): string[] {
  if (!s) return [];
  return s
    .split(', ')
    .map((a) => a.trim())
    .filter((a) => a !== '');
}

/** Chip, hwirq, handler and actions of the text after the counts. */
export function parseRowRest(rest: string): Omit<IrqRow, 'line' | 'irq' | 'counts'> {
  let m = GENERIC_RE.exec(rest);
  if (m) return { chip: m[1].trim(), hwirq: Number(m[2]), trigger: m[3], format: 'generic', actions: splitActions(m[4]) };
  m = X86_RE.exec(rest);
  if (m) {
    const hwirq = m[2] === '' ? null : Number(m[2]);
    return { chip: m[1], hwirq, trigger: m[3], format: 'x86', actions: splitActions(m[4]) };
  }
  m = X86_OLD_RE.exec(rest);
  if (m) return { chip: m[1], hwirq: null, trigger: m[2], format: 'x86-old', actions: splitActions(m[3]) };
  m = BARE_RE.exec(rest);
  if (m) return { chip: m[1], hwirq: Number(m[2]), trigger: '', format: 'bare', actions: splitActions(m[3]) };
  const chip = rest.split(/\s+/)[0] ?? '';
  return { chip, hwirq: null, trigger: '', format: 'unknown', actions: [] };
}

/**
 * Parses /proc/interrupts text. Returns null when the text does not look like it at all:
 * neither a "CPU0 CPU1 ..." header nor any "N: count ..." line.
 */
export function parseProcInterrupts(text: string): ProcInterrupts | null {
  const lines = text.split(/\r?\n/);
  let header: number[] | null = null;
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    if (HEADER_RE.test(lines[i])) {
      header = lines[i]
        .trim()
        .split(/\s+/)
        .map((t) => Number(t.slice(3)));
      start = i + 1;
      break;
    }
    // Only blank lines may come before the header; otherwise assume a headerless excerpt.
    if (lines[i].trim() !== '') break;
  }
  let columns = header ? header.length : -1;
  const rows: IrqRow[] = [];
  const archRows: ArchRow[] = [];
  const skipped: number[] = [];
  for (let i = start; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.trim() === '') continue;
    const num = NUMBERED_RE.exec(raw);
    if (num) {
      // Without a header the first row tells how many count columns there are.
      const { counts, rest } = splitCounts(num[2], columns < 0 ? Number.MAX_SAFE_INTEGER : columns);
      if (counts === 0) {
        skipped.push(i + 1);
        continue;
      }
      if (columns < 0) columns = counts;
      rows.push({ line: i + 1, irq: Number(num[1]), counts, ...parseRowRest(rest) });
      continue;
    }
    const arch = ARCH_RE.exec(raw);
    if (arch && header) {
      const { counts, rest } = splitCounts(arch[2], columns);
      archRows.push({ line: i + 1, name: arch[1], counts, description: rest });
      continue;
    }
    skipped.push(i + 1);
  }
  if (!header && rows.length === 0) return null;
  // A header alone is still /proc/interrupts: a capture cut short, which the importer names.
  if (header && rows.length === 0 && archRows.length === 0) return skipped.length === 0 ? { header, columns, rows, archRows, skipped } : null;
  // Text where most lines are not understood is something else that happens to contain a few.
  if (skipped.length > rows.length + archRows.length) return null;
  return { header, columns: Math.max(columns, 0), rows, archRows, skipped };
}
