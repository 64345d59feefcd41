// One interrupt of a device: write its affinity (smp_affinity_list) or fire it once.
import { useState } from 'react';
import type { DeviceRow } from '../../sim/snapshot';
import { parsePbl } from '../../sim/lib/bitmap';
import { appendStep } from '../engine/actions';
import { useUiNow } from '../store';
import { Dialog, Field } from './Dialog';

export type IrqAction = { mode: 'affinity' | 'fire'; device: DeviceRow };

/** CPU numbers of a list like "0-3,6", or the message saying what is wrong. */
export function parseCpuList(text: string, possible: number): number[] | string {
  let cpus: number[];
  try {
    cpus = parsePbl(text);
  } catch {
    return `CPUs: "${text}" is not a CPU list like 0-3,6`;
  }
  if (cpus.length === 0) return 'CPUs: an empty mask (the kernel refuses it with -EINVAL)';
  const bad = cpus.find((c) => c >= possible);
  if (bad !== undefined) return `CPUs: CPU ${bad} does not exist (machine has ${possible})`;
  return [...new Set(cpus)];
}

export function IrqDialog({ action, onClose }: { action: IrqAction | null; onClose(): void }) {
  return action ? <IrqForm action={action} onClose={onClose} /> : null;
}

function IrqForm({ action, onClose }: { action: IrqAction; onClose(): void }) {
  const possible = useUiNow((s) => s.snapshot?.cpus.possible ?? 1);
  const irqs = useUiNow((s) => s.snapshot?.irqs);
  const { device, mode } = action;
  const count = Math.max(device.irqs.length, 1);
  const [vector, setVector] = useState('0');
  const row = irqs?.find((r) => r.device === device.id && r.index === Number(vector));
  const [cpus, setCpus] = useState(row?.affinity ?? '0');
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    const v = Number(vector);
    if (mode === 'fire') {
      await appendStep({ do: 'irq.fire', device: device.id, vector: v });
      return onClose();
    }
    const list = parseCpuList(cpus, possible);
    if (typeof list === 'string') return setError(list);
    await appendStep({ do: 'irq.affinity', device: device.id, vector: v, cpus: list });
    onClose();
  };

  const title = mode === 'fire' ? `Fire an interrupt of ${device.id}` : `Set affinity of ${device.id}`;
  return (
    <Dialog title={title} open onClose={onClose} onSubmit={submit} submitLabel={mode === 'fire' ? 'Fire' : 'Set affinity'} error={error}>
      <Field label="Vector" hint="Which interrupt of the device, by its index (nvme: 0 is the admin queue).">
        <select
          value={vector}
          onChange={(e) => {
            setVector(e.target.value);
            // Start from the affinity of the interrupt now picked, not the previous one's.
            const picked = irqs?.find((r) => r.device === device.id && r.index === Number(e.target.value));
            setCpus(picked?.affinity ?? '0');
            setError(null);
          }}
        >
          {Array.from({ length: count }, (_, i) => {
            const r = irqs?.find((x) => x.device === device.id && x.index === i);
            return (
              <option key={i} value={i}>
                {i}
                {r ? ` (irq ${r.irq}${r.name ? `, ${r.name}` : ''}${r.managed ? ', managed' : ''})` : ''}
              </option>
            );
          })}
        </select>
      </Field>
      {mode === 'affinity' ? (
        <Field label="CPUs" hint="The CPU list written to /proc/irq/N/smp_affinity_list, e.g. 0-3,6. Managed interrupts refuse with -EIO.">
          <input value={cpus} onChange={(e) => setCpus(e.target.value)} spellCheck={false} />
        </Field>
      ) : (
        <p className="dialog-note">The interrupt arrives once on its target CPU; a pending move completes then (the old vector is cleaned up).</p>
      )}
    </Dialog>
  );
}
