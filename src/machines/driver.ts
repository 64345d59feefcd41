// A device driver's binding (drivers/base/dd.c): probing (the driver requests its
// interrupts: pci_alloc_irq_vectors, request_irq), bound, unbinding (free_irq,
// pci_free_irq_vectors), unbound, failed (the probe's error, e.g. -ENOSPC).
import { assign, setup } from 'xstate';
import { applyStep, kept, refusal, succeeded } from './apply';

export interface DriverContext {
  device: string;
  error: string;
  /** Bound when the machine was created (from the snapshot). */
  wasBound: boolean;
}

export type DriverEvent = { type: 'BIND' } | { type: 'UNBIND' } | { type: 'SYNC'; bound: boolean };

export const driverMachine = setup({
  types: {
    context: {} as DriverContext,
    events: {} as DriverEvent,
    input: {} as { device: string; bound: boolean },
  },
  actors: { applyStep },
  guards: {
    syncBound: ({ event }) => event.type === 'SYNC' && event.bound,
    syncUnbound: ({ event }) => event.type === 'SYNC' && !event.bound,
  },
}).createMachine({
  id: 'driver',
  context: ({ input }) => ({ device: input.device, error: '', wasBound: input.bound }),
  initial: 'init',
  states: {
    init: {
      always: [{ guard: ({ context }) => context.wasBound, target: 'bound' }, { target: 'unbound' }],
    },
    probing: {
      entry: assign({ error: '' }),
      invoke: {
        src: 'applyStep',
        input: ({ context }) => ({ do: 'driver.bind' as const, device: context.device }),
        onDone: [
          { guard: kept, target: 'unbound' },
          { guard: succeeded, target: 'bound' },
          { target: 'failed', actions: assign({ error: ({ event }) => refusal(event.output) }) },
        ],
        onError: { target: 'failed', actions: assign({ error: 'the engine could not run the probe' }) },
      },
    },
    bound: {
      entry: assign({ error: '' }),
      on: { UNBIND: 'unbinding', SYNC: { guard: 'syncUnbound', target: 'unbound' } },
    },
    unbinding: {
      invoke: {
        src: 'applyStep',
        input: ({ context }) => ({ do: 'driver.unbind' as const, device: context.device }),
        onDone: [
          { guard: kept, target: 'bound' },
          { guard: succeeded, target: 'unbound' },
          { target: 'bound', actions: assign({ error: ({ event }) => refusal(event.output) }) },
        ],
        onError: 'bound',
      },
    },
    unbound: {
      entry: assign({ error: '' }),
      on: { BIND: 'probing', SYNC: { guard: 'syncBound', target: 'bound' } },
    },
    failed: {
      on: { BIND: 'probing', SYNC: { guard: 'syncBound', target: 'bound' } },
    },
  },
});
