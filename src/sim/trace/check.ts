// How one event is judged against the rebuilt state: every value it reports is either
// checked (and a disagreement recorded) or, when the rebuild did not know it, learnt.

export type TraceStatus = 'consistent' | 'inconsistent' | 'gap' | 'baseline';

export interface Mismatch {
  /** The event's field ("global_available", "prev_vector", "alloc_map"...). */
  field: string;
  /** For per-CPU fields, the CPU. */
  cpu?: number;
  /** What the trace says. */
  trace: number | string;
  /** What the rebuilt state says. */
  rebuilt: number | string;
}

export class Check {
  checked = 0;
  learned = 0;
  readonly mismatches: Mismatch[] = [];
  note: string | undefined;

  /**
   * Compares a reported value with the rebuilt one (NaN: unknown) and returns the value the
   * state keeps: the trace's, so that one lost update is reported once, not at every later event.
   */
  value(field: string, trace: number, rebuilt: number, cpu?: number): number {
    if (Number.isNaN(trace)) return rebuilt;
    if (Number.isNaN(rebuilt)) this.learned++;
    else {
      this.checked++;
      if (trace !== rebuilt) this.mismatches.push(cpu === undefined ? { field, trace, rebuilt } : { field, cpu, trace, rebuilt });
    }
    return trace;
  }

  /** A fact about a map ("bit 33 is allocated") that the state contradicts. */
  contradict(field: string, trace: string, rebuilt: string, cpu?: number): void {
    this.checked++;
    this.mismatches.push(cpu === undefined ? { field, trace, rebuilt } : { field, cpu, trace, rebuilt });
  }

  /** A fact the state agreed with. */
  agree(): void {
    this.checked++;
  }

  learn(): void {
    this.learned++;
  }

  /**
   * inconsistent: a reported value disagrees; consistent: everything reported was checked and
   * agrees; baseline: the event taught the rebuild something it did not know, or had nothing
   * to check (never counted as consistent).
   */
  status(): TraceStatus {
    if (this.mismatches.length > 0) return 'inconsistent';
    if (this.learned > 0 || this.checked === 0) return 'baseline';
    return 'consistent';
  }
}

/** Unsigned 32-bit arithmetic of the kernel's counters (NaN stays NaN). */
export function u32(v: number): number {
  if (Number.isNaN(v)) return v;
  return ((v % 4294967296) + 4294967296) % 4294967296;
}
