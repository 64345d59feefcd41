// Chooses the ArchBackend a machine is built with.
import type { CpuTopology } from '../core/affinity';
import { formatList } from '../lib/bitmap';
import { ENOSYS } from '../lib/errno';
import type { MachineConfig } from '../scenario/schema';
import type { Snapshot } from '../snapshot';
import type { ArchBackend, Result } from './backend';
import { refused } from './backend';
import type { EventRecorder } from './recorder';
import { XenBackend } from '../xen/backend';
import { Arm64Backend } from '../arm64/backend';

export function createBackend(cfg: MachineConfig, recorder: EventRecorder, topology: CpuTopology): ArchBackend {
  if (cfg.xen) return new XenBackend(cfg, recorder, topology);
  if (cfg.arch === 'arm64') return new Arm64Backend(cfg, recorder, topology);
  return new UnmodelledBackend(cfg);
}

/** A machine whose interrupt architecture the engine does not model yet: refuses every step. */
class UnmodelledBackend implements ArchBackend {
  readonly arch: 'x86_64' | 'arm64';
  private readonly online: Uint8Array;

  constructor(private readonly cfg: MachineConfig) {
    this.arch = cfg.arch;
    this.online = new Uint8Array(cfg.cpus);
    for (const c of cfg.online) this.online[c] = 1;
  }

  private no(): Result<never> {
    const what = this.cfg.xen ? `Xen ${this.cfg.xen.role}` : this.cfg.arch;
    return refused(-ENOSYS, '-ENOSYS', `irqscope does not model ${what} machines yet`);
  }

  cpuOffline = () => this.no();
  cpuOnline = () => this.no();
  msiAlloc = () => this.no();
  msiFree(): void {}
  intxMap = () => this.no();
  intxDispose(): void {}
  requestIrq = () => this.no();
  freeIrq(): void {}
  setAffinity = () => this.no();
  fire = () => this.no();
  vmLaunch = () => this.no();
  vmDestroy(): void {}

  fillSnapshot(s: Snapshot): void {
    s.cpus.online.set(this.online);
  }
  textViews(): string[] {
    return ['/sys/devices/system/cpu/online'];
  }
  text(path: string): string | null {
    if (path !== '/sys/devices/system/cpu/online') return null;
    return `${formatList(this.cfg.online)}\n`;
  }
}
