// "Launch VM": a guest id, its vCPUs and its type. The launch itself runs in the VM's
// lifecycle machine (launching -> running | failed), shown by VmList.
import { useState } from 'react';
import { useUiNow } from '../store';
import { Dialog, Field, intField } from './Dialog';
import { nextId } from './AddDeviceDialog';

const ID_RE = /^[A-Za-z][A-Za-z0-9_.-]{0,31}$/;

export interface LaunchRequest {
  id: string;
  vcpus: number;
  type: 'kvm' | 'xen';
}

/** VM ids the scenario has launched and not destroyed. */
export function vmIds(steps: ReadonlyArray<{ do: string; id?: string }>): Set<string> {
  const ids = new Set<string>();
  for (const s of steps) {
    if (s.do === 'vm.launch' && s.id) ids.add(s.id);
    if (s.do === 'vm.destroy' && s.id) ids.delete(s.id);
  }
  return ids;
}

export function LaunchVmDialog({ open, onClose, onLaunch }: { open: boolean; onClose(): void; onLaunch(r: LaunchRequest): void }) {
  return open ? <LaunchForm onClose={onClose} onLaunch={onLaunch} /> : null;
}

function LaunchForm({ onClose, onLaunch }: { onClose(): void; onLaunch(r: LaunchRequest): void }) {
  const scenario = useUiNow((s) => s.scenario);
  const taken = vmIds(scenario?.steps ?? []);
  const dom0 = scenario?.machine.xen?.role === 'dom0';
  const [id, setId] = useState(() => nextId('vm', taken));
  const [vcpus, setVcpus] = useState('4');
  const [type, setType] = useState<'kvm' | 'xen'>(dom0 ? 'xen' : 'kvm');
  const [error, setError] = useState<string | null>(null);

  const submit = () => {
    if (!ID_RE.test(id)) return setError('VM id: a letter, then up to 31 letters, digits, "_", "." or "-"');
    if (taken.has(id)) return setError(`VM id: "${id}" is already running`);
    const n = intField('vCPUs', vcpus, 1, 4096);
    if (typeof n === 'string') return setError(n);
    onLaunch({ id, vcpus: n, type });
    onClose();
  };

  return (
    <Dialog title="Launch VM" open onClose={onClose} onSubmit={submit} submitLabel="Launch VM" error={error}>
      <Field label="VM id" hint="The name steps use for this guest.">
        <input value={id} onChange={(e) => setId(e.target.value)} spellCheck={false} />
      </Field>
      <Field label="vCPUs" hint="Each vCPU costs the host interrupt resources: a vPE and doorbell on GICv4.1, event channels under Xen.">
        <input inputMode="numeric" value={vcpus} onChange={(e) => setVcpus(e.target.value)} />
      </Field>
      <Field
        label="Type"
        hint={dom0 ? 'kvm: a KVM guest of this kernel; xen: a guest of this Xen dom0.' : 'kvm: a KVM guest of this kernel. A Xen guest needs a Xen dom0 machine (Machine settings).'}
      >
        <select value={type} onChange={(e) => setType(e.target.value as 'kvm' | 'xen')}>
          <option value="kvm">KVM</option>
          <option value="xen" disabled={!dom0}>
            {dom0 ? 'Xen guest (this kernel is dom0)' : 'Xen guest (needs a Xen dom0 machine)'}
          </option>
        </select>
      </Field>
    </Dialog>
  );
}
