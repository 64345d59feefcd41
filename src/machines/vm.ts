// A guest's lifecycle (virt/kvm, drivers/xen): launching (its vCPUs' interrupt resources
// are allocated on the host: vPEs and doorbells, descriptors, event channels), running,
// failed (the kernel's error, e.g. "VPE IRQ allocation failure"), destroying, destroyed.
import { assign, setup } from 'xstate';
import { applyStep, kept, refusal, succeeded } from './apply';

export interface VmContext {
  id: string;
  vcpus: number;
  type: 'kvm' | 'xen';
  error: string;
  /** Where the machine starts: the user's Launch, or a state the snapshot already shows. */
  from: 'launch' | 'running' | 'failed' | 'destroyed';
}

export type VmEvent = { type: 'DESTROY' } | { type: 'SYNC'; state: 'running' | 'failed' | 'destroyed' | 'absent'; error?: string };

export const vmMachine = setup({
  types: {
    context: {} as VmContext,
    events: {} as VmEvent,
    input: {} as { id: string; vcpus: number; type: 'kvm' | 'xen'; state?: 'launch' | 'running' | 'failed' | 'destroyed'; error?: string },
  },
  actors: { applyStep },
  guards: {
    fromLaunch: ({ context }) => context.from === 'launch',
    fromFailed: ({ context }) => context.from === 'failed',
    fromDestroyed: ({ context }) => context.from === 'destroyed',
  },
}).createMachine({
  id: 'vm',
  context: ({ input }) => ({
    id: input.id,
    vcpus: input.vcpus,
    type: input.type,
    error: input.error ?? '',
    from: input.state ?? 'launch',
  }),
  initial: 'init',
  states: {
    // Entered from a snapshot (replay, a shared link) or by the user's Launch.
    init: {
      always: [
        { guard: 'fromLaunch', target: 'launching' },
        { guard: 'fromFailed', target: 'failed' },
        { guard: 'fromDestroyed', target: 'destroyed' },
        { target: 'running' },
      ],
    },
    launching: {
      entry: assign({ error: '' }),
      invoke: {
        src: 'applyStep',
        input: ({ context }) => ({ do: 'vm.launch' as const, id: context.id, vcpus: context.vcpus, type: context.type }),
        onDone: [
          { guard: kept, target: 'destroyed' },
          { guard: succeeded, target: 'running' },
          { target: 'failed', actions: assign({ error: ({ event }) => refusal(event.output) }) },
        ],
        onError: { target: 'failed', actions: assign({ error: 'the engine could not run the launch' }) },
      },
    },
    running: {
      on: {
        DESTROY: 'destroying',
        SYNC: [
          { guard: ({ event }) => event.state === 'failed', target: 'failed', actions: assign({ error: ({ event }) => event.error ?? '' }) },
          { guard: ({ event }) => event.state === 'destroyed' || event.state === 'absent', target: 'destroyed' },
        ],
      },
    },
    failed: {
      on: {
        DESTROY: 'destroying',
        SYNC: [
          { guard: ({ event }) => event.state === 'running', target: 'running', actions: assign({ error: '' }) },
          { guard: ({ event }) => event.state === 'destroyed' || event.state === 'absent', target: 'destroyed' },
        ],
      },
    },
    destroying: {
      invoke: {
        src: 'applyStep',
        input: ({ context }) => ({ do: 'vm.destroy' as const, id: context.id }),
        onDone: [
          { guard: kept, target: 'running' },
          { guard: succeeded, target: 'destroyed' },
          { target: 'running', actions: assign({ error: ({ event }) => refusal(event.output) }) },
        ],
        onError: 'running',
      },
    },
    destroyed: { type: 'final' },
  },
});
