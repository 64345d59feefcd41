// The x86 vector allocator of v4.14 and earlier: arch/x86/kernel/apic/vector.c before the
// matrix rework (__assign_irq_vector, assign_irq_vector_policy, clear_irq_vector,
// setup_vector_irq, apic_set_affinity, init_legacy_irqs).
//
// One LegacyVectorDomain is one machine: per-irq apic_chip_data (vector, old_vector,
// domain, old_domain, move_in_progress, dest_apicid), per-CPU vector_irq tables (one
// Int32Array of nr_cpus * 256 slots holding irq numbers), the two function-static search
// positions current_vector/current_offset shared by all irqs, the used_vectors bitmap and
// the pending IRQ_MOVE_CLEANUP_VECTOR IPIs. The cleanup IPI lives in cleanup.ts, the APIC
// callbacks in apic.ts, the thin genirq layer above (request, affinity, hotplug) in
// genirq.ts and hotplug.ts; the methods at the end of the class are the calls a scenario
// or a trace makes.
import type { EventSink } from '../../events';
import { type Bits, newBits, setBit, testBit } from '../../lib/bitmap';
import {
  type Cpumask,
  cpumaskAnd,
  cpumaskAndnot,
  cpumaskClear,
  cpumaskCopy,
  cpumaskEmpty,
  cpumaskEqual,
  cpumaskFirst,
  cpumaskFirstAnd,
  cpumaskIntersects,
  cpumaskNext,
  cpumaskOf,
  cpumaskOr,
  cpumaskSetall,
  cpumaskSubset,
} from './cpumask';
import { cpuMaskToApicid, vectorAllocationDomain } from './apic';
import { moveCleanupInterrupt } from './cleanup';
import { allocIrqs, fireIrq, freeIrq, freeIrqs, requestIrq, writeIrqAffinity } from './genirq';
import { cpuOffline, cpuOnline } from './hotplug';
import { irqState } from './state';
import {
  FIRST_EXTERNAL_VECTOR,
  ISA_IRQ_VECTOR_BASE,
  type LegacyApic,
  type LegacyIrq,
  type LegacyIrqState,
  type LegacyIrqType,
  type LegacyMachine,
  NR_IRQS_LEGACY,
  NR_VECTORS,
  VECTOR_OFFSET_START,
  VECTOR_UNUSED,
} from './types';
import { EBUSY, EINVAL, ENOSPC } from '../../lib/errno';

export class LegacyVectorDomain {
  readonly nrCpus: number;
  readonly apic: LegacyApic;
  readonly firstSystemVector: number;
  /** nr_legacy_irqs(): 16 with a PIC, else 0. */
  readonly nrLegacyIrqs: number;
  readonly ioApic: boolean;
  readonly remapping: boolean;
  /** cpumask_of_node(n) */
  readonly nodeMasks: Cpumask[];
  /** cpu_to_node(cpu) */
  readonly cpuToNode: Int32Array;
  /** used_vectors: the search skips these vectors. */
  readonly usedVectors: Bits;
  /** cpu_online_mask */
  readonly online: Cpumask;
  /** irq_default_affinity (all CPUs) */
  readonly defaultAffinity: Cpumask;
  /** per_cpu(vector_irq, cpu)[vector] is vectorIrq[cpu * 256 + vector]: an irq, or VECTOR_UNUSED. */
  readonly vectorIrq: Int32Array;
  /** IRQ_MOVE_CLEANUP_VECTOR pending (sent, not yet handled) on each CPU. */
  readonly cleanupIpi: Uint8Array;
  /** The two statics of __assign_irq_vector(), shared by every irq and never reset. */
  currentVector = FIRST_EXTERNAL_VECTOR + VECTOR_OFFSET_START;
  currentOffset = VECTOR_OFFSET_START % 16;
  /** Every irq descriptor, boot ISA irqs included. */
  readonly irqs = new Map<number, LegacyIrq>();
  /** Number of WARN conditions hit so far. */
  warnings = 0;
  sink: EventSink | null = null;

  // The file-static scratch masks of vector.c (vector_cpumask, vector_searchmask,
  // searched_cpumask), irq_setup_affinity's static mask, and the affinity_new/online_new
  // statics of check_irq_vectors_for_cpu_disable.
  readonly vectorCpumask: Cpumask;
  readonly vectorSearchmask: Cpumask;
  readonly searchedCpumask: Cpumask;
  readonly scratch: Cpumask;
  readonly affinityNew: Cpumask;
  readonly onlineNew: Cpumask;
  private sorted: number[] | null = null;

  constructor(m: LegacyMachine, sink: EventSink | null = null) {
    this.sink = sink;
    this.nrCpus = m.nrCpus;
    this.apic = m.apic;
    this.firstSystemVector = m.firstSystemVector;
    this.nrLegacyIrqs = m.legacyPic ? NR_IRQS_LEGACY : 0;
    this.ioApic = m.ioApic;
    this.remapping = m.remapping;
    const nr = m.nrCpus;
    this.nodeMasks = m.nodes.map((cpus) => cpumaskOf(nr, cpus));
    this.cpuToNode = new Int32Array(nr);
    m.nodes.forEach((cpus, node) => {
      for (const c of cpus) if (c >= 0 && c < nr) this.cpuToNode[c] = node;
    });
    this.usedVectors = newBits(NR_VECTORS);
    for (const v of m.systemVectors) if (v >= 0 && v < NR_VECTORS) setBit(this.usedVectors, v);
    this.online = newBits(nr);
    this.defaultAffinity = newBits(nr);
    cpumaskSetall(this.defaultAffinity, nr);
    this.vectorIrq = new Int32Array(nr * NR_VECTORS).fill(VECTOR_UNUSED);
    this.cleanupIpi = new Uint8Array(nr);
    this.vectorCpumask = newBits(nr);
    this.vectorSearchmask = newBits(nr);
    this.searchedCpumask = newBits(nr);
    this.scratch = newBits(nr);
    this.affinityNew = newBits(nr);
    this.onlineNew = newBits(nr);

    // Boot: the BSP is online, init_legacy_irqs() gives ISA irq i the vector 0x30+i on
    // all CPUs, and init_IRQ() points CPU 0's slots at them.
    setBit(this.online, 0);
    for (let i = 0; i < this.nrLegacyIrqs; i++) {
      const d = this.newIrq(i, 'XT-PIC', 0);
      d.vector = ISA_IRQ_VECTOR_BASE + i;
      cpumaskSetall(d.domain, nr);
      this.irqs.set(i, d);
      this.vectorIrq[ISA_IRQ_VECTOR_BASE + i] = i;
    }
    this.sorted = null;
    // The other CPUs come up in ascending order through start_secondary().
    for (const cpu of [...m.online].sort((a, b) => a - b)) {
      if (cpu !== 0) cpuOnline(this, cpu);
    }
  }

  /** A fresh descriptor with zeroed apic_chip_data and the default affinity. */
  newIrq(irq: number, chip: LegacyIrq['chip'], node: number): LegacyIrq {
    const nr = this.nrCpus;
    const affinity = newBits(nr);
    cpumaskCopy(affinity, this.defaultAffinity);
    return {
      irq,
      chip,
      vector: 0,
      oldVector: 0,
      domain: newBits(nr),
      oldDomain: newBits(nr),
      moveInProgress: false,
      destApicid: 0,
      node,
      managed: false,
      requested: false,
      started: false,
      managedShutdown: false,
      movePending: false,
      affinitySet: false,
      singleTarget: false,
      affinity,
      effective: newBits(nr),
      pendingMask: newBits(nr),
    };
  }

  /** Irq numbers of every descriptor, ascending (for_each_active_irq). */
  activeIrqs(): number[] {
    if (!this.sorted) this.sorted = [...this.irqs.keys()].sort((a, b) => a - b);
    return this.sorted;
  }

  addIrq(d: LegacyIrq): void {
    this.irqs.set(d.irq, d);
    this.sorted = null;
  }

  removeIrq(irq: number): void {
    this.irqs.delete(irq);
    this.sorted = null;
  }

  slot(cpu: number, vector: number): number {
    return this.vectorIrq[cpu * NR_VECTORS + vector];
  }

  setSlot(cpu: number, vector: number, irq: number): void {
    this.vectorIrq[cpu * NR_VECTORS + vector] = irq;
  }

  isOnline(cpu: number): boolean {
    return cpu >= 0 && cpu < this.nrCpus && testBit(this.online, cpu);
  }

  warn(site: string, message: string): void {
    this.warnings++;
    if (this.sink) this.sink.emit({ type: 'warning', site, message });
  }

  log(site: string, message: string): void {
    if (this.sink) this.sink.emit({ type: 'log', level: 'warn', site, message });
  }

  fail(site: string, errno: number, message: string): number {
    if (this.sink) this.sink.emit({ type: 'failure', site, errno, message });
    return -errno;
  }

  // ---------------------------------------------------------------- vector.c

  /** __assign_irq_vector(irq, d, mask, irqd): 0, -EBUSY or -ENOSPC. */
  assignIrqVector(d: LegacyIrq, mask: Cpumask): number {
    const nr = this.nrCpus;
    const online = this.online;
    const vcm = this.vectorCpumask;
    const vsm = this.vectorSearchmask;
    const searched = this.searchedCpumask;
    // A move in progress, or a previous move not yet cleaned up: come back later.
    if (d.moveInProgress || cpumaskIntersects(d.oldDomain, online, nr)) return -EBUSY;

    cpumaskClear(d.oldDomain);
    cpumaskClear(searched);
    let cpu = cpumaskFirstAnd(mask, online, nr);
    let vector = 0;
    search: while (cpu < nr) {
      vectorAllocationDomain(this.apic, cpu, vcm, this.defaultAffinity);
      cpumaskAnd(vsm, vcm, online);
      if (cpumaskIntersects(vsm, mask, nr)) {
        if (cpumaskSubset(vcm, d.domain, nr)) {
          if (cpumaskEqual(vcm, d.domain, nr)) return this.assignSuccess(d, mask);
          // The domain shrinks: the CPUs no longer in it keep the vector until cleanup.
          cpumaskAndnot(d.oldDomain, d.domain, vcm);
          vector = d.vector;
          break search;
        }
        vector = this.currentVector;
        let offset = this.currentOffset;
        for (;;) {
          vector += 16;
          if (vector >= this.firstSystemVector) {
            offset = (offset + 1) % 16;
            vector = FIRST_EXTERNAL_VECTOR + offset;
          }
          // Wrapped around: try the next CPU.
          if (vector === this.currentVector) break;
          if (testBit(this.usedVectors, vector)) continue;
          if (this.vectorInUse(vsm, vector)) continue;
          this.currentVector = vector;
          this.currentOffset = offset;
          if (d.vector) cpumaskCopy(d.oldDomain, d.domain);
          for (let c = cpumaskFirst(vsm, nr); c < nr; c = cpumaskNext(c, vsm, nr)) this.setSlot(c, vector, d.irq);
          break search;
        }
      }
      // next_cpu: leave out the domain just searched and try the next online CPU of mask.
      cpumaskOr(searched, searched, vcm);
      cpumaskAndnot(vcm, mask, searched);
      cpu = cpumaskFirstAnd(vcm, online, nr);
    }
    if (cpu >= nr) return -ENOSPC;

    // update: only online CPUs are left to clean up.
    cpumaskAnd(d.oldDomain, d.oldDomain, online);
    d.moveInProgress = !cpumaskEmpty(d.oldDomain, nr);
    d.oldVector = d.moveInProgress ? d.vector : 0;
    d.vector = vector;
    cpumaskCopy(d.domain, vcm);
    return this.assignSuccess(d, mask);
  }

  /** The `success:` tail: dest_apicid and effective affinity from domain & online & mask. */
  private assignSuccess(d: LegacyIrq, mask: Cpumask): number {
    cpumaskAnd(this.vectorSearchmask, this.vectorSearchmask, mask);
    const err = cpuMaskToApicid(this.apic, this.nrCpus, d, this.vectorSearchmask);
    // The kernel BUG()s here; it cannot happen since mask & domain & online is not empty.
    if (err) this.warn('__assign_irq_vector', `BUG: no destination for irq ${d.irq}`);
    return 0;
  }

  /** Does any CPU of `cpus` have `vector` taken (IS_ERR_OR_NULL is false)? */
  private vectorInUse(cpus: Cpumask, vector: number): boolean {
    const nr = this.nrCpus;
    for (let c = cpumaskFirst(cpus, nr); c < nr; c = cpumaskNext(c, cpus, nr)) {
      if (this.slot(c, vector) >= 0) return true;
    }
    return false;
  }

  /** assign_irq_vector_policy(irq, node, data, info = no mask) */
  assignIrqVectorPolicy(d: LegacyIrq): number {
    if (d.node >= 0 && d.node < this.nodeMasks.length && this.assignIrqVector(d, this.nodeMasks[d.node]) === 0) {
      return 0;
    }
    // apic->target_cpus() is cpu_online_mask for flat and physflat.
    return this.assignIrqVector(d, this.online);
  }

  /** clear_irq_vector(irq, data) */
  clearIrqVector(d: LegacyIrq): void {
    const nr = this.nrCpus;
    if (!d.vector) return;
    const vector = d.vector;
    for (let c = cpumaskFirst(d.domain, nr); c < nr; c = cpumaskNext(c, d.domain, nr)) {
      if (testBit(this.online, c)) this.setSlot(c, vector, VECTOR_UNUSED);
    }
    d.vector = 0;
    cpumaskClear(d.domain);
    if (!d.moveInProgress && cpumaskEmpty(d.oldDomain, nr)) return;
    // A move or its cleanup is still pending: drop the old references on those CPUs.
    for (let c = cpumaskFirst(d.oldDomain, nr); c < nr; c = cpumaskNext(c, d.oldDomain, nr)) {
      if (!testBit(this.online, c)) continue;
      for (let v = FIRST_EXTERNAL_VECTOR; v < NR_VECTORS; v++) {
        if (this.slot(c, v) !== d.irq) continue;
        this.setSlot(c, v, VECTOR_UNUSED);
        break;
      }
    }
    d.moveInProgress = false;
  }

  /** setup_vector_irq(cpu): the table of a CPU coming online (vector_lock held). */
  setupVectorIrq(cpu: number): void {
    // The legacy PIC may deliver on any CPU: map every ISA irq on its static vector.
    for (let irq = 0; irq < this.nrLegacyIrqs; irq++) this.setSlot(cpu, ISA_IRQ_VECTOR_BASE + irq, irq);
    // __setup_vector_irq: mark the vectors of irqs whose domain has this CPU ...
    for (const irq of this.activeIrqs()) {
      const d = this.irqs.get(irq)!;
      if (!testBit(d.domain, cpu)) continue;
      this.setSlot(cpu, d.vector, irq);
    }
    // ... and free the slots of irqs whose domain does not.
    for (let v = 0; v < NR_VECTORS; v++) {
      const irq = this.slot(cpu, v);
      if (irq < 0) continue;
      const d = this.irqs.get(irq);
      if (!d || !testBit(d.domain, cpu)) this.setSlot(cpu, v, VECTOR_UNUSED);
    }
  }

  /** apic_set_affinity(irqd, dest, force) */
  apicSetAffinity(d: LegacyIrq, dest: Cpumask): number {
    if (!cpumaskIntersects(dest, this.online, this.nrCpus)) return -EINVAL;
    return this.assignIrqVector(d, dest);
  }

  // ---------------------------------------------------------------- the calls

  /** Allocate `count` irqs from `irq` on (x86_vector_alloc_irqs per irq). 0 or -errno. */
  alloc(irq: number, count: number, type: LegacyIrqType, node: number, affinity?: number[][]): number {
    return allocIrqs(this, irq, count, type, node, affinity);
  }

  /** request_irq(irq): action installed, irq_startup(IRQ_RESEND, IRQ_START_COND). */
  request(irq: number): number {
    return requestIrq(this, irq);
  }

  /** free_irq(irq): action removed, irq_shutdown. The vector stays. */
  free_irq(irq: number): number {
    return freeIrq(this, irq);
  }

  /** x86_vector_free_irqs + descriptor release of `count` irqs from `irq`. */
  free(irq: number, count: number): number {
    return freeIrqs(this, irq, count);
  }

  /** write_irq_affinity: a write of `cpus` to /proc/irq/N/smp_affinity. */
  set_affinity(irq: number, cpus: number[]): number {
    return writeIrqAffinity(this, irq, cpus);
  }

  /** The interrupt arrives on `cpu` through `vector`: the chip's irq_ack. */
  fire(irq: number, cpu: number, vector: number): number {
    return fireIrq(this, irq, cpu, vector);
  }

  /** The pending cleanup IPI is handled on `cpu`: 1 if one was pending, else 0. */
  cleanup(cpu: number): number {
    if (cpu < 0 || cpu >= this.nrCpus) return this.fail('smp_irq_move_cleanup_interrupt', EINVAL, `CPU ${cpu} does not exist`);
    if (!this.cleanupIpi[cpu]) return 0;
    this.cleanupIpi[cpu] = 0;
    moveCleanupInterrupt(this, cpu);
    return 1;
  }

  /** native_cpu_disable + fixup_irqs: 0, -ERANGE (not enough vectors), -EINVAL/-EBUSY on bad input. */
  cpu_offline(cpu: number): number {
    return cpuOffline(this, cpu);
  }

  /** start_secondary: setup_vector_irq, online, irq_affinity_online_cpu. */
  cpu_online(cpu: number): number {
    return cpuOnline(this, cpu);
  }

  /** The state object of one irq, or null if it does not exist. */
  state(irq: number): LegacyIrqState | null {
    const d = this.irqs.get(irq);
    return d ? irqState(this, d) : null;
  }
}

