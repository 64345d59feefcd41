// The guests: each with its lifecycle machine (launching, running, failed, destroying,
// destroyed) and a Destroy button. Launches in flight are listed until the engine has them.
import type { VmRow } from '../../sim/snapshot';
import { useState } from 'react';
import { useVm, type VmStart } from '../engine/lifecycles';
import { useUiNow } from '../store';
import type { LaunchRequest } from './LaunchVmDialog';

const LABEL: Record<string, string> = {
  launching: 'launching…',
  running: 'running',
  failed: 'failed',
  destroying: 'destroying…',
  destroyed: 'destroyed',
};

function VmItem({ start, shown }: { start: VmStart; shown: VmRow['state'] | 'absent' | null }) {
  const vm = useVm(start, shown);
  if (vm.state === 'destroyed' && shown !== 'destroyed') return null;
  return (
    <li className={`vm vm-${vm.state}`} aria-label={`VM ${start.id}`}>
      <div className="device-line">
        <strong>{start.id}</strong>{' '}
        <span className="muted">
          {start.type} · {start.vcpus} vCPU{start.vcpus === 1 ? '' : 's'}
        </span>
        <span className={`badge badge-${vm.state}`}>{LABEL[vm.state] ?? vm.state}</span>
      </div>
      {vm.error ? (
        <div className="refused small" role="alert">
          {vm.error}
        </div>
      ) : null}
      {vm.state === 'running' || vm.state === 'failed' ? (
        <div className="device-actions">
          <button type="button" onClick={vm.destroy} aria-label={`Destroy ${start.id}`} title="Tear the guest down and free what it cost the host.">
            Destroy
          </button>
        </div>
      ) : null}
    </li>
  );
}

/** Guests listed before "Show all": each row carries a lifecycle machine, hundreds of them cost a slow render. */
const SHOWN_VMS = 24;

export function VmList({ launches, onSettled }: { launches: LaunchRequest[]; onSettled(id: string): void }) {
  const vms = useUiNow((s) => s.snapshot?.vms);
  const [all, setAll] = useState(false);
  if (!vms) return null;
  const known = new Set(vms.map((v) => v.id));
  const inFlight = launches.filter((l) => !known.has(l.id));
  // A launch is done once the engine lists the VM: the snapshot's row takes over.
  for (const l of launches) if (known.has(l.id)) queueMicrotask(() => onSettled(l.id));
  if (vms.length === 0 && inFlight.length === 0) return <p className="muted small">No guests. Launch one to see what its vCPUs cost the host.</p>;
  const live = vms.filter((v) => v.state !== 'destroyed');
  // Failed launches first: they are what a reader looks for.
  const ordered = [...live.filter((v) => v.state === 'failed'), ...live.filter((v) => v.state !== 'failed')];
  const shown = all ? ordered : ordered.slice(0, SHOWN_VMS);
  const running = live.filter((v) => v.state === 'running').length;
  return (
    <ul className="device-list">
      {live.length > SHOWN_VMS && (
        <li className="muted small">
          {running} running, {live.length - running} failed ·{' '}
          <button type="button" className="irq-link" aria-expanded={all} onClick={() => setAll((a) => !a)}>
            {all ? `Show the first ${SHOWN_VMS}` : `Show all ${live.length}`}
          </button>
        </li>
      )}
      {shown
        .map((v) => (
          <VmItem
            key={`${v.id}:${v.state}`}
            start={{ id: v.id, vcpus: v.vcpus, type: v.type, state: v.state, error: v.error }}
            shown={v.state}
          />
        ))}
      {inFlight.map((l) => (
        <VmItem key={`launch:${l.id}`} start={{ ...l, state: 'launch' }} shown={null} />
      ))}
    </ul>
  );
}
