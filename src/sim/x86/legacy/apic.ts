// The APIC driver callbacks the v4.14 vector code calls through `apic->`: physflat
// (arch/x86/kernel/apic/apic.c default_vector_allocation_domain and
// default_cpu_mask_to_apicid) and logical flat (apic_flat_64.c flat_vector_allocation_domain
// and flat_cpu_mask_to_apicid).
import { setBit } from '../../lib/bitmap';
import { EINVAL } from '../../lib/errno';
import { type Cpumask, cpumaskAnd, cpumaskClear, cpumaskFirst } from './cpumask';
import { APIC_ALL_CPUS, type LegacyApic } from './types';
import type { LegacyApicData } from './vector';

/** apic->vector_allocation_domain(cpu, retmask, mask): the CPUs that share one vector. */
export function vectorAllocationDomain(apic: LegacyApic, cpu: number, ret: Cpumask, allCpus: Cpumask): void {
  cpumaskClear(ret);
  if (apic === 'physflat') {
    setBit(ret, cpu);
  } else {
    // APIC_ALL_CPUS, clipped to nr_cpumask_bits.
    ret[0] = APIC_ALL_CPUS;
    cpumaskAnd(ret, ret, allCpus);
  }
}

/**
 * apic->cpu_mask_to_apicid(mask, irqd, &dest_apicid): the destination of the message and
 * the effective affinity (irq_data_update_effective_affinity). physflat: the first CPU (APIC ID = CPU number here); flat: the
 * logical bitmask of every CPU of the mask.
 */
export function cpuMaskToApicid(apic: LegacyApic, nrCpus: number, d: LegacyApicData, effective: Cpumask, mask: Cpumask): number {
  if (apic === 'physflat') {
    const cpu = cpumaskFirst(mask, nrCpus);
    if (cpu >= nrCpus) return -EINVAL;
    d.destApicid = cpu;
    cpumaskClear(effective);
    setBit(effective, cpu);
    return 0;
  }
  const bits = (mask[0] & APIC_ALL_CPUS) >>> 0;
  if (bits === 0) return -EINVAL;
  d.destApicid = bits;
  cpumaskClear(effective);
  effective[0] = bits;
  return 0;
}
