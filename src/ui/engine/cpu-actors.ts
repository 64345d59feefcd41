// The CPU hotplug machines of the page, one per CPU, created on first use: a click on a
// CPU switch goes through its machine (online -> goingOffline -> offline | refused ...).
import { createActor, type ActorRefFrom } from 'xstate';
import { cpuHotplugMachine } from '../../machines/cpu_hotplug';
import { applyStepActor } from './lifecycles';

const machine = cpuHotplugMachine.provide({ actors: { applyStep: applyStepActor } });
const actors = new Map<number, ActorRefFrom<typeof machine>>();

export function cpuActor(cpu: number, online: boolean): ActorRefFrom<typeof machine> {
  let a = actors.get(cpu);
  if (!a) {
    a = createActor(machine, { input: { cpu, online } });
    a.start();
    actors.set(cpu, a);
  }
  return a;
}

/** Toggles a CPU through its machine; resolves when the kernel has decided (offline, online or refused). */
export function toggleCpu(cpu: number, online: boolean): Promise<void> {
  const a = cpuActor(cpu, online);
  a.send({ type: 'SYNC', online });
  if (a.getSnapshot().value === 'refused') a.send({ type: 'DISMISS' });
  a.send({ type: 'TOGGLE' });
  return new Promise((resolve) => {
    const sub = a.subscribe((s) => {
      if (s.value !== 'goingOffline' && s.value !== 'goingOnline') {
        sub.unsubscribe();
        resolve();
      }
    });
  });
}
