// The machine panel's devices (with their interrupts, click selects one) and VMs (with state).
import { memo, startTransition, useEffect, useState, type ReactNode } from 'react';
import type { DeviceRow, Snapshot } from '../../sim/snapshot';
import { nextTask } from '../next-task';
import { uiStore, useUi } from '../store';
import { devicePlacement, shortPlacement as devicePlacementShort } from './device-placement';
import { irqIndex } from './irq-index';

const CHIPS = 24;

/** The same device as far as its row of the panel shows (the row objects are new every snapshot). */
function sameDevice(a: DeviceRow, b: DeviceRow): boolean {
  return (
    a.id === b.id &&
    a.type === b.type &&
    a.bdf === b.bdf &&
    a.bound === b.bound &&
    a.detail === b.detail &&
    a.irqs.length === b.irqs.length &&
    a.irqs.every((x, i) => x === b.irqs[i])
  );
}

/** Each device's placement line, once per snapshot (the selector runs on every store change). */
const summaries = new WeakMap<Snapshot, Map<string, string | null>>();
function placementSummary(s: Snapshot, d: DeviceRow): string | null {
  let m = summaries.get(s);
  if (!m) summaries.set(s, (m = new Map()));
  let v = m.get(d.id);
  if (v === undefined) m.set(d.id, (v = devicePlacement(d, irqIndex(s), s).summary));
  return v;
}

type DeviceItemProps = { d: DeviceRow; controls?(d: DeviceRow): ReactNode };

// Memoised: on a machine with dozens of devices a new snapshot re-renders only the devices (and
// the chip rows) whose text changed, not thousands of buttons.
const DeviceItem = memo(function DeviceItem({ d, controls }: DeviceItemProps) {
  const [all, setAll] = useState(false);
  // A boolean selector: moving the pointer re-renders only the devices whose highlight changes.
  const lit = useUi((s) => s.hover.device === d.id || (s.hover.irq !== null && s.snapshot !== null && irqIndex(s.snapshot).get(s.hover.irq)?.device === d.id));
  const irqs = all ? d.irqs : d.irqs.slice(0, CHIPS);
  const summary = useUi((s) => (s.snapshot ? placementSummary(s.snapshot, d) : null));
  const short = summary ? devicePlacementShort(summary) : null;
  return (
    <li
      aria-label={`Device ${d.id}`}
      className={'mp-dev' + (lit ? ' is-hover' : '') + (d.bound ? '' : ' is-unbound')}
      onPointerEnter={() => uiStore.getState().setHover({ device: d.id })}
      onPointerLeave={() => uiStore.getState().setHover({ device: null })}
    >
      <div className="mp-dev-head">
        <strong className="irq-mono">{d.id}</strong> <span className="irq-muted">{d.type}</span>{' '}
        <span className="irq-mono irq-muted" title="PCI bus:device.function">
          {d.bdf}
        </span>
        {!d.bound && (
          <span className="mp-badge" title="No driver bound: the device has no interrupts requested.">
            unbound
          </span>
        )}
      </div>
      {d.detail && <div className="mp-dev-detail irq-muted">{d.detail}</div>}
      {summary && (
        <div className="mp-dev-detail mp-dev-placement irq-muted" title={`${summary}: the rule of this kernel release that computed the managed queues' CPU masks (irq_create_affinity_masks).`}>
          {short}
        </div>
      )}
      {d.irqs.length > 0 && (
        <div className="mp-irqs" role="group" aria-label={`Interrupts of ${d.id}`}>
          <Chips d={d} irqs={irqs} />
          {!all && d.irqs.length > CHIPS && (
            <button type="button" className="irq-link" onClick={() => setAll(true)}>
              +{d.irqs.length - CHIPS} more
            </button>
          )}
        </div>
      )}
      {controls?.(d)}
    </li>
  );
}, (a, b) => a.controls === b.controls && sameDevice(a.d, b.d));

/** A chip's tooltip, for the chip pointed at or focused only: a big machine shows thousands of
 *  chips, and titles rebuilt on every snapshot cost a style recalculation of each one. */
function chipTitle(s: ReturnType<typeof uiStore.getState>, d: DeviceRow, irq: number | null): string {
  if (irq === null || !s.snapshot) return '';
  return devicePlacement(d, irqIndex(s.snapshot), s.snapshot).titleOf(irq);
}

function Chips({ d, irqs }: { d: DeviceRow; irqs: readonly number[] }) {
  const selected = useUi((s) => (s.selectedIrq !== null && irqs.includes(s.selectedIrq) ? s.selectedIrq : null));
  const pointed = useUi((s) => (s.hover.irq !== null && s.hover.device === d.id && irqs.includes(s.hover.irq) ? s.hover.irq : null));
  const title = useUi((s) => chipTitle(s, d, pointed));
  const point = (irq: number | null) => uiStore.getState().setHover(irq === null ? { irq: null } : { irq, device: d.id });
  return (
    <>
      {irqs.map((irq) => (
        <button
          key={irq}
          type="button"
          className="irq-chip irq-mono"
          aria-pressed={selected === irq}
          aria-label={`irq ${irq}`}
          title={irq === pointed ? `${title || `irq ${irq}`}\nClick to select it in every view.` : undefined}
          onClick={() => uiStore.getState().selectIrq(selected === irq ? null : irq)}
          onPointerEnter={() => point(irq)}
          onPointerLeave={() => point(null)}
          onFocus={() => point(irq)}
          onBlur={() => point(null)}
        >
          {irq}
        </button>
      ))}
    </>
  );
}

/** Devices mounted per commit: 64 drives of 24 chips each made one commit (and the frame laying it out) a long task. */
const SLICE = 12;

/** How many of `total` rows to mount now: SLICE more in each later task until all are. */
function useMountedCount(total: number): number {
  const [n, setN] = useState(Math.min(total, SLICE));
  useEffect(() => {
    // Fewer rows than mounted (a scrub back): start over, so growing again is sliced too.
    if (n > total) {
      setN(Math.max(SLICE, total));
      return;
    }
    if (n === total) return;
    let live = true;
    void nextTask().then(() => {
      if (live) startTransition(() => setN((x) => Math.min(total, x + SLICE)));
    });
    return () => {
      live = false;
    };
  }, [n, total]);
  return Math.min(n, total);
}

export function DeviceList({ actions, controls }: { actions?: ReactNode; controls?(d: DeviceRow): ReactNode }) {
  const devices = useUi((s) => s.snapshot?.devices);
  const mounted = useMountedCount(devices?.length ?? 0);
  return (
    <div className="mp-section" role="group" aria-label="Devices">
      <div className="mp-section-head">
        <h3>Devices</h3>
        {actions}
      </div>
      {devices && devices.length === 0 && <p className="irq-muted">No devices.</p>}
      <ul className="mp-devs">
        {(devices ?? []).slice(0, mounted).map((d) => (
          <DeviceItem key={d.id} d={d} controls={controls} />
        ))}
      </ul>
    </div>
  );
}

export function VmList({ actions, list }: { actions?: ReactNode; list?: ReactNode }) {
  const vms = useUi((s) => s.snapshot?.vms);
  if (list) {
    return (
      <div className="mp-section" role="group" aria-label="VMs">
        <div className="mp-section-head">
          <h3>VMs</h3>
          {actions}
        </div>
        {list}
      </div>
    );
  }
  return (
    <div className="mp-section" role="group" aria-label="VMs">
      <div className="mp-section-head">
        <h3>VMs</h3>
        {actions}
      </div>
      {vms && vms.length === 0 && <p className="irq-muted">No VMs.</p>}
      <ul className="mp-vms">
        {(vms ?? []).map((v) => (
          <li key={v.id} className={'mp-vm is-' + v.state}>
            <strong className="irq-mono">{v.id}</strong> <span className="irq-muted">{v.type}</span> · {v.vcpus} vCPU
            {v.vcpus === 1 ? '' : 's'} · <span className={'mp-state is-' + v.state}>{v.state}</span>
            <span className="irq-muted" title="What the guest costs the host: descriptors, LPIs, vectors or event channels.">
              {' '}
              · cost {v.cost}
            </span>
            {v.error && <div className="mp-vm-error">{v.error}</div>}
          </li>
        ))}
      </ul>
    </div>
  );
}
