// The lifecycle machines (src/machines) wired to the engine, as React hooks: each gives the
// state to show and the events a control sends. Snapshot changes (replay, scrub, undo) are
// fed back with SYNC so a machine never disagrees with the engine.
import { useActorRef, useSelector } from '@xstate/react';
import { useEffect } from 'react';
import { fromPromise } from 'xstate';
import { cpuHotplugMachine } from '../../machines/cpu_hotplug';
import { driverMachine } from '../../machines/driver';
import { playbackMachine } from '../../machines/playback';
import { vmMachine } from '../../machines/vm';
import type { Step } from '../../sim/scenario/schema';
import type { ApplyResult } from '../../machines/apply';
import { uiStore } from '../store';
import { appendStepOutcome, seek } from './actions';

export const applyStepActor = fromPromise<ApplyResult, Step>(({ input }) => appendStepOutcome(input));

const cpuMachine = cpuHotplugMachine.provide({ actors: { applyStep: applyStepActor } });
const drvMachine = driverMachine.provide({ actors: { applyStep: applyStepActor } });
const guestMachine = vmMachine.provide({ actors: { applyStep: applyStepActor } });
export const livePlaybackMachine = playbackMachine.provide({
  actors: {
    seekTo: fromPromise<number, { at: number }>(async ({ input }) => {
      await seek(input.at);
      return uiStore.getState().snapshot?.at ?? input.at;
    }),
  },
});

/** One CPU's hotplug switch: `state` is online | goingOffline | offline | goingOnline | refused. */
export function useCpuHotplug(cpu: number, online: boolean) {
  const ref = useActorRef(cpuMachine, { input: { cpu, online } });
  useEffect(() => ref.send({ type: 'SYNC', online }), [ref, online]);
  const state = useSelector(ref, (s) => s.value as string);
  const reason = useSelector(ref, (s) => s.context.reason);
  return {
    state,
    reason,
    busy: state === 'goingOffline' || state === 'goingOnline',
    toggle: () => ref.send({ type: 'TOGGLE' }),
    dismiss: () => ref.send({ type: 'DISMISS' }),
  };
}

/** A device's driver: `state` is bound | unbinding | unbound | probing | failed. */
export function useDriver(device: string, bound: boolean) {
  const ref = useActorRef(drvMachine, { input: { device, bound } });
  useEffect(() => ref.send({ type: 'SYNC', bound }), [ref, bound]);
  const state = useSelector(ref, (s) => s.value as string);
  const error = useSelector(ref, (s) => s.context.error);
  return { state, error, bind: () => ref.send({ type: 'BIND' }), unbind: () => ref.send({ type: 'UNBIND' }) };
}

export type VmStart = { id: string; vcpus: number; type: 'kvm' | 'xen'; state: 'launch' | 'running' | 'failed' | 'destroyed'; error?: string };

/** A guest: `state` is launching | running | failed | destroying | destroyed. */
export function useVm(vm: VmStart, shown: 'running' | 'failed' | 'destroyed' | 'absent' | null) {
  const ref = useActorRef(guestMachine, { input: vm });
  useEffect(() => {
    if (shown) ref.send({ type: 'SYNC', state: shown });
  }, [ref, shown]);
  const state = useSelector(ref, (s) => s.value as string);
  const error = useSelector(ref, (s) => s.context.error);
  return { state, error, destroy: () => ref.send({ type: 'DESTROY' }) };
}
