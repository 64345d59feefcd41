// fast-check arbitraries for valid scenario documents: random machines and step sequences that pass parseScenario.
import fc from 'fast-check';
import { SCENARIO_VERSION, STEP_KINDS, deviceVectorCount, type DeviceSpec, type Machine, type Scenario, type Step } from './schema';

export interface ScenarioArbOptions {
  /** Longest step list (default 40). */
  maxSteps?: number;
  /** Largest CPU count generated (default 64; the schema allows 8192). */
  maxCpus?: number;
  /** Restrict to one architecture. */
  arch?: 'x86_64' | 'arm64';
}

/** fc.record builds null-prototype objects; documents are plain JSON objects. */
function plain<T extends object>(o: T): T {
  return { ...o };
}

/** Effective CPU count of a machine (the doc's default is 8). */
export function machineCpus(m: Machine): number {
  return m.cpus ?? 8;
}

/** A valid machine: nodes and smt divide the CPUs, online lists CPU 0, options match the arch. */
export function arbMachine(opts: ScenarioArbOptions = {}): fc.Arbitrary<Machine> {
  const maxCpus = Math.max(1, Math.min(opts.maxCpus ?? 64, 8192));
  const archArb = opts.arch ? fc.constant(opts.arch) : fc.constantFrom('x86_64' as const, 'arm64' as const);
  return fc
    .record({
      arch: archArb,
      writeArch: fc.boolean(),
      nodes: fc.integer({ min: 1, max: Math.min(8, maxCpus) }),
      smt: fc.constantFrom(1 as const, 2 as const),
      coresWanted: fc.integer({ min: 1, max: maxCpus }),
      defaultCpus: fc.boolean(),
      writeNodes: fc.boolean(),
      writeSmt: fc.boolean(),
      onlineSeed: fc.option(fc.uniqueArray(fc.nat(), { maxLength: 16 }), { nil: undefined }),
    })
    .chain((r) => {
      const smt = r.nodes * 2 <= maxCpus ? r.smt : 1;
      const perNodeUnit = r.nodes * smt;
      const useDefault = r.defaultCpus && 8 % perNodeUnit === 0;
      const cores = Math.max(1, Math.min(Math.floor(maxCpus / perNodeUnit), Math.ceil(r.coresWanted / perNodeUnit)));
      const cpus = useDefault ? 8 : perNodeUnit * cores;
      const base: Machine = {};
      if (r.writeArch || r.arch === 'arm64') base.arch = r.arch;
      if (!useDefault) base.cpus = cpus;
      if (r.writeNodes || r.nodes !== 1) base.nodes = r.nodes;
      if (r.writeSmt || smt !== 1) base.smt = smt;
      if (r.onlineSeed) base.online = [0, ...new Set(r.onlineSeed.map((x) => x % cpus).filter((c) => c !== 0))];
      const archPart =
        r.arch === 'x86_64'
          ? fc.record(
              {
                ioapics: fc.integer({ min: 0, max: 8 }),
                remapping: fc.boolean(),
                xen: fc.record(
                  { role: fc.constantFrom('dom0' as const, 'hvm' as const, 'pv' as const), evtchnAbi: fc.constantFrom('2l' as const, 'fifo' as const) },
                  { requiredKeys: ['role'] },
                ).map(plain),
              },
              { requiredKeys: [] },
            ).map(plain)
          : fc.record(
              {
                gic: fc.record(
                  {
                    version: fc.constantFrom('v3' as const, 'v4.1' as const),
                    lpiBits: fc.integer({ min: 14, max: 24 }),
                    its: fc.integer({ min: 1, max: 4 }),
                  },
                  { requiredKeys: [] },
                ).map(plain),
              },
              { requiredKeys: [] },
            ).map(plain);
      // Only the knobs that apply to this kind of machine (validation refuses the others), and a
      // release every option generated here exists in (releases_validate.ts).
      const xenPossible = r.arch === 'x86_64';
      const kernelFor = (xen: boolean) =>
        fc
          .record(
            {
              version: fc.constantFrom(
                ...(xen ? ['3.15', '6.4', '7.0', 'v6.16'] : r.arch === 'arm64' ? ['5.10', '6.4', '6.5', '6.16', '7.0'] : ['4.14', '4.15', '5.10', '6.4', '6.5', '6.16', '7.0']),
              ),
              descriptors: fc.constantFrom('bitmap' as const, 'maple' as const),
              nrIrqs: fc.integer({ min: 16, max: 1 << 20 }),
              vectors: fc.constantFrom('legacy' as const, 'matrix' as const),
              itsFree: fc.constantFrom('bulk' as const, 'per-irq' as const, 'per-device' as const, 'region' as const),
              mappingRefcount: fc.boolean(),
              xenIrqs: fc.constantFrom('2011' as const, 'current' as const),
            },
            { requiredKeys: [] },
          )
          .map((k) => {
            const out: NonNullable<Machine['kernel']> = plain(k);
            if (r.arch === 'arm64' || xen) delete out.vectors;
            if (r.arch !== 'arm64') delete out.itsFree;
            if (!xen) delete out.xenIrqs;
            return out;
          });
      return fc
        .record({ a: archPart, k: fc.boolean() })
        .chain(({ a, k }) => {
          const xen = xenPossible && (a as Machine).xen !== undefined;
          return fc.option(kernelFor(xen), { nil: undefined }).map((kernel) => {
            const m: Machine = { ...base, ...a };
            if (k && kernel) m.kernel = kernel;
            return m;
          });
        });
    });
}

/** Raw choices that the interpreter below turns into one valid step given the state so far. */
const rawStep = fc.record({
  kind: fc.nat(9),
  a: fc.nat(),
  b: fc.nat(),
  c: fc.nat(),
  list: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
  flag: fc.boolean(),
  opt: fc.nat(29),
});
type RawStep = typeof rawStep extends fc.Arbitrary<infer T> ? T : never;

const KINDS = STEP_KINDS;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** Turns raw choices into steps that reference only live ids and existing CPUs and vectors. */
export function stepsFromChoices(m: Machine, raws: readonly RawStep[]): Step[] {
  const cpus = machineCpus(m);
  const arm = m.arch === 'arm64';
  const dom0 = m.xen?.role === 'dom0';
  const devices: { id: string; spec: DeviceSpec }[] = [];
  const vms: string[] = [];
  const goneDevices: string[] = [];
  const goneVms: string[] = [];
  let serial = 0;
  const steps: Step[] = [];
  for (const r of raws) {
    let kind: (typeof KINDS)[number] = KINDS[r.kind];
    const needsDevice = kind !== 'cpu.offline' && kind !== 'cpu.online' && kind !== 'device.add' && !kind.startsWith('vm.');
    if (needsDevice && devices.length === 0) kind = 'device.add';
    if (kind === 'vm.destroy' && vms.length === 0) kind = 'vm.launch';
    const dev = devices.length > 0 ? devices[r.a % devices.length] : undefined;
    switch (kind) {
      case 'cpu.offline':
      case 'cpu.online':
        steps.push({ do: kind, cpu: r.a % cpus });
        break;
      case 'device.add': {
        const type = (['nvme', 'nic', 'msi', 'intx'] as const)[r.a % 4];
        const reuse = r.flag && goneDevices.length > 0 ? goneDevices.splice(r.c % goneDevices.length, 1)[0] : undefined;
        const id = reuse ?? `${type}${serial++}`;
        const big = r.opt === 0;
        const common: { bdf?: string; bind?: boolean; aliasOf?: string } = {};
        if (r.opt % 3 === 0) common.bdf = `0000:${hex(r.c % 256, 2)}:${hex((r.c >> 8) % 32, 2)}.${(r.c >> 13) % 8}`;
        if (r.opt % 4 === 1) common.bind = r.flag;
        if (arm && dev && r.opt % 5 === 2) common.aliasOf = dev.id;
        let spec: DeviceSpec;
        if (type === 'nvme' || type === 'nic') spec = { id, type, queues: 1 + (r.b % (big ? 2048 : 64)), ...common };
        else if (type === 'msi') spec = { id, type, vectors: 1 + (r.b % 32), ...common };
        else {
          const pin = (['A', 'B', 'C', 'D'] as const)[r.b % 4];
          spec = r.flag ? { id, type, pin, slot: r.c % 32, ...common } : { id, type, pin, ...common };
        }
        steps.push({ do: 'device.add', ...spec } as Step);
        devices.push({ id, spec });
        break;
      }
      case 'device.remove': {
        const i = r.a % devices.length;
        steps.push({ do: 'device.remove', id: devices[i].id });
        goneDevices.push(devices[i].id);
        devices.splice(i, 1);
        break;
      }
      case 'driver.unbind':
      case 'driver.bind':
        steps.push({ do: kind, device: dev!.id });
        break;
      case 'irq.affinity':
        steps.push({
          do: 'irq.affinity',
          device: dev!.id,
          vector: r.b % deviceVectorCount(dev!.spec),
          cpus: r.list.map((x) => x % cpus),
        });
        break;
      case 'irq.fire':
        steps.push({ do: 'irq.fire', device: dev!.id, vector: r.b % deviceVectorCount(dev!.spec) });
        break;
      case 'vm.launch': {
        const reuse = r.flag && goneVms.length > 0 ? goneVms.splice(r.c % goneVms.length, 1)[0] : undefined;
        const id = reuse ?? `vm${serial++}`;
        steps.push({ do: 'vm.launch', id, vcpus: 1 + (r.b % 64), type: dom0 && r.opt % 2 === 0 ? 'xen' : 'kvm' });
        vms.push(id);
        break;
      }
      case 'vm.destroy': {
        const i = r.a % vms.length;
        steps.push({ do: 'vm.destroy', id: vms[i] });
        goneVms.push(vms[i]);
        vms.splice(i, 1);
        break;
      }
    }
  }
  return steps;
}

/** A valid scenario document: parseScenario accepts it unchanged. */
export function arbScenario(opts: ScenarioArbOptions = {}): fc.Arbitrary<Scenario> {
  const maxSteps = opts.maxSteps ?? 40;
  return fc
    .record({
      machine: arbMachine(opts),
      title: fc.option(fc.string({ unit: 'binary', maxLength: 100 }), { nil: undefined }),
      raws: fc.array(rawStep, { maxLength: maxSteps }),
    })
    .map(({ machine, title, raws }) => {
      const s: Scenario = { scenario: SCENARIO_VERSION, machine, steps: stepsFromChoices(machine, raws) };
      if (title !== undefined) s.title = title;
      return s;
    });
}
