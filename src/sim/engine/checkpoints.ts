// When the timeline keeps a copy of the engine, and which copies it drops (timeline.ts).
//
// The policy, by cost: replaying steps costs time, copying an engine costs time and memory.
// While steps are applied, a copy is taken once the replay time since the nearest earlier
// copy reaches `ratio` times what the last copy cost (and at least `minGapMs`), and only
// while all copying so far plus one more copy (priced at twice the last) stays under 1/ratio of
// all replaying so far: copies grow with the machine, so the spacing alone would let their
// total outrun the work. Copying thus costs about 1/ratio of the replay at most. All copies
// together stay under `budgetBytes` (estimated by the copier): when the next one would not
// fit, every other copy is dropped and the ratio doubles, so copies thin out evenly and
// memory stays bounded. Seeks pick the cheapest way to a position (see Timeline.plan).

export interface CheckpointOptions {
  /** Replay time per unit of copy time before the next copy (default 4). */
  ratio?: number;
  /** Least replay time between two copies, in ms (default 25). */
  minGapMs?: number;
  /** Estimated bytes all copies may hold together (default 384 MiB). */
  budgetBytes?: number;
}

export interface CheckpointCost {
  at: number;
  /** What taking (and so restoring) this copy cost, in ms. */
  cloneMs: number;
  bytes: number;
}

export class CheckpointPolicy {
  ratio: number;
  readonly minGapMs: number;
  readonly budgetBytes: number;
  /** What the last copy cost; before any, the gap alone decides. */
  private lastCloneMs = 0;
  private cloneMsTotal = 0;

  constructor(opts: CheckpointOptions = {}) {
    this.ratio = opts.ratio ?? 4;
    this.minGapMs = opts.minGapMs ?? 25;
    this.budgetBytes = opts.budgetBytes ?? 384 * 1024 * 1024;
  }

  /**
   * Whether to copy the engine now, `sinceMs` of replay after the nearest earlier copy and
   * `replayedMs` of replaying in all (default: no overall bound).
   */
  due(sinceMs: number, replayedMs = Infinity): boolean {
    if (sinceMs < Math.max(this.minGapMs, this.ratio * this.lastCloneMs)) return false;
    // The next copy is priced at twice the last: the machine may have grown since.
    return this.ratio === 0 || (this.cloneMsTotal + 2 * this.lastCloneMs) * this.ratio <= replayedMs;
  }

  /** A copy was taken: remember its cost. */
  took(cloneMs: number): void {
    this.lastCloneMs = cloneMs;
    this.cloneMsTotal += cloneMs;
  }

  /** Time spent copying so far. */
  get copiedMs(): number {
    return this.cloneMsTotal;
  }

  /**
   * Makes room for a copy of `bytes` among `held` (sorted by position): returns the copies to
   * drop (every other one, repeatedly, doubling the ratio each time), or null when the copy
   * cannot fit even alone.
   */
  makeRoom(held: readonly CheckpointCost[], bytes: number): CheckpointCost[] | null {
    if (bytes > this.budgetBytes) {
      this.ratio *= 2;
      return null;
    }
    let kept = [...held];
    const dropped: CheckpointCost[] = [];
    const total = () => kept.reduce((n, c) => n + c.bytes, 0);
    while (kept.length && total() + bytes > this.budgetBytes) {
      const next: CheckpointCost[] = [];
      kept.forEach((c, i) => (i % 2 === 1 ? dropped.push(c) : next.push(c)));
      if (kept.length === 1) {
        dropped.push(...next);
        next.length = 0;
      }
      kept = next;
      this.ratio *= 2;
    }
    return dropped;
  }
}
