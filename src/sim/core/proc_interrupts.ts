// /proc/interrupts as kernel/irq/proc.c show_interrupts() prints it (mainline, after the
// seq_put_decimal_ull_width() conversion: each count is " %10u"), followed by the
// architecture's lines (arch_show_interrupts: x86 NMI/LOC/..., arm64 IPI0../Err).
// The arch lines kept the older "%10u " per CPU: x86 arch_show_interrupts (arch/x86/kernel/irq.c,
// read in a v6.17-era mainline copy; David Wang's Nov 2024 patch converting it to
// seq_put_decimal_ull_width was not merged) prints "%*s: " then "%10u " per online CPU, then
// "  <text>": three spaces between the last count and the text, as every real x86 capture shows.

export interface ProcIrqRow {
  irq: number;
  /** Interrupt counts indexed by CPU number (all possible CPUs). */
  counts: ArrayLike<number>;
  /** irq_chip name; null prints "None" (no chip). */
  chip: string | null;
  /** hwirq of the top irq_data, or null when it has no domain. */
  hwirq: number | null;
  /** irqd_is_level_type, shown as Level/Edge on architectures with GENERIC_IRQ_SHOW_LEVEL. */
  level: boolean;
  /** desc->name: the flow handler's name on x86 ("edge", "fasteoi"), null elsewhere. */
  handlerName: string | null;
  /** Names of the installed actions, in order. */
  actions: string[];
}

export interface ProcArchLine {
  /** "NMI", "LOC", "IPI0", "ERR", ... */
  label: string;
  /** Per-CPU counts indexed by CPU number; null for a single total (ERR, MIS, Err). */
  counts: ArrayLike<number> | null;
  total?: number;
  /**
   * "%10u " per CPU (a space after each count) rather than " %10u": arm64's IPI lines and x86's
   * arch lines (whose label is then "%*s: "), HYP included.
   */
  trailing?: boolean;
  /** What follows the counts, with its leading spaces (x86 "  Non-maskable interrupts"). */
  text: string;
}

export interface ProcInterruptsInput {
  nrIrqs: number;
  /** Online CPUs, ascending. */
  online: readonly number[];
  /** Every descriptor, ascending by irq (rows with no action and no count are skipped). */
  rows: readonly ProcIrqRow[];
  /** CONFIG_GENERIC_IRQ_SHOW_LEVEL (arm64 yes, x86 no). */
  showLevel: boolean;
  arch: readonly ProcArchLine[];
}

/** Width of the irq column: 3 digits, one more per decade nr_irqs reaches past 1000. */
export function irqColumnWidth(nrIrqs: number): number {
  let prec = 3;
  for (let j = 1000; prec < 10 && j <= nrIrqs; prec++) j *= 10;
  return prec;
}

/** A text view read by line number: what a window or a stream of a huge view needs. */
export interface TextTable {
  readonly lines: number;
  /** Line i (0 <= i < lines), with its newline. */
  line(i: number): string;
}

/** Every line of a table, in order. */
export function* tableLines(t: TextTable): Generator<string, void, undefined> {
  for (let i = 0; i < t.lines; i++) yield t.line(i);
}

/** The whole text (small machines; big ones read interruptTable by line). */
export function showInterrupts(input: ProcInterruptsInput): string {
  return [...tableLines(interruptTable(input))].join('');
}

/**
 * /proc/interrupts as a table of lines, each built when asked for, as the kernel's seq_file
 * prints one descriptor per ->show(): a Xen dom0 of 8192 CPUs prints gigabytes, which must
 * never be one string. Only which rows print is decided up front.
 */
export function interruptTable(input: ProcInterruptsInput): TextTable {
  const prec = irqColumnWidth(input.nrIrqs);
  const countsOf = (counts: ArrayLike<number>) => input.online.map((c) => ' ' + String(counts[c] ?? 0).padStart(10)).join('');
  const printed = input.rows.filter((r) => r.actions.length > 0 || input.online.some((c) => r.counts[c]));
  const header = () => ' '.repeat(prec + 8) + input.online.map((c) => `CPU${String(c).padEnd(8)}`).join('') + '\n';
  const row = (r: ProcIrqRow) => {
    let line = `${String(r.irq).padStart(prec)}:` + countsOf(r.counts) + ' ';
    line += ' ' + (r.chip === null ? 'None' : r.chip || '-').padStart(8);
    line += ' ' + (r.hwirq === null ? '' : String(r.hwirq)).padStart(prec);
    if (input.showLevel) line += ' ' + (r.level ? 'Level' : 'Edge').padEnd(8);
    if (r.handlerName) line += '-' + r.handlerName.padEnd(8);
    if (r.actions.length) line += '  ' + r.actions.join(', ');
    return line + '\n';
  };
  const arch = (a: ProcArchLine) => {
    // arm64 prints "%*s%u:%s" (prec - 1, "IPI", n, prec >= 4 ? " " : "") for its IPIs.
    const ipi = /^IPI\d+$/.test(a.label);
    let label = ipi ? `${'IPI'.padStart(prec - 1)}${a.label.slice(3)}:${prec >= 4 ? ' ' : ''}` : `${a.label.padStart(prec)}:`;
    if (!ipi && a.trailing && a.counts !== null) label += ' ';
    if (a.counts === null) return `${label} ${String(a.total ?? 0).padStart(10)}\n`;
    if (a.trailing) return `${label}${input.online.map((c) => String(a.counts![c] ?? 0).padStart(10) + ' ').join('')}${a.text}\n`;
    return `${label}${countsOf(a.counts)}${a.text}\n`;
  };
  return {
    lines: 1 + printed.length + input.arch.length,
    line(i) {
      if (i === 0) return header();
      if (i <= printed.length) return row(printed[i - 1]);
      return arch(input.arch[i - 1 - printed.length]);
    },
  };
}

/**
 * x86's arch_show_interrupts lines (arch/x86/kernel/irq.c), all counts as given. `hyp`: the
 * HYPERVISOR_CALLBACK_VECTOR is a system vector (a Xen HVM guest with the vector callback,
 * Hyper-V): the HYP row after MCP, "%*s: " then "%10u " per CPU and
 * "  Hypervisor callback interrupts" (irq_hv_callback_count).
 */
export function x86ArchLines(nrCpus: number, stats: Partial<Record<string, ArrayLike<number>>> = {}, hyp = false): ProcArchLine[] {
  const zero = new Uint32Array(nrCpus);
  const line = (label: string, text: string): ProcArchLine => ({ label, counts: stats[label] ?? zero, text: `  ${text}`, trailing: true });
  return [
    line('NMI', 'Non-maskable interrupts'),
    line('LOC', 'Local timer interrupts'),
    line('SPU', 'Spurious interrupts'),
    line('PMI', 'Performance monitoring interrupts'),
    line('IWI', 'IRQ work interrupts'),
    line('RTR', 'APIC ICR read retries'),
    line('RES', 'Rescheduling interrupts'),
    line('CAL', 'Function call interrupts'),
    line('TLB', 'TLB shootdowns'),
    line('TRM', 'Thermal event interrupts'),
    line('THR', 'Threshold APIC interrupts'),
    line('DFR', 'Deferred Error APIC interrupts'),
    line('MCE', 'Machine check exceptions'),
    line('MCP', 'Machine check polls'),
    ...(hyp ? [{ label: 'HYP', counts: stats.HYP ?? zero, trailing: true, text: '  Hypervisor callback interrupts' }] : []),
    { label: 'ERR', counts: null, total: 0, text: '' },
    { label: 'MIS', counts: null, total: 0, text: '' },
    line('PIN', 'Posted-interrupt notification event'),
    line('NPI', 'Nested posted-interrupt event'),
    line('PIW', 'Posted-interrupt wakeup event'),
  ];
}

/** The ipi_types[] rows of the newest modelled release (releases.ts ARM64_IPIS has each era's). */
export const ARM64_IPI_TYPES_NEWEST: readonly string[] = [
  'Rescheduling interrupts',
  'Function call interrupts',
  'CPU stop interrupts',
  'CPU stop NMIs',
  'Timer broadcast interrupts',
  'IRQ work interrupts',
  'CPU backtrace interrupts',
  'KGDB roundup interrupts',
];

/**
 * arm64's IPI lines (arch/arm64/kernel/smp.c arch_show_interrupts: one per ipi_types[] row the
 * release prints, IPI<n> in order) and Err.
 */
export function arm64ArchLines(nrCpus: number, ipiCounts: ArrayLike<number>[] = [], names: readonly string[] = ARM64_IPI_TYPES_NEWEST): ProcArchLine[] {
  const zero = new Uint32Array(nrCpus);
  return [
    ...names.map((text, i) => ({ label: `IPI${i}`, counts: ipiCounts[i] ?? zero, text: `      ${text}`, trailing: true })),
    { label: 'Err', counts: null, total: 0, text: '' },
  ];
}
