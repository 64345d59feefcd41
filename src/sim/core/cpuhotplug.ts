// kernel/irq/cpuhotplug.c (as of v7.0): irq_migrate_all_off_this_cpu / migrate_one_irq on the
// outgoing CPU, and irq_affinity_online_cpu (managed interrupts restarted) on the incoming one.
import { EINVAL, ENOSPC } from '../lib/errno';
import {
  cpumaskAnyBut,
  cpumaskEmpty,
  cpumaskFirstAnd,
  cpumaskIntersects,
  cpumaskPbl,
  cpumaskTest,
} from './cpumask';
import type { IrqDesc } from './desc';
import type { Genirq } from './genirq';
import {
  IRQD_MANAGED_SHUTDOWN,
  irqdAffinityIsManaged,
  irqdIsManagedAndShutdown,
  irqdIsPerCpu,
  irqdIsSingleTarget,
  irqdIsStarted,
  irqdSet,
} from './irqdata';
import { irqShutdownAndDeactivate, irqStartupManaged } from './chip';
import { irqDoSetAffinity, irqSetAffinityLocked } from './manage';
import { irqFixupMovePending } from './migration';

/** irq_needs_fixup: does the effective affinity point at the outgoing CPU? */
function irqNeedsFixup(core: Genirq, desc: IrqDesc, cpu: number): boolean {
  let m = desc.common.effectiveAffinity;
  if (cpumaskEmpty(m)) m = desc.common.affinity;
  if (cpumaskAnyBut(m, cpu, core.nrCpus) < core.nrCpus && cpumaskFirstAnd(m, core.online, core.nrCpus) >= core.nrCpus) {
    core.log(
      'warn',
      'irq_needs_fixup',
      `Eff. affinity ${cpumaskPbl(m, core.nrCpus)} of IRQ ${desc.irq} contains only offline CPUs after offlining CPU ${cpu}`,
    );
    return true;
  }
  return cpumaskTest(m, cpu);
}

/** migrate_one_irq: returns true when the affinity had to be broken. */
function migrateOneIrq(core: Genirq, desc: IrqDesc, cpu: number): boolean {
  const d = desc.irqData;
  const chip = d.chip;
  if (!chip || !chip.irqSetAffinity) return false;
  core.arch.irqForceCompleteMove?.(desc, cpu);
  if (irqdIsPerCpu(d) || !irqdIsStarted(d) || !irqNeedsFixup(core, desc, cpu)) {
    irqFixupMovePending(core, desc, false);
    return false;
  }
  let affinity = irqFixupMovePending(core, desc, true) ? desc.pendingMask.slice() : desc.common.affinity.slice();
  let brokeaff = false;
  let usedOnline = false;
  if (!cpumaskIntersects(affinity, core.online)) {
    if (irqdAffinityIsManaged(d)) {
      irqdSet(d, IRQD_MANAGED_SHUTDOWN);
      irqShutdownAndDeactivate(desc);
      return false;
    }
    affinity = core.online.slice();
    usedOnline = true;
    brokeaff = true;
  }
  let err = irqDoSetAffinity(core, d, affinity, false);
  if (err === -ENOSPC && !irqdAffinityIsManaged(d) && !usedOnline) {
    affinity = core.online.slice();
    brokeaff = true;
    err = irqDoSetAffinity(core, d, affinity, false);
  }
  if (err) {
    core.log('warn', 'migrate_one_irq', `IRQ${desc.irq}: set affinity failed(${err}).`);
    brokeaff = false;
  }
  return brokeaff;
}

/** irq_migrate_all_off_this_cpu, run on the outgoing CPU after it left cpu_online_mask. */
export function irqMigrateAllOffThisCpu(core: Genirq, cpu: number): void {
  for (const irq of core.activeIrqs()) {
    const desc = core.irqToDesc(irq);
    if (!desc) continue;
    if (migrateOneIrq(core, desc, cpu)) {
      core.log('info', 'irq_migrate_all_off_this_cpu', `IRQ ${irq}: no longer affine to CPU${cpu}`);
    }
  }
}

/** irq_restore_affinity_of_irq */
function restoreAffinityOfIrq(core: Genirq, desc: IrqDesc, cpu: number): void {
  const d = desc.irqData;
  if (!irqdAffinityIsManaged(d) || desc.actions.length === 0 || !d.chip || !cpumaskTest(desc.common.affinity, cpu)) return;
  if (irqdIsManagedAndShutdown(d)) irqStartupManaged(core, desc);
  // Then (also right after that startup) a multi-target interrupt is spread over its mask again;
  // a single-target one already sits on a CPU of it (no housekeeping isolation modelled).
  if (!irqdIsSingleTarget(d)) irqSetAffinityLocked(core, desc, desc.common.affinity.slice(), false);
}

/** irq_affinity_online_cpu (CPUHP_AP_IRQ_AFFINITY_ONLINE) */
export function irqAffinityOnlineCpu(core: Genirq, cpu: number): number {
  if (cpu < 0 || cpu >= core.nrCpus) return -EINVAL;
  for (const irq of core.activeIrqs()) {
    const desc = core.irqToDesc(irq);
    if (desc) restoreAffinityOfIrq(core, desc, cpu);
  }
  return 0;
}
