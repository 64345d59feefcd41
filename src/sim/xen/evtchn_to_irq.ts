// The port -> IRQ table of drivers/xen/events/events_base.c (evtchn_to_irq, EVTCHN_ROW,
// EVTCHN_COL, set_evtchn_to_irq, get_evtchn_to_irq): two levels, rows of PAGE_SIZE /
// sizeof(int) = 1024 entries allocated on first non-(-1) store, -1 meaning "no IRQ".
// (The 2011 kernels had one flat array of NR_EVENT_CHANNELS ints; the lookups agree.)

export const EVTCHN_PER_ROW = 4096 / 4;

export class EvtchnToIrq {
  readonly maxChannels: number;
  private rows: Array<Int32Array | null>;
  private rowsAllocated = 0;

  constructor(maxChannels: number) {
    this.maxChannels = maxChannels;
    this.rows = new Array<Int32Array | null>(Math.ceil(maxChannels / EVTCHN_PER_ROW)).fill(null);
  }

  /** get_evtchn_to_irq: -1 for ports out of range, in a missing row, or unbound. */
  get(port: number): number {
    if (port < 0 || port >= this.maxChannels) return -1;
    const row = this.rows[Math.floor(port / EVTCHN_PER_ROW)];
    return row === null ? -1 : row[port % EVTCHN_PER_ROW];
  }

  /**
   * set_evtchn_to_irq: -EINVAL out of range; storing -1 into a missing row is a no-op; any
   * other store allocates the row (filled with -1) first. Returns 0 or a negative errno.
   */
  set(port: number, irq: number): number {
    if (port < 0 || port >= this.maxChannels) return -22;
    const r = Math.floor(port / EVTCHN_PER_ROW);
    let row = this.rows[r];
    if (row === null) {
      if (irq === -1) return 0;
      row = new Int32Array(EVTCHN_PER_ROW).fill(-1);
      this.rows[r] = row;
      this.rowsAllocated++;
    }
    row[port % EVTCHN_PER_ROW] = irq;
    return 0;
  }

  /** Rows allocated so far (they are never freed while the domain runs). */
  get allocatedRows(): number {
    return this.rowsAllocated;
  }

  /** All (port, irq) pairs with irq != -1, ascending by port. */
  *entries(): IterableIterator<[number, number]> {
    for (let r = 0; r < this.rows.length; r++) {
      const row = this.rows[r];
      if (row === null) continue;
      for (let c = 0; c < EVTCHN_PER_ROW; c++) if (row[c] !== -1) yield [r * EVTCHN_PER_ROW + c, row[c]];
    }
  }
}
