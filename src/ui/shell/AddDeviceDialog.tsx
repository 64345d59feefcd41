// "Add device": every device type of scenario-format.md with its fields; adding appends a
// device.add step (the driver probes and requests its interrupts when "bind" is on).
import { useState } from 'react';
import type { DeviceAddStep } from '../../sim/scenario/schema';
import { appendStepOutcome } from '../engine/actions';
import { uiStore, useUiNow } from '../store';
import { Dialog, Field, intField } from './Dialog';

const ID_RE = /^[A-Za-z][A-Za-z0-9_.-]{0,31}$/;
const BDF_RE = /^[0-9a-f]{4}:[0-9a-f]{2}:[0-1][0-9a-f]\.[0-7]$/;
type Type = DeviceAddStep['type'];

const TYPE_HINT: Record<Type, string> = {
  nvme: 'NVMe: MSI-X with 1 admin vector plus one managed vector per I/O queue, spread over the CPUs.',
  nic: 'Network card: MSI-X, one vector per queue, not managed (userspace may move them).',
  msi: 'Multi-MSI: a power-of-two block of contiguous vectors (x86 needs interrupt remapping).',
  intx: 'Legacy INTx line: shared through the host bridge swizzle onto an IO-APIC pin.',
};

/** The first free id like "nvme0", "nvme1"... */
export function nextId(prefix: string, taken: Set<string>): string {
  for (let i = 0; ; i++) if (!taken.has(`${prefix}${i}`)) return `${prefix}${i}`;
}

/** Device ids the scenario has added and not removed. */
export function deviceIds(steps: ReadonlyArray<{ do: string; id?: string }>): Set<string> {
  const ids = new Set<string>();
  for (const s of steps) {
    if (s.do === 'device.add' && s.id) ids.add(s.id);
    if (s.do === 'device.remove' && s.id) ids.delete(s.id);
  }
  return ids;
}

export function AddDeviceDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  return open ? <AddDeviceForm onClose={onClose} /> : null;
}

function prefixOf(t: Type): string {
  return t === 'nic' ? 'eth' : t;
}

function AddDeviceForm({ onClose }: { onClose(): void }) {
  const scenario = useUiNow((s) => s.scenario);
  const arm64 = scenario?.machine.arch === 'arm64';
  const taken = deviceIds(scenario?.steps ?? []);
  const [type, setType] = useState<Type>('nvme');
  const [id, setId] = useState(() => nextId('nvme', taken));
  const [idTouched, setIdTouched] = useState(false);
  const [queues, setQueues] = useState('8');
  const [vectors, setVectors] = useState('4');
  const [pin, setPin] = useState<'A' | 'B' | 'C' | 'D'>('A');
  const [slot, setSlot] = useState('');
  const [bdf, setBdf] = useState('');
  const [bind, setBind] = useState(true);
  const [aliasOf, setAliasOf] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const changeType = (t: Type) => {
    setType(t);
    if (!idTouched) setId(nextId(prefixOf(t), taken));
  };

  const build = (): DeviceAddStep | string => {
    if (!ID_RE.test(id)) return 'Device id: a letter, then up to 31 letters, digits, "_", "." or "-"';
    if (taken.has(id)) return `Device id: "${id}" is already in use`;
    if (bdf && !BDF_RE.test(bdf)) return 'PCI address: like 0000:01:00.0 (lower-case hex)';
    const common = { do: 'device.add' as const, id, ...(bdf ? { bdf } : {}), ...(bind ? {} : { bind: false }), ...(arm64 && aliasOf ? { aliasOf } : {}) };
    switch (type) {
      case 'nvme':
      case 'nic': {
        const q = intField('Queues', queues, 1, 2048);
        return typeof q === 'string' ? q : { ...common, type, queues: q };
      }
      case 'msi': {
        const v = intField('Vectors', vectors, 1, 32);
        return typeof v === 'string' ? v : { ...common, type, vectors: v };
      }
      case 'intx': {
        if (slot.trim() === '') return { ...common, type, pin };
        const s = intField('Slot', slot, 0, 31);
        return typeof s === 'string' ? s : { ...common, type, pin, slot: s };
      }
    }
  };

  const submit = async () => {
    const step = build();
    if (typeof step === 'string') return setError(step);
    setBusy(true);
    const before = uiStore.getState().alerts.length;
    const outcome = await appendStepOutcome(step);
    setBusy(false);
    if (outcome || uiStore.getState().alerts.length === before) onClose();
    else setError('The engine did not add the device: see the message at the top of the page.');
  };

  return (
    <Dialog title="Add device" open onClose={onClose} onSubmit={submit} submitLabel="Add device" error={error} busy={busy}>
      <Field label="Type" hint={TYPE_HINT[type]}>
        <select value={type} onChange={(e) => changeType(e.target.value as Type)}>
          <option value="nvme">nvme (MSI-X, managed queues)</option>
          <option value="nic">nic (MSI-X queues)</option>
          <option value="msi">msi (Multi-MSI)</option>
          <option value="intx">intx (legacy line)</option>
        </select>
      </Field>
      <Field label="Device id" hint="The name steps use for this device (and the action name in /proc/interrupts).">
        <input value={id} onChange={(e) => (setId(e.target.value), setIdTouched(true))} spellCheck={false} />
      </Field>
      {type === 'nvme' || type === 'nic' ? (
        <Field label="Queues" hint={type === 'nvme' ? 'I/O queues: one managed vector each (plus the admin vector).' : 'Queues: one vector each.'}>
          <input inputMode="numeric" value={queues} onChange={(e) => setQueues(e.target.value)} />
        </Field>
      ) : null}
      {type === 'msi' ? (
        <Field label="Vectors" hint="1 to 32; the kernel rounds Multi-MSI up to a power of two.">
          <input inputMode="numeric" value={vectors} onChange={(e) => setVectors(e.target.value)} />
        </Field>
      ) : null}
      {type === 'intx' ? (
        <>
          <Field label="Pin" hint="INTA# to INTD#: which of the function's four legacy lines it uses.">
            <select value={pin} onChange={(e) => setPin(e.target.value as typeof pin)}>
              {(['A', 'B', 'C', 'D'] as const).map((p) => (
                <option key={p} value={p}>
                  INT{p}#
                </option>
              ))}
            </select>
          </Field>
          <Field label="Slot" hint="PCI slot (0 to 31); the swizzle rotates the pin by the slot number.">
            <input inputMode="numeric" placeholder="from the address" value={slot} onChange={(e) => setSlot(e.target.value)} />
          </Field>
        </>
      ) : null}
      <Field label="PCI address" hint="Bus:device.function; empty lets irqscope pick the next free one.">
        <input placeholder="0000:01:00.0 (optional)" value={bdf} onChange={(e) => setBdf(e.target.value)} spellCheck={false} />
      </Field>
      {arm64 ? (
        <Field label="DMA alias of" hint="arm64: share the ITS device (DeviceID) of another device, as PCI bridges alias requester IDs.">
          <select value={aliasOf} onChange={(e) => setAliasOf(e.target.value)}>
            <option value="">none</option>
            {[...taken].map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      <label className="check" title="When on, the driver probes at once and requests its interrupts.">
        <input type="checkbox" checked={bind} onChange={(e) => setBind(e.target.checked)} /> Bind the driver
      </label>
    </Dialog>
  );
}
