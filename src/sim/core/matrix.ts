// The per-CPU vector allocator of kernel/irq/matrix.c (mainline since v6.7, see
// ../shared/conformance/README.md "Subject irq_matrix" and kernel-model.md 3.2).
//
// State lives in typed arrays: per-CPU counters in Uint32Arrays (so they wrap like the
// kernel's unsigned int), per-CPU bitmaps as consecutive word blocks of one Uint32Array.
// Masks are ascending CPU lists (the kernel walks a cpumask in ascending order).
import type { EventSink } from '../events';
import type { MatrixCpuEvent, MatrixGlobalEvent } from '../events/matrix';
import { EINVAL, ENOSPC } from '../lib/errno';
import { weight } from '../lib/bitmap';

/** Index of each global counter in Matrix.g (uint32, wrapping). */
const ONLINE_MAPS = 0;
const GLOBAL_AVAILABLE = 1;
const GLOBAL_RESERVED = 2;
const TOTAL_ALLOCATED = 3;
const SYSTEMBITS_INALLOC = 4;

const NONE = 0xffffffff;

export class Matrix {
  readonly nrCpus: number;
  readonly matrixBits: number;
  readonly allocStart: number;
  readonly allocEnd: number;
  readonly allocSize: number;
  /** Words per CPU bitmap. */
  readonly words: number;

  /** online_maps, global_available, global_reserved, total_allocated, systembits_inalloc */
  readonly g = new Uint32Array(5);
  readonly systemMap: Uint32Array;

  readonly available: Uint32Array;
  readonly allocated: Uint32Array;
  readonly managed: Uint32Array;
  readonly managedAllocated: Uint32Array;
  readonly online: Uint8Array;
  readonly initialized: Uint8Array;
  /** alloc_map of CPU c is allocMap[c*words .. (c+1)*words). */
  readonly allocMap: Uint32Array;
  readonly managedMap: Uint32Array;

  /** CPU chosen by the last successful alloc / alloc_managed (the kernel's *mapped_cpu). */
  lastCpu = -1;
  /** Number of WARN conditions hit so far. */
  warnings = 0;
  sink: EventSink | null = null;

  constructor(nrCpus: number, matrixBits: number, allocStart: number, allocEnd: number) {
    this.nrCpus = nrCpus;
    this.matrixBits = matrixBits;
    this.allocStart = allocStart;
    this.allocEnd = allocEnd;
    this.allocSize = allocEnd - allocStart;
    this.words = (matrixBits + 31) >>> 5;
    this.systemMap = new Uint32Array(this.words);
    this.available = new Uint32Array(nrCpus);
    this.allocated = new Uint32Array(nrCpus);
    this.managed = new Uint32Array(nrCpus);
    this.managedAllocated = new Uint32Array(nrCpus);
    this.online = new Uint8Array(nrCpus);
    this.initialized = new Uint8Array(nrCpus);
    this.allocMap = new Uint32Array(nrCpus * this.words);
    this.managedMap = new Uint32Array(nrCpus * this.words);
  }

  get onlineMaps(): number {
    return this.g[ONLINE_MAPS];
  }
  get globalAvailable(): number {
    return this.g[GLOBAL_AVAILABLE];
  }
  get globalReserved(): number {
    return this.g[GLOBAL_RESERVED];
  }
  get totalAllocated(): number {
    return this.g[TOTAL_ALLOCATED];
  }
  get systembitsInalloc(): number {
    return this.g[SYSTEMBITS_INALLOC];
  }

  /** irq_matrix_assign_system: mark a system vector (boot CPU, before other CPUs are up). */
  assignSystem(cpu: number, bit: number, replace: boolean): void {
    if (!this.validCpu(cpu, 'irq_matrix_assign_system')) return;
    // The kernel BUG()s on these; the simulator refuses with a warning instead.
    if (bit < 0 || bit >= this.matrixBits || this.g[ONLINE_MAPS] > 1 || (this.g[ONLINE_MAPS] === 1 && !replace)) {
      this.warn('irq_matrix_assign_system', `BUG: system vector ${bit} assigned after CPUs came online or out of range`);
      return;
    }
    const w = cpu * this.words + (bit >>> 5);
    const m = 1 << (bit & 31);
    if (replace && (this.allocMap[w] & m) === 0) {
      this.warn('irq_matrix_assign_system', `BUG: replacing vector ${bit} which is not allocated on CPU ${cpu}`);
      return;
    }
    this.systemMap[bit >>> 5] |= m;
    if (replace) {
      this.allocMap[w] &= ~m;
      this.allocated[cpu]--;
      this.g[TOTAL_ALLOCATED]--;
    }
    if (bit >= this.allocStart && bit < this.allocEnd) this.g[SYSTEMBITS_INALLOC]++;
    if (this.sink) this.sink.emit({ type: 'irq_matrix_assign_system', bit, ...this.globals() });
  }

  /** irq_matrix_online: bring this CPU's map online. */
  onlineCpu(cpu: number): void {
    if (!this.validCpu(cpu, 'irq_matrix_online')) return;
    if (this.online[cpu]) {
      this.warn('irq_matrix_online', `BUG: CPU ${cpu} matrix is already online`);
      return;
    }
    if (!this.initialized[cpu]) {
      this.available[cpu] = this.allocSize;
      this.available[cpu] -= this.managed[cpu] + this.g[SYSTEMBITS_INALLOC];
      this.initialized[cpu] = 1;
    }
    this.g[GLOBAL_AVAILABLE] += this.available[cpu];
    this.online[cpu] = 1;
    this.g[ONLINE_MAPS]++;
    this.emitGlobal('irq_matrix_online');
  }

  /** irq_matrix_offline: take this CPU's map offline (bitmaps and counters are kept). */
  offlineCpu(cpu: number): void {
    if (!this.validCpu(cpu, 'irq_matrix_offline')) return;
    // No check, no WARN in the kernel: a second offline (or one of a never-onlined CPU)
    // subtracts the CPU's available count again and wraps online_maps, as the counters do there.
    this.g[GLOBAL_AVAILABLE] -= this.available[cpu];
    this.online[cpu] = 0;
    this.g[ONLINE_MAPS]--;
    this.emitGlobal('irq_matrix_offline');
  }

  /** irq_matrix_reserve_managed: one managed bit on every CPU of the mask, or -ENOSPC. */
  reserveManaged(cpus: readonly number[]): number {
    for (let i = 0; i < cpus.length; i++) {
      const cpu = cpus[i];
      if (!this.validCpu(cpu, 'irq_matrix_reserve_managed')) continue;
      const bit = this.allocArea(cpu, true);
      if (bit >= this.allocEnd) {
        for (let j = 0; j < i; j++) {
          if (cpus[j] < this.nrCpus) this.removeManagedOne(cpus[j]);
        }
        return -ENOSPC;
      }
      this.managed[cpu]++;
      if (this.online[cpu]) {
        this.available[cpu]--;
        this.g[GLOBAL_AVAILABLE]--;
      }
      this.emitCpu('irq_matrix_reserve_managed', bit, cpu);
    }
    return 0;
  }

  /** irq_matrix_remove_managed: release the lowest unallocated managed bit of each CPU. */
  removeManaged(cpus: readonly number[]): void {
    for (let i = 0; i < cpus.length; i++) {
      if (this.validCpu(cpus[i], 'irq_matrix_remove_managed')) this.removeManagedOne(cpus[i]);
    }
  }

  private removeManagedOne(cpu: number): void {
    if (this.managed[cpu] === 0) {
      this.warn('irq_matrix_remove_managed', `CPU ${cpu} has no managed vector reserved`);
      return;
    }
    const bit = this.firstManagedFree(cpu);
    if (bit >= this.allocEnd) {
      this.warn('irq_matrix_remove_managed', `CPU ${cpu} has no unallocated managed vector`);
      return;
    }
    this.managedMap[cpu * this.words + (bit >>> 5)] &= ~(1 << (bit & 31));
    this.managed[cpu]--;
    if (this.online[cpu]) {
      this.available[cpu]++;
      this.g[GLOBAL_AVAILABLE]++;
    }
    this.emitCpu('irq_matrix_remove_managed', bit, cpu);
  }

  /** irq_matrix_alloc_managed: a reserved managed bit on the best CPU of the mask. */
  allocManaged(cpus: readonly number[]): number {
    if (cpus.length === 0) return -EINVAL;
    const cpu = this.bestCpuManaged(cpus);
    if (cpu === NONE) return -ENOSPC;
    const bit = this.firstManagedFree(cpu);
    if (bit >= this.allocEnd) return -ENOSPC;
    this.allocMap[cpu * this.words + (bit >>> 5)] |= 1 << (bit & 31);
    this.allocated[cpu]++;
    this.managedAllocated[cpu]++;
    this.g[TOTAL_ALLOCATED]++;
    this.lastCpu = cpu;
    this.emitCpu('irq_matrix_alloc_managed', bit, cpu);
    return bit;
  }

  /** irq_matrix_assign: take a specific bit on this CPU (legacy ISA vectors). */
  assign(cpu: number, bit: number): void {
    if (!this.validCpu(cpu, 'irq_matrix_assign')) return;
    if (bit < this.allocStart || bit >= this.allocEnd) {
      this.warn('irq_matrix_assign', `vector ${bit} outside the allocation range`);
      return;
    }
    const w = cpu * this.words + (bit >>> 5);
    const m = 1 << (bit & 31);
    if (this.allocMap[w] & m) {
      this.warn('irq_matrix_assign', `vector ${bit} already allocated on CPU ${cpu}`);
      return;
    }
    this.allocMap[w] |= m;
    this.allocated[cpu]++;
    this.g[TOTAL_ALLOCATED]++;
    this.available[cpu]--;
    this.g[GLOBAL_AVAILABLE]--;
    this.emitCpu('irq_matrix_assign', bit, cpu);
  }

  /** irq_matrix_reserve: count one global reservation (never fails). */
  reserve(): void {
    // The kernel only pr_warn()s "Interrupt reservation exceeds available resources" here.
    if (this.g[GLOBAL_RESERVED] === this.g[GLOBAL_AVAILABLE] && this.sink) {
      this.sink.emit({
        type: 'log',
        level: 'warn',
        site: 'irq_matrix_reserve',
        message: 'Interrupt reservation exceeds available resources',
      });
    }
    this.g[GLOBAL_RESERVED]++;
    this.emitGlobal('irq_matrix_reserve');
  }

  /** irq_matrix_remove_reserved */
  removeReserved(): void {
    this.g[GLOBAL_RESERVED]--;
    this.emitGlobal('irq_matrix_remove_reserved');
  }

  /** irq_matrix_alloc: a free bit on the online CPU of the mask with most available. */
  alloc(cpus: readonly number[], reserved: boolean): number {
    if (cpus.length === 0) return -EINVAL;
    const cpu = this.bestCpu(cpus);
    if (cpu === NONE) return -ENOSPC;
    const bit = this.allocArea(cpu, false);
    if (bit >= this.allocEnd) return -ENOSPC;
    this.allocated[cpu]++;
    this.available[cpu]--;
    this.g[TOTAL_ALLOCATED]++;
    this.g[GLOBAL_AVAILABLE]--;
    if (reserved) this.g[GLOBAL_RESERVED]--;
    this.lastCpu = cpu;
    if (this.sink) this.emitCpu('irq_matrix_alloc', bit, cpu);
    return bit;
  }

  /** irq_matrix_free */
  free(cpu: number, bit: number, managed: boolean): void {
    if (cpu < 0 || cpu >= this.nrCpus) {
      this.warn('irq_matrix_free', `CPU ${cpu} does not exist`);
      return;
    }
    if (bit < this.allocStart || bit >= this.allocEnd) {
      this.warn('irq_matrix_free', `vector ${bit} outside the allocation range`);
      return;
    }
    const w = cpu * this.words + (bit >>> 5);
    const m = 1 << (bit & 31);
    if ((this.allocMap[w] & m) === 0) {
      this.warn('irq_matrix_free', `vector ${bit} is not allocated on CPU ${cpu}`);
      return;
    }
    this.allocMap[w] &= ~m;
    this.allocated[cpu]--;
    if (managed) this.managedAllocated[cpu]--;
    const online = this.online[cpu];
    if (online) this.g[TOTAL_ALLOCATED]--;
    if (!managed) {
      this.available[cpu]++;
      if (online) this.g[GLOBAL_AVAILABLE]++;
    }
    if (this.sink) this.emitCpu('irq_matrix_free', bit, cpu);
  }

  /** irq_matrix_available: global available, less this CPU's when it is going down. */
  availableFor(cpu: number, cpudown: boolean): number {
    if (!cpudown) return this.g[GLOBAL_AVAILABLE];
    return (this.g[GLOBAL_AVAILABLE] - this.available[cpu]) >>> 0;
  }

  /** irq_matrix_reserved */
  reservedCount(): number {
    return this.g[GLOBAL_RESERVED];
  }

  /** irq_matrix_allocated (v6.7+): this CPU's allocated vectors, managed ones excluded. */
  allocatedOn(cpu: number): number {
    return (this.allocated[cpu] - this.managedAllocated[cpu]) >>> 0;
  }

  isAllocated(cpu: number, bit: number): boolean {
    return (this.allocMap[cpu * this.words + (bit >>> 5)] & (1 << (bit & 31))) !== 0;
  }

  isManaged(cpu: number, bit: number): boolean {
    return (this.managedMap[cpu * this.words + (bit >>> 5)] & (1 << (bit & 31))) !== 0;
  }

  isSystem(bit: number): boolean {
    return (this.systemMap[bit >>> 5] & (1 << (bit & 31))) !== 0;
  }

  allocMapOf(cpu: number): Uint32Array {
    return this.allocMap.subarray(cpu * this.words, (cpu + 1) * this.words);
  }

  managedMapOf(cpu: number): Uint32Array {
    return this.managedMap.subarray(cpu * this.words, (cpu + 1) * this.words);
  }

  systemCount(): number {
    return weight(this.systemMap, this.matrixBits);
  }

  /** matrix_find_best_cpu: strictly most available among online CPUs, ties to the lowest. */
  private bestCpu(cpus: readonly number[]): number {
    let best = NONE;
    let maxavl = 0;
    const n = this.nrCpus;
    for (let i = 0; i < cpus.length; i++) {
      const cpu = cpus[i];
      if (cpu >= n || !this.online[cpu]) continue;
      const avl = this.available[cpu];
      if (avl <= maxavl) continue;
      best = cpu;
      maxavl = avl;
    }
    return best;
  }

  /** matrix_find_best_cpu_managed: fewest managed_allocated among online CPUs, ties to the highest. */
  private bestCpuManaged(cpus: readonly number[]): number {
    let best = NONE;
    let allocated = NONE;
    for (let i = 0; i < cpus.length; i++) {
      const cpu = cpus[i];
      if (cpu >= this.nrCpus || !this.online[cpu]) continue;
      const ma = this.managedAllocated[cpu];
      if (ma > allocated) continue;
      best = cpu;
      allocated = ma;
    }
    return best;
  }

  /**
   * matrix_alloc_area for one bit: the lowest bit >= alloc_start that is clear in the CPU's
   * alloc map, managed map and the system map; sets it in the managed or alloc map.
   * Returns a value >= alloc_end when there is none.
   */
  private allocArea(cpu: number, managed: boolean): number {
    const base = cpu * this.words;
    const end = this.allocEnd;
    const am = this.allocMap;
    const mm = this.managedMap;
    const sm = this.systemMap;
    for (let i = this.allocStart; i < end; ) {
      const wi = i >>> 5;
      const free = ~(am[base + wi] | mm[base + wi] | sm[wi]) >>> (i & 31);
      if (free === 0) {
        i = (i | 31) + 1;
        continue;
      }
      const bit = i + (31 - Math.clz32(free & -free));
      if (bit >= end) return end;
      if (managed) mm[base + (bit >>> 5)] |= 1 << (bit & 31);
      else am[base + (bit >>> 5)] |= 1 << (bit & 31);
      return bit;
    }
    return end;
  }

  /** Lowest bit of managed_map & ~alloc_map below alloc_end, or alloc_end. */
  private firstManagedFree(cpu: number): number {
    const base = cpu * this.words;
    const end = this.allocEnd;
    for (let wi = 0; wi < this.words; wi++) {
      const w = this.managedMap[base + wi] & ~this.allocMap[base + wi];
      if (w === 0) continue;
      const bit = (wi << 5) + (31 - Math.clz32(w & -w));
      return bit < end ? bit : end;
    }
    return end;
  }

  private validCpu(cpu: number, site: string): boolean {
    if (Number.isInteger(cpu) && cpu >= 0 && cpu < this.nrCpus) return true;
    this.warn(site, `CPU ${cpu} does not exist (nr_cpu_ids ${this.nrCpus})`);
    return false;
  }

  private warn(site: string, message: string): void {
    this.warnings++;
    if (this.sink) this.sink.emit({ type: 'warning', site, message });
  }

  private globals() {
    return {
      online_maps: this.g[ONLINE_MAPS],
      global_available: this.g[GLOBAL_AVAILABLE],
      global_reserved: this.g[GLOBAL_RESERVED],
      total_allocated: this.g[TOTAL_ALLOCATED],
    };
  }

  private emitGlobal(type: MatrixGlobalEvent['type']): void {
    if (this.sink) this.sink.emit({ type, ...this.globals() });
  }

  private emitCpu(type: MatrixCpuEvent['type'], bit: number, cpu: number): void {
    if (!this.sink) return;
    this.sink.emit({
      type,
      bit,
      cpu,
      online: this.online[cpu] === 1,
      available: this.available[cpu],
      allocated: this.allocated[cpu],
      managed: this.managed[cpu],
      ...this.globals(),
    });
  }
}
