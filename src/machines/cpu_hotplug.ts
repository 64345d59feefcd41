// One CPU's hotplug as the user sees it (kernel/cpu.c: cpu_device_down / cpu_device_up):
// online, goingOffline, offline, goingOnline, and refused with the kernel's reason (e.g.
// "CPU 3 has 175 vectors, 69 available. Cannot disable CPU" from irq_matrix_reserve /
// lapic_can_unplug_cpu). SYNC follows the snapshot when the state changes by replay.
import { assign, setup } from 'xstate';
import { applyStep, kept, refusal, succeeded } from './apply';

export interface CpuHotplugContext {
  cpu: number;
  /** The kernel's refusal, while in `refused`. */
  reason: string;
  /** Whether the CPU is online while refused (a refused offline leaves it online). */
  online: boolean;
}

export type CpuHotplugEvent = { type: 'TOGGLE' } | { type: 'DISMISS' } | { type: 'SYNC'; online: boolean };

export const cpuHotplugMachine = setup({
  types: {
    context: {} as CpuHotplugContext,
    events: {} as CpuHotplugEvent,
    input: {} as { cpu: number; online: boolean },
  },
  actors: { applyStep },
  delays: { forget: 12_000 },
  guards: {
    syncOffline: ({ event }) => event.type === 'SYNC' && !event.online,
    syncOnline: ({ event }) => event.type === 'SYNC' && event.online,
    wasOnline: ({ context }) => context.online,
  },
}).createMachine({
  id: 'cpuHotplug',
  context: ({ input }) => ({ cpu: input.cpu, reason: '', online: input.online }),
  initial: 'init',
  states: {
    init: {
      always: [{ guard: 'wasOnline', target: 'online' }, { target: 'offline' }],
    },
    online: {
      entry: assign({ online: true, reason: '' }),
      on: {
        TOGGLE: 'goingOffline',
        SYNC: { guard: 'syncOffline', target: 'offline' },
      },
    },
    goingOffline: {
      invoke: {
        src: 'applyStep',
        input: ({ context }) => ({ do: 'cpu.offline' as const, cpu: context.cpu }),
        onDone: [
          { guard: kept, target: 'online' },
          { guard: succeeded, target: 'offline' },
          { target: 'refused', actions: assign({ reason: ({ event }) => refusal(event.output), online: true }) },
        ],
        onError: 'online',
      },
    },
    offline: {
      entry: assign({ online: false, reason: '' }),
      on: {
        TOGGLE: 'goingOnline',
        SYNC: { guard: 'syncOnline', target: 'online' },
      },
    },
    goingOnline: {
      invoke: {
        src: 'applyStep',
        input: ({ context }) => ({ do: 'cpu.online' as const, cpu: context.cpu }),
        onDone: [
          { guard: kept, target: 'offline' },
          { guard: succeeded, target: 'online' },
          { target: 'refused', actions: assign({ reason: ({ event }) => refusal(event.output), online: false }) },
        ],
        onError: 'offline',
      },
    },
    refused: {
      on: {
        TOGGLE: [{ guard: 'wasOnline', target: 'goingOffline' }, { target: 'goingOnline' }],
        DISMISS: [{ guard: 'wasOnline', target: 'online' }, { target: 'offline' }],
        SYNC: [
          { guard: ({ context, event }) => event.online !== context.online && event.online, target: 'online' },
          { guard: ({ context, event }) => event.online !== context.online && !event.online, target: 'offline' },
        ],
      },
      after: { forget: [{ guard: 'wasOnline', target: 'online' }, { target: 'offline' }] },
    },
  },
});
