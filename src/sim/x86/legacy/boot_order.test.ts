// The v4.14 backend's vector grid at boot and during a move (issue 13 item 2): the ISA irqs
// the IO-APIC took over sit on CPU 0's 0x30-0x3f and are not moving.
import { describe, expect, it } from 'vitest';
import { createBackend } from '../../engine/backends';
import { Timeline } from '../../engine/timeline';
import type { Scenario } from '../../scenario/schema';
import { CELL } from '../../snapshot';

function scenario(steps: Scenario['steps'], remapping = true): Scenario {
  return {
    scenario: 2,
    title: 'v4.14 grid',
    machine: { arch: 'x86_64', cpus: 4, ioapics: 1, remapping, kernel: { version: '4.14' } },
    steps,
  } as Scenario;
}

function cellsOf(sc: Scenario, at: number) {
  const t = new Timeline(sc, createBackend);
  t.seek(at);
  return t.snapshot();
}

describe('v4.14 vector grid', () => {
  it('boots with the ISA irqs on CPU 0 only (setup_IO_APIC before smp_init), none moving', () => {
    const s = cellsOf(scenario([]), 0);
    const v = s.vectors!;
    expect(v.allocator).toBe('legacy');
    for (let cpu = 0; cpu < 4; cpu++) {
      for (let i = 0; i < 16; i++) {
        const cell = v.cells[cpu * 256 + 0x30 + i];
        expect(cell).not.toBe(CELL.moving);
        // irq 2 stays on the XT-PIC with the vector on every CPU (init_legacy_irqs).
        if (i === 2) expect(cell).toBe(CELL.legacy);
        else expect(cell).toBe(cpu === 0 ? CELL.allocated : CELL.free);
      }
    }
    expect(v.owner[0x30]).toBe(0);
  });

  it('paints only the old CPU of a pending move as moving', () => {
    // Without remapping the move waits for the next interrupt on the new vector.
    const steps = [
      { do: 'device.add', id: 'nic0', type: 'nic', queues: 1 },
      { do: 'irq.affinity', device: 'nic0', vector: 0, cpus: [2] },
      // The interrupt applies the pending move (irq_move_irq); the old vector waits for the
      // first interrupt on the new one.
      { do: 'irq.fire', device: 'nic0', vector: 0 },
    ] as Scenario['steps'];
    const s = cellsOf(scenario(steps, false), 3);
    const v = s.vectors!;
    const row = s.irqs.find((r) => r.device === 'nic0')!;
    const moving: number[] = [];
    for (let i = 0; i < v.cells.length; i++) if (v.cells[i] === CELL.moving) moving.push(i);
    expect(moving).toHaveLength(1);
    const [cell] = moving;
    expect(Math.floor(cell / 256)).toBe(0);
    expect(cell % 256).not.toBe(row.vector);
    expect(v.owner[cell]).toBe(row.irq);
    // The new vector on CPU 2 is an ordinary allocated cell.
    expect(v.cells[2 * 256 + row.vector]).toBe(CELL.allocated);
  });
});
