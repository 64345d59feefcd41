// The machine: CPUs (by node and core) as hotplug switches with their load of vectors and any
// refused hotplug with the kernel's reason; devices with their interrupts; VMs with their state.
import { useMemo, useState, type ReactNode } from 'react';
import { appendStep } from '../engine/actions';
import { uiStore, useUi } from '../store';
import { NodeTiles } from './CpuTiles';
import { cpuRefusals, groupCpus, maxLoad, startCollapsed } from './machine-layout';
import type { DeviceRow } from '../../sim/snapshot';
import { DeviceList, VmList } from './MachineLists';
import './views.css';
import './machine-panel.css';

export interface MachinePanelProps {
  /** Shown in the Devices header (the shell's "Add device" button). */
  deviceActions?: ReactNode;
  /** Shown in the VMs header (the shell's "Launch VM" button). */
  vmActions?: ReactNode;
  /** What can be done to one device (the shell's driver actions), shown under it. */
  deviceControls?(d: DeviceRow): ReactNode;
  /** Replaces the plain list of VMs (the shell's guests with their lifecycles). */
  vmList?: ReactNode;
  /** Replaces the default hotplug action (appendStep cpu.offline / cpu.online). */
  onCpuToggle?(cpu: number, online: boolean): Promise<void> | void;
}

export function MachinePanel({ deviceActions, vmActions, deviceControls, vmList, onCpuToggle }: MachinePanelProps) {
  const cpus = useUi((s) => s.snapshot?.cpus);
  // What the per-CPU load counts: vectors on x86, interrupts (LPIs, SPIs, PPIs) on arm64,
  // event channels in a Xen domain.
  const loadUnit = useUi((s) => (s.snapshot?.xen ? 'event channels' : s.snapshot?.arch === 'arm64' ? 'interrupts' : 'vectors'));
  // Only the steps reached so far: a refusal of a later step is not part of the state shown.
  const at = useUi((s) => s.snapshot?.at ?? 0);
  const allOutcomes = useUi((s) => s.outcomes);
  const outcomes = useMemo(() => allOutcomes.slice(0, at), [allOutcomes, at]);
  const steps = useUi((s) => s.scenario?.steps);
  const hoverCpu = useUi((s) => s.hover.cpu);
  const [pending, setPending] = useState<ReadonlySet<number>>(new Set());
  const groups = useMemo(() => (cpus ? groupCpus(cpus) : []), [cpus]);
  const max = useMemo(() => (cpus ? maxLoad(cpus) : 1), [cpus]);
  const refusals = useMemo(
    () => cpuRefusals(outcomes ?? [], (steps ?? []) as ReadonlyArray<{ do: string; cpu?: number }>),
    [outcomes, steps],
  );

  async function toggle(cpu: number, online: boolean): Promise<void> {
    setPending((s) => new Set(s).add(cpu));
    try {
      if (onCpuToggle) await onCpuToggle(cpu, online);
      else await appendStep(online ? { do: 'cpu.offline', cpu } : { do: 'cpu.online', cpu });
    } finally {
      setPending((s) => {
        const n = new Set(s);
        n.delete(cpu);
        return n;
      });
    }
  }

  function hover(cpu: number | null): void {
    const st = uiStore.getState();
    if (cpu === null) st.setHover(null);
    else st.setHover({ cpu, vector: null, irq: null });
  }

  const collapsed = cpus ? startCollapsed(cpus.possible, groups.length) : false;
  return (
    <section className="irq-view mp" aria-label="Machine">
      <header className="irq-view-head">
        <h2>Machine</h2>
        {cpus && (
          <p className="irq-muted irq-stats">
            {cpus.possible} CPUs · {groups.length} node{groups.length === 1 ? '' : 's'}
          </p>
        )}
      </header>
      {!cpus && <p className="irq-muted">Waiting for the engine…</p>}
      {cpus && (
        <div className="mp-cpus" role="group" aria-label="CPUs (click to hotplug)">
          {groups.map((g) => (
            <NodeTiles
              key={`${cpus.possible}/${groups.length}/${g.node}`}
              group={g}
              cpus={cpus}
              max={max}
              refusals={refusals}
              pending={pending}
              hoverCpu={hoverCpu}
              collapsed={collapsed}
              multiNode={groups.length > 1}
              loadUnit={loadUnit}
              onToggle={(cpu, online) => void toggle(cpu, online)}
              onHover={hover}
            />
          ))}
        </div>
      )}
      <DeviceList actions={deviceActions} controls={deviceControls} />
      <VmList actions={vmActions} list={vmList} />
    </section>
  );
}
