// Shapes shared by the conformance replayers (format irq-conformance/1, see
// ../shared/conformance/README.md).

export interface Trace {
  format: string;
  subject: string;
  reference?: string;
  setup: Record<string, unknown>;
  steps: Array<Record<string, unknown>>;
  final: Record<string, unknown>;
}

/** One difference between the kernel's result and ours. */
export interface Mismatch {
  /** Step index, or 'final' / 'setup'. */
  step: number | 'final' | 'setup';
  /** Field path, e.g. "ret", "irqs[0].vector", "final.cpus[3].available". */
  path: string;
  expected: unknown;
  got: unknown;
}

/** Replays one trace and returns every mismatch (empty: the trace passed). */
export type Replayer = (trace: Trace) => Mismatch[];
