// Checks a schema-valid scenario against itself: CPUs that exist, ids alive when used, arch consistency.
import type { Located } from './issues';
import { checkDeviceKernel, checkMachineKernel } from './releases_validate';
import { deviceVectorCount, type DeviceSpec, type Machine, type Scenario } from './schema';

function fail(path: string, what: string): Located {
  return { path, message: `${path}: ${what}` };
}

function checkMachine(m: Machine): Located | null {
  const arch = m.arch ?? 'x86_64';
  const cpus = m.cpus ?? 8;
  if (m.online) {
    const seen = new Set<number>();
    for (let i = 0; i < m.online.length; i++) {
      const c = m.online[i];
      if (c >= cpus) return fail(`machine.online[${i}]`, `CPU ${c} does not exist (machine has ${cpus})`);
      if (seen.has(c)) return fail(`machine.online[${i}]`, `CPU ${c} is listed twice`);
      seen.add(c);
    }
    if (!seen.has(0)) return fail('machine.online', 'CPU 0 must be online (the boot CPU is always online)');
  }
  const nodes = m.nodes ?? 1;
  if (cpus % nodes !== 0) {
    return fail(
      'machine.nodes',
      `${nodes} nodes do not divide ${cpus} CPUs (CPUs are split into equal contiguous blocks, one per node)`,
    );
  }
  const smt = m.smt ?? 1;
  const perNode = cpus / nodes;
  if (perNode % smt !== 0) {
    return fail(
      'machine.smt',
      `${smt} threads per core do not divide the ${perNode} CPUs of each node (siblings are adjacent CPU numbers within a node)`,
    );
  }
  if (arch === 'x86_64' && m.gic) return fail('machine.gic', 'the GIC is an arm64 interrupt controller (arch is x86_64)');
  if (arch === 'arm64') {
    if (m.xen) return fail('machine.xen', 'Xen domains are modelled on x86_64 only (arch is arm64)');
    if (m.ioapics !== undefined) return fail('machine.ioapics', 'IO-APICs exist on x86_64 only (arch is arm64)');
    if (m.remapping !== undefined) {
      return fail('machine.remapping', 'interrupt remapping is an x86_64 option (arch is arm64)');
    }
  }
  return checkMachineKernel(m);
}

function describeDevice(d: DeviceSpec): string {
  const n = deviceVectorCount(d);
  switch (d.type) {
    case 'nvme':
      return `nvme with ${d.queues} queues has vectors 0..${n - 1}`;
    case 'nic':
      return `nic with ${d.queues} queues has vectors 0..${n - 1}`;
    case 'msi':
      return `msi with ${d.vectors} vectors has vectors 0..${n - 1}`;
    case 'intx':
      return 'intx has only vector 0';
  }
}

/** Ids alive at each point of the replay, and where they came and went. */
class Registry<T> {
  private alive = new Map<string, { at: number; value: T }>();
  private gone = new Map<string, number>();
  constructor(
    private noun: string,
    private made: string,
    private unmade: string,
  ) {}

  add(id: string, at: number, value: T, path: string): Located | null {
    const cur = this.alive.get(id);
    if (cur) return fail(path, `${this.noun} "${id}" already exists (${this.made} at steps[${cur.at}])`);
    this.alive.set(id, { at, value });
    this.gone.delete(id);
    return null;
  }

  get(id: string, path: string): { value: T } | Located {
    const cur = this.alive.get(id);
    if (cur) return { value: cur.value };
    const at = this.gone.get(id);
    const why = at === undefined ? `never ${this.made}` : `${this.unmade} at steps[${at}]`;
    return fail(path, `no ${this.noun} "${id}" (${why})`);
  }

  remove(id: string, at: number, path: string): Located | null {
    const got = this.get(id, path);
    if ('message' in got) return got;
    this.alive.delete(id);
    this.gone.set(id, at);
    return null;
  }
}

function isLocated(x: unknown): x is Located {
  return typeof x === 'object' && x !== null && 'message' in x;
}

/** The first semantic problem of a schema-valid scenario, or null. */
export function checkScenario(s: Scenario): Located | null {
  const m = s.machine;
  const bad = checkMachine(m);
  if (bad) return bad;
  const cpus = m.cpus ?? 8;
  const arch = m.arch ?? 'x86_64';
  const devices = new Registry<DeviceSpec>('device', 'added', 'removed');
  const vms = new Registry<null>('VM', 'launched', 'destroyed');
  const cpuExists = (path: string, c: number) =>
    c < cpus ? null : fail(path, `CPU ${c} does not exist (machine has ${cpus})`);

  for (let i = 0; i < s.steps.length; i++) {
    const st = s.steps[i];
    const at = `steps[${i}]`;
    let err: Located | null = null;
    switch (st.do) {
      case 'cpu.offline':
      case 'cpu.online':
        err = cpuExists(`${at}.cpu`, st.cpu);
        break;
      case 'device.add': {
        const { do: _do, ...spec } = st;
        if (spec.aliasOf !== undefined) {
          if (arch !== 'arm64') {
            err = fail(`${at}.aliasOf`, `DMA aliases share an ITS device: arm64 only (arch is ${arch})`);
          } else if (spec.aliasOf === spec.id) {
            err = fail(`${at}.aliasOf`, `a device cannot alias itself`);
          } else {
            const target = devices.get(spec.aliasOf, `${at}.aliasOf`);
            if (isLocated(target)) err = target;
          }
        }
        err ??= checkDeviceKernel(m, spec.type, `${at}.type`);
        err ??= devices.add(spec.id, i, spec, `${at}.id`);
        break;
      }
      case 'device.remove':
        err = devices.remove(st.id, i, `${at}.id`);
        break;
      case 'driver.bind':
      case 'driver.unbind': {
        const got = devices.get(st.device, `${at}.device`);
        if (isLocated(got)) err = got;
        break;
      }
      case 'irq.affinity':
      case 'irq.fire': {
        const got = devices.get(st.device, `${at}.device`);
        if (isLocated(got)) {
          err = got;
          break;
        }
        const n = deviceVectorCount(got.value);
        if (st.vector >= n) {
          err = fail(`${at}.vector`, `device "${st.device}" has no vector ${st.vector} (${describeDevice(got.value)})`);
          break;
        }
        if (st.do === 'irq.affinity') {
          for (let j = 0; j < st.cpus.length && !err; j++) err = cpuExists(`${at}.cpus[${j}]`, st.cpus[j]);
        }
        break;
      }
      case 'vm.launch':
        if (st.type === 'xen' && m.xen?.role !== 'dom0') {
          const now = m.xen ? `machine.xen.role is "${m.xen.role}"` : 'machine.xen is absent';
          err = fail(`${at}.type`, `a Xen guest needs the machine to be a Xen dom0 (${now})`);
          break;
        }
        err = vms.add(st.id, i, null, `${at}.id`);
        break;
      case 'vm.destroy':
        err = vms.remove(st.id, i, `${at}.id`);
        break;
    }
    if (err) return err;
  }
  return null;
}
