// Chooses the ArchBackend a machine is built with.
import type { CpuTopology } from '../core/affinity';
import type { MachineConfig } from '../scenario/schema';
import type { ArchBackend } from './backend';
import type { EventRecorder } from './recorder';
import { XenBackend } from '../xen/backend';
import { X86Backend } from '../x86/backend';
import { X86LegacyBackend } from '../x86/legacy/backend';
import { Arm64Backend } from '../arm64/backend';

export function createBackend(cfg: MachineConfig, recorder: EventRecorder, topology: CpuTopology): ArchBackend {
  if (cfg.xen) return new XenBackend(cfg, recorder, topology);
  if (cfg.arch === 'arm64') return new Arm64Backend(cfg, recorder, topology);
  if (cfg.kernel.vectors === 'matrix') return new X86Backend(cfg, recorder, topology);
  return new X86LegacyBackend(cfg, recorder, topology);
}
