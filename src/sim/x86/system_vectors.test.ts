import { describe, expect, it } from 'vitest';
import { Session } from '../engine/session';
import type { Scenario } from '../scenario/schema';
import { CELL } from '../snapshot';
import { systemVectorName } from './system_vectors';

describe('systemVectorName (arch/x86/include/asm/irq_vectors.h)', () => {
  it('names the current release\'s system vectors', () => {
    expect(systemVectorName(0xec)).toBe('LOCAL_TIMER_VECTOR');
    expect(systemVectorName(0xfc)).toBe('CALL_FUNCTION_VECTOR');
    expect(systemVectorName(0xfb)).toBe('CALL_FUNCTION_SINGLE_VECTOR');
    expect(systemVectorName(0xfd)).toBe('RESCHEDULE_VECTOR');
    expect(systemVectorName(0xff)).toBe('SPURIOUS_APIC_VECTOR');
    expect(systemVectorName(0xfe)).toBe('ERROR_APIC_VECTOR');
    expect(systemVectorName(0xf6)).toBe('IRQ_WORK_VECTOR');
    expect(systemVectorName(0xf2)).toBe('POSTED_INTR_VECTOR');
    expect(systemVectorName(0xef)).toBe('MANAGED_IRQ_SHUTDOWN_VECTOR');
    expect(systemVectorName(0xeb)).toBe('POSTED_MSI_NOTIFICATION_VECTOR');
    expect(systemVectorName(0x80)).toBe('IA32_SYSCALL_VECTOR');
    // 0xf5 is unused since UV_BAU_MESSAGE went; 0x20 is a device vector since v6.6.
    expect(systemVectorName(0xf5)).toBeNull();
    expect(systemVectorName(0x20)).toBeNull();
    expect(systemVectorName(0x40)).toBeNull();
    expect(systemVectorName(256)).toBeNull();
  });

  it('follows the release: the local timer moved and vectors came and went', () => {
    expect(systemVectorName(0xef, '4.14')).toBe('LOCAL_TIMER_VECTOR');
    expect(systemVectorName(0xec, '4.14')).toBeNull();
    expect(systemVectorName(0x20, '4.14')).toBe('IRQ_MOVE_CLEANUP_VECTOR');
    expect(systemVectorName(0xef, '4.15')).toBe('MANAGED_IRQ_SHUTDOWN_VECTOR');
    expect(systemVectorName(0xee, '4.15')).toBe('LOCAL_TIMER_VECTOR');
    // 4.16 (irq_vectors.h of 4.16.13): Hyper-V reenlightenment at 0xee, the local timer at 0xed.
    expect(systemVectorName(0xee, '4.16')).toBe('HYPERV_REENLIGHTENMENT_VECTOR');
    expect(systemVectorName(0xed, '4.16')).toBe('LOCAL_TIMER_VECTOR');
    expect(systemVectorName(0xec, '4.16')).toBeNull();
    expect(systemVectorName(0xed, '4.17')).toBe('HYPERV_STIMER0_VECTOR');
    expect(systemVectorName(0xec, '6.4')).toBe('LOCAL_TIMER_VECTOR');
    expect(systemVectorName(0x20, '6.5')).toBe('IRQ_MOVE_CLEANUP_VECTOR');
    expect(systemVectorName(0x20, '6.6')).toBeNull();
    expect(systemVectorName(0xeb, '6.9')).toBeNull();
    expect(systemVectorName(0xeb, '6.10')).toBe('POSTED_MSI_NOTIFICATION_VECTOR');
  });

  it('puts the names in the vector grid the UI tooltips read, per the machine\'s release', () => {
    const grid = (version: string) => {
      const sc = { scenario: 2, machine: { cpus: 2, kernel: { version } }, steps: [] } as unknown as Scenario;
      const s = new Session();
      const r = s.run({ kind: 'load', scenario: sc });
      if (!r.ok) throw new Error(r.message);
      return r.state.snapshot.vectors!;
    };
    const now = grid('7.0');
    expect(now.cells[0xec]).toBe(CELL.system);
    expect(now.systemNames![0xec]).toBe('LOCAL_TIMER_VECTOR');
    expect(now.systemNames![0xfd]).toBe('RESCHEDULE_VECTOR');
    const old = grid('4.14');
    expect(old.allocator).toBe('legacy');
    expect(old.cells[0xef]).toBe(CELL.system);
    expect(old.systemNames![0xef]).toBe('LOCAL_TIMER_VECTOR');
  });
});
