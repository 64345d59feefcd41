// Compare mode's second kernel: its own engine worker (so both replay in parallel, off the
// page's thread) and its own store (createSideStore: hover, selection and text file shared
// with the main one). actions.ts sends it every request the main engine gets, with the
// scenario under the side's release; this module only owns its lifetime.
import { createStore, useStore } from 'zustand';
import { withKernel, type KernelSpec } from '../../sim/compare/compare';
import type { Scenario } from '../../sim/scenario/schema';
import { createSideStore, uiStore, type UiStore } from '../store';
import { spawnRealWorker } from './client';
import { EngineLink } from './link';
import type { Received } from './received';

export interface CompareSide {
  /** What side B runs: "6.4", or "7.0 + mappingRefcount (proposal)". */
  label: string;
  /** Its kernel: a release and any explicit policy settings. */
  kernel: KernelSpec;
  store: UiStore;
  link: EngineLink;
  dispose(): void;
}

export const compareState = createStore<{ side: CompareSide | null }>()(() => ({ side: null }));

export function useCompare<T>(sel: (s: { side: CompareSide | null }) => T): T {
  return useStore(compareState, sel);
}

export function compareSide(): CompareSide | null {
  return compareState.getState().side;
}

/** Starts side B's engine (replacing any earlier one); the caller loads its scenario. */
export function openSide(label: string, kernel: KernelSpec): CompareSide {
  closeSide();
  const { store, dispose } = createSideStore();
  const link = new EngineLink({
    spawn: spawnRealWorker,
    onCrash: (reason) => {
      uiStore.getState().alert(`The engine of Kernel ${label} stopped (${reason}); comparing ends, your scenario is kept.`);
      closeSide();
    },
  });
  // Side B's scenario is always the main one under B's release.
  const follow = uiStore.subscribe((m, prev) => {
    if (m.scenario && m.scenario !== prev.scenario) store.getState().setScenario(withKernel(m.scenario, kernel));
  });
  const main = uiStore.getState().scenario;
  if (main) store.getState().setScenario(withKernel(main, kernel));
  const side: CompareSide = {
    label,
    kernel,
    store,
    link,
    dispose() {
      follow();
      dispose();
      link.dispose();
    },
  };
  compareState.setState({ side });
  return side;
}

export function closeSide(): void {
  const side = compareState.getState().side;
  if (!side) return;
  compareState.setState({ side: null });
  side.dispose();
}

/** The scenario as side B runs it. */
export function sideScenario(side: CompareSide, s: Scenario): Scenario {
  return withKernel(s, side.kernel);
}

export function showSide(side: CompareSide, r: Received): void {
  side.store.getState().setState(r.snapshot, r.outcomes);
}
