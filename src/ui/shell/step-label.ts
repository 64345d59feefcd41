// One line per scenario step for the timeline, in the words of scenario-format.md.
import type { Step } from '../../sim/scenario/schema';

export function stepLabel(s: Step): string {
  switch (s.do) {
    case 'cpu.offline':
      return `CPU ${s.cpu} offline`;
    case 'cpu.online':
      return `CPU ${s.cpu} online`;
    case 'device.add': {
      const what =
        s.type === 'nvme' || s.type === 'nic'
          ? `${s.queues} queue${s.queues === 1 ? '' : 's'}`
          : s.type === 'msi'
            ? `${s.vectors} MSI`
            : `INT${s.pin}#${s.slot !== undefined ? ` slot ${s.slot}` : ''}`;
      const extra = [s.bind === false ? 'unbound' : '', s.aliasOf ? `alias of ${s.aliasOf}` : ''].filter(Boolean).join(', ');
      return `add ${s.type} ${s.id} (${what}${extra ? `, ${extra}` : ''})`;
    }
    case 'device.remove':
      return `remove ${s.id}`;
    case 'driver.unbind':
      return `unbind ${s.device}`;
    case 'driver.bind':
      return `bind ${s.device}`;
    case 'irq.affinity':
      return `${s.device} vector ${s.vector} affinity ${cpuList(s.cpus)}`;
    case 'irq.fire':
      return `fire ${s.device} vector ${s.vector}`;
    case 'vm.launch':
      return `launch ${s.type} VM ${s.id} (${s.vcpus} vCPU${s.vcpus === 1 ? '' : 's'})`;
    case 'vm.destroy':
      return `destroy VM ${s.id}`;
  }
}

/** [0,1,2,3,6] -> "0-3,6" */
export function cpuList(cpus: readonly number[]): string {
  const sorted = [...new Set(cpus)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : `${sorted[i]}`);
    i = j + 1;
  }
  return parts.join(',');
}
