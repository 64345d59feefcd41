// Target CPU selection for LPIs in drivers/irqchip/irq-gic-v3-its.c: the per-CPU LPI
// counts (cpu_lpi_count, its_inc/dec/read_lpi_count), cpumask_pick_least_loaded and
// its_select_cpu (v5.6+, "least loaded CPU", managed and unmanaged counted apart).

/** cpu_lpi_count: LPIs routed to each CPU, managed and unmanaged apart, for all ITSes. */
export class CpuLpiCount {
  readonly managed: Int32Array;
  readonly unmanaged: Int32Array;

  constructor(readonly nrCpuIds: number) {
    this.managed = new Int32Array(nrCpuIds);
    this.unmanaged = new Int32Array(nrCpuIds);
  }

  /** its_read_lpi_count. */
  read(cpu: number, managed: boolean): number {
    return managed ? this.managed[cpu] : this.unmanaged[cpu];
  }

  /** its_inc_lpi_count. */
  inc(cpu: number, managed: boolean): void {
    if (managed) this.managed[cpu]++;
    else this.unmanaged[cpu]++;
  }

  /** its_dec_lpi_count. */
  dec(cpu: number, managed: boolean): void {
    if (managed) this.managed[cpu]--;
    else this.unmanaged[cpu]--;
  }

  /**
   * cpumask_pick_least_loaded: in ascending CPU order, the CPU with the strictly lowest
   * count of the interrupt's kind (ties to the lowest CPU); nrCpuIds if the set is empty.
   */
  pickLeastLoaded(cpus: Iterable<number>, managed: boolean): number {
    const counts = managed ? this.managed : this.unmanaged;
    let best = this.nrCpuIds;
    let count = 0x7fffffff;
    for (const cpu of [...cpus].sort((a, b) => a - b)) {
      if (cpu < 0 || cpu >= this.nrCpuIds) continue;
      if (counts[cpu] < count) {
        best = cpu;
        count = counts[cpu];
      }
    }
    return best;
  }
}

/** What its_select_cpu looks at besides the counts. */
export interface SelectCpuInput {
  /** irqd_affinity_is_managed. */
  managed: boolean;
  /** The mask passed in (activation passes cpu_online_mask; set_affinity the new mask). */
  mask: readonly number[];
  /** irq_data_get_affinity_mask: the interrupt's own affinity (used for managed ones). */
  affinity: readonly number[];
  online: readonly number[];
  /** CPUs of the ITS's NUMA node; undefined for NUMA_NO_NODE. */
  nodeCpus?: readonly number[];
  /** ITS_FLAGS_WORKAROUND_CAVIUM_23144: never cross sockets. */
  cavium23144?: boolean;
}

const and = (a: readonly number[], b: readonly number[]) => {
  const s = new Set(b);
  return a.filter((c) => s.has(c));
};

/**
 * its_select_cpu. Unmanaged: least loaded of mask ∩ node ∩ online, else (unless the
 * Cavium erratum forbids crossing sockets) of mask ∩ online, else of all online CPUs.
 * Managed: least loaded of affinity ∩ online (∩ node under the erratum). Returns the CPU
 * or nrCpuIds when none qualifies.
 */
export function itsSelectCpu(counts: CpuLpiCount, x: SelectCpuInput): number {
  if (!x.managed) {
    if (x.nodeCpus) {
      const cpu = counts.pickLeastLoaded(and(and(x.nodeCpus, x.mask), x.online), false);
      if (cpu < counts.nrCpuIds || x.cavium23144) return cpu;
    }
    let tmp = and(x.mask, x.online);
    if (tmp.length === 0) tmp = [...x.online];
    return counts.pickLeastLoaded(tmp, false);
  }
  let tmp = and(x.affinity, x.online);
  if (x.cavium23144 && x.nodeCpus) tmp = and(tmp, x.nodeCpus);
  return counts.pickLeastLoaded(tmp, true);
}
