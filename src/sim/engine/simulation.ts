// The engine: one machine built from a scenario's `machine`, changed only by its steps.
// Arch-neutral: PCI devices and their drivers, VMs and CPU hotplug requests are turned into
// the genirq-level calls of an ArchBackend (x86, arm64, Xen), whose answers are the kernel's.
import { topologyFor, type CpuTopology } from '../core/affinity';
import { EBUSY, EEXIST, EINVAL, ENODEV, ENOENT, errnoName } from '../lib/errno';
import type { MachineConfig, Step } from '../scenario/schema';
import type { Snapshot, StepOutcome, Summary, VmRow } from '../snapshot';
import { BdfAllocator, parseBdf, requesterId } from '../pci/pci';
import { disposeIntx, mapIntx, probe, unbind, type DeviceState } from '../pci/drivers';
import type { ArchBackend, Result } from './backend';
import { refused, OK } from './backend';
import { EventRecorder } from './recorder';

/** A guest as the engine tracks it: exactly what the snapshot shows. */
export type VmState = VmRow;

export type BackendFactory = (cfg: MachineConfig, recorder: EventRecorder, topology: CpuTopology) => ArchBackend;

export class Simulation {
  readonly cfg: MachineConfig;
  readonly topology: CpuTopology;
  readonly recorder: EventRecorder;
  readonly backend: ArchBackend;
  readonly devices = new Map<string, DeviceState>();
  readonly vms = new Map<string, VmState>();
  readonly bdfs = new BdfAllocator();
  readonly outcomes: StepOutcome[] = [];

  constructor(cfg: MachineConfig, makeBackend: BackendFactory, recorder = new EventRecorder()) {
    this.cfg = cfg;
    this.recorder = recorder;
    this.topology = topologyFor(cfg.cpus, cfg.nodes, cfg.smt);
    recorder.step = -1;
    this.backend = makeBackend(cfg, recorder, this.topology);
  }

  get stepsApplied(): number {
    return this.outcomes.length;
  }

  /** Applies the next step; a refused step is recorded with the kernel's error. */
  apply(step: Step): StepOutcome {
    const index = this.outcomes.length;
    this.recorder.step = index;
    let result: Result;
    try {
      result = this.run(step);
    } catch (err) {
      // An engine defect must not lose the state: record it as a failed step.
      result = refused(0, `internal error: ${(err as Error).message}`, 'irqscope engine defect; please report it');
    }
    const warnings = this.recorder.warningsOf(index).length;
    const outcome: StepOutcome = result.ok
      ? { index, do: step.do, ok: true, warnings }
      : { index, do: step.do, ok: false, error: result.error, reason: result.reason, warnings };
    if (!result.ok && result.message) outcome.message = result.message;
    // Outcomes never change once made: frozen, every checkpoint shares them (lib/clone.ts).
    Object.freeze(outcome);
    if (!result.ok) {
      const text = result.message ? `${result.error}: ${result.message}` : result.error;
      this.recorder.emit({ type: 'failure', site: step.do, errno: result.errno, message: text });
    }
    this.outcomes.push(outcome);
    return outcome;
  }

  private run(step: Step): Result {
    switch (step.do) {
      case 'cpu.offline':
        return this.backend.cpuOffline(step.cpu);
      case 'cpu.online':
        return this.backend.cpuOnline(step.cpu);
      case 'device.add':
        return this.addDevice(step);
      case 'device.remove':
        return this.removeDevice(step.id);
      case 'driver.unbind': {
        const dev = this.devices.get(step.device);
        if (!dev) return noDevice(step.device);
        if (!dev.bound) return refused(-ENODEV, '-ENODEV', `${step.device} has no driver bound (driver core: device_release_driver has nothing to do)`);
        unbind(this.backend, dev);
        return OK;
      }
      case 'driver.bind': {
        const dev = this.devices.get(step.device);
        if (!dev) return noDevice(step.device);
        if (dev.bound) return refused(-EBUSY, errnoName(-EBUSY), `${step.device} is already bound to its driver`);
        return probe(this.backend, dev, this.topology, this.cfg.kernel.affinity);
      }
      case 'irq.affinity': {
        const irq = this.irqOf(step.device, step.vector);
        if (!irq.ok) return irq;
        return this.backend.setAffinity(irq.value, step.cpus);
      }
      case 'irq.fire': {
        const irq = this.irqOf(step.device, step.vector);
        if (!irq.ok) return irq;
        return this.backend.fire(irq.value);
      }
      case 'vm.launch': {
        const prev = this.vms.get(step.id);
        if (prev && prev.state === 'running') return refused(-EBUSY, errnoName(-EBUSY), `VM ${step.id} is already running`);
        const r = this.backend.vmLaunch(step.id, step.vcpus, step.type);
        this.vms.set(step.id, {
          id: step.id,
          type: step.type,
          vcpus: step.vcpus,
          state: r.ok ? 'running' : 'failed',
          error: r.ok ? undefined : r.error,
          cost: r.ok ? r.value : 0,
        });
        return r.ok ? OK : r;
      }
      case 'vm.destroy': {
        const vm = this.vms.get(step.id);
        if (!vm || vm.state !== 'running') {
          return refused(-ENOENT, '-ENOENT', `VM ${step.id} is not running`);
        }
        this.backend.vmDestroy(step.id);
        vm.state = 'destroyed';
        return OK;
      }
    }
  }

  private addDevice(step: Extract<Step, { do: 'device.add' }>): Result {
    const { do: _do, ...spec } = step;
    if (this.devices.has(spec.id)) return refused(-EEXIST, '-EEXIST', `a device named ${spec.id} already exists`);
    let bdf = spec.bdf;
    if (bdf && this.bdfs.has(bdf)) return refused(-EEXIST, '-EEXIST', `PCI address ${bdf} is already taken`);
    if (bdf) this.bdfs.take(bdf);
    else bdf = this.bdfs.next();
    const dev: DeviceState = {
      spec,
      fn: { id: spec.id, bdf, rid: requesterId(parseBdf(bdf)), aliasOf: spec.aliasOf ?? null },
      bound: false,
      irqs: [],
      line: -1,
    };
    this.devices.set(spec.id, dev);
    const mapped = mapIntx(this.backend, dev);
    if (!mapped.ok) return mapped;
    if (spec.bind === false) return OK;
    return probe(this.backend, dev, this.topology, this.cfg.kernel.affinity);
  }

  private removeDevice(id: string): Result {
    const dev = this.devices.get(id);
    if (!dev) return noDevice(id);
    if (dev.bound) unbind(this.backend, dev);
    disposeIntx(this.backend, dev);
    this.bdfs.release(dev.fn.bdf);
    this.devices.delete(id);
    return OK;
  }

  private irqOf(device: string, vector: number): Result<number> {
    const dev = this.devices.get(device);
    if (!dev) return noDevice(device);
    if (!dev.bound) return refused(-ENODEV, '-ENODEV', `${device} has no driver bound, so it has no interrupts`);
    if (vector >= dev.irqs.length) {
      return refused(
        -EINVAL,
        '-EINVAL',
        `${device} was granted ${dev.irqs.length} vector(s); vector ${vector} does not exist`,
      );
    }
    return { ok: true, value: dev.irqs[vector] };
  }

  /** The state as the outside world sees it (the UI, the command line). */
  snapshot(total = this.outcomes.length): Snapshot {
    const s: Snapshot = {
      at: this.outcomes.length,
      total,
      arch: this.cfg.arch,
      xen: this.cfg.xen !== null,
      cpus: {
        possible: this.cfg.cpus,
        online: new Uint8Array(this.cfg.cpus),
        node: Uint16Array.from(this.topology.nodes.flatMap((cpus, node) => cpus.map(() => node))),
        core: new Uint32Array(this.cfg.cpus),
        load: new Uint32Array(this.cfg.cpus),
      },
      descriptors: { policy: this.cfg.kernel.descriptors, limit: 0, nrIrqs: 0, allocated: 0, ranges: new Int32Array(0) },
      irqs: [],
      domains: [],
      devices: [...this.devices.values()].map((d) => ({
        id: d.spec.id,
        type: d.spec.type,
        bdf: d.fn.bdf,
        bound: d.bound,
        irqs: [...d.irqs],
        detail: deviceDetail(d),
      })),
      vms: [...this.vms.values()].map((v) => ({ ...v })),
      textViews: this.backend.textViews(),
    };
    this.topology.nodes.forEach((cpus, node) => cpus.forEach((c) => (s.cpus.node[c] = node)));
    this.topology.siblings.forEach((cpus, core) => cpus.forEach((c) => (s.cpus.core[c] = core)));
    this.backend.fillSnapshot(s);
    const owner = new Map<number, { id: string; index: number; placedBy?: string }>();
    for (const d of this.devices.values()) d.irqs.forEach((irq, index) => owner.set(irq, { id: d.spec.id, index, placedBy: d.placedBy?.[index] }));
    for (const row of s.irqs) {
      const o = owner.get(row.irq);
      if (o) {
        row.device = o.id;
        row.index = o.index;
        if (o.placedBy) row.placedBy = o.placedBy;
      }
    }
    return s;
  }

  /** The JSON summary of scenario-format.md, for the state a snapshot shows (the command line's output). */
  summary(s: Snapshot = this.snapshot()): Summary {
    const online: number[] = [];
    s.cpus.online.forEach((v, cpu) => v && online.push(cpu));
    const warnings: Summary['warnings'] = [];
    const log: Summary['log'] = [];
    const store = this.recorder.store;
    // Problem events only (WARNs, failures, err/warn lines): indexed, never a scan of every event.
    for (const e of store.problems(store.start, store.seqOfStep(this.outcomes.length))) {
      if (e.step >= 0 && (e.type === 'warning' || (e.type === 'log' && e.level === 'warn'))) warnings.push({ step: e.step, message: e.message });
      // The kernel's own err/warn lines, boot (step -1) included.
      if (e.type === 'log' && (e.level === 'err' || e.level === 'warn')) log.push({ step: e.step, level: e.level, site: e.site, message: e.message });
    }
    const rk = this.cfg.release;
    const kernel: Summary['kernel'] = {
      version: rk.release,
      counterfactual: rk.counterfactual,
      overrides: rk.overrides.map((o) => ({ knob: o.knob, value: o.value, release: o.release })),
    };
    if (rk.why) kernel.why = rk.why;
    const out: Summary = {
      steps: this.outcomes.map((o) =>
        o.ok ? { do: o.do, ok: true } : o.message ? { do: o.do, ok: false, error: o.error, message: o.message } : { do: o.do, ok: false, error: o.error },
      ),
      cpus: { possible: s.cpus.possible, online },
      descriptors: { allocated: s.descriptors.allocated, limit: s.descriptors.limit },
      vms: [...this.vms.values()].map((v) => ({ id: v.id, state: v.state })),
      warnings,
      log,
      kernel,
    };
    if (s.vectors) {
      out.vectors = {
        online_maps: s.vectors.onlineMaps,
        global_available: s.vectors.globalAvailable,
        global_reserved: s.vectors.globalReserved,
        total_allocated: s.vectors.totalAllocated,
      };
    }
    if (s.lpis) {
      let free = 0;
      for (let i = 1; i < s.lpis.freeRanges.length; i += 2) free += s.lpis.freeRanges[i];
      out.lpis = { allocated: s.lpis.end - s.lpis.first - free, free };
    }
    if (s.xenState) out.evtchns = { bound: s.xenState.channels.length, limit: s.xenState.limit };
    return out;
  }
}

function noDevice(id: string) {
  return refused(-ENODEV, '-ENODEV', `no device named ${id}`);
}

function deviceDetail(d: DeviceState): string {
  const s = d.spec;
  const n = d.irqs.length;
  if (!d.bound && s.type !== 'intx') {
    const wants = s.type === 'nvme' ? `1 admin + ${s.queues} managed queues` : s.type === 'nic' ? `${s.queues} queues` : `Multi-MSI ${s.vectors}`;
    return `${s.type === 'nvme' ? 'NVMe' : s.type === 'nic' ? 'NIC' : 'MSI device'}, no driver bound: no interrupts (its driver asks for ${wants})`;
  }
  switch (s.type) {
    case 'nvme':
      return `NVMe, MSI-X ${n} (1 admin + ${Math.max(0, n - 1)} managed queues of ${s.queues})`;
    case 'nic':
      return `NIC, MSI-X ${n} of ${s.queues} queues`;
    case 'msi':
      return `Multi-MSI ${n} of ${s.vectors}`;
    case 'intx':
      return `INT${s.pin} → line ${d.line >= 0 ? `irq ${d.line}` : 'unmapped'}`;
  }
}
