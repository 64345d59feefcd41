// What can be done to a device, with its driver's lifecycle: unbind/bind, set an interrupt's
// affinity, fire one, remove the device.
import type { DeviceRow } from '../../sim/snapshot';
import { appendStep } from '../engine/actions';
import { useDriver } from '../engine/lifecycles';
import type { IrqAction } from './IrqDialog';

const DRIVER_LABEL: Record<string, string> = {
  bound: 'driver bound',
  unbinding: 'unbinding…',
  unbound: 'no driver',
  probing: 'probing…',
  failed: 'probe failed',
};

/** The driver's state and what can be done to one device, shown under it in the machine panel. */
export function DeviceControls({ d, onIrq }: { d: DeviceRow; onIrq(a: IrqAction): void }) {
  const drv = useDriver(d.id, d.bound);
  const busy = drv.state === 'unbinding' || drv.state === 'probing';
  const bound = drv.state === 'bound' || drv.state === 'unbinding';
  return (
    <div className={`device device-${drv.state}`}>
      <span className={`badge badge-${drv.state}`} title="The driver's state: it requests the device's interrupts when it probes and frees them when it unbinds.">
        {DRIVER_LABEL[drv.state] ?? drv.state}
      </span>
      {drv.error ? (
        <div className="refused small" role="alert">
          {drv.error}
        </div>
      ) : null}
      <div className="device-actions">
        {bound ? (
          <button type="button" disabled={busy} onClick={drv.unbind} aria-label={`Unbind ${d.id}`} title="Unbind the driver: free_irq and pci_free_irq_vectors release its interrupts.">
            Unbind
          </button>
        ) : (
          <button type="button" disabled={busy} onClick={drv.bind} aria-label={`Bind ${d.id}`} title="Bind the driver again: it probes and requests its interrupts.">
            Bind
          </button>
        )}
        <button type="button" disabled={!bound || busy} onClick={() => onIrq({ mode: 'affinity', device: d })} aria-label={`Set affinity of ${d.id}`} title="Write one interrupt's smp_affinity.">
          Affinity…
        </button>
        <button type="button" disabled={!bound || busy} onClick={() => onIrq({ mode: 'fire', device: d })} aria-label={`Fire an interrupt of ${d.id}`} title="Deliver one interrupt: completes a pending vector move.">
          Fire…
        </button>
        <button type="button" onClick={() => void appendStep({ do: 'device.remove', id: d.id })} aria-label={`Remove ${d.id}`} title="Hot-remove the device (unbinding first).">
          Remove
        </button>
      </div>
    </div>
  );
}
