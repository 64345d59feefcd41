// The UI's one store (zustand): the latest engine snapshot, the event stream, and what the
// user has selected or hovered. Components render from selectors; canvases subscribe.
import { createContext, useContext, useDeferredValue } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { OutcomeDelta } from '../sim/engine/session';
import type { Snapshot, StepOutcome } from '../sim/snapshot';
import type { Scenario } from '../sim/scenario/schema';

/** What the pointer is over, shared by every view so hovering links them all. */
export interface HoverTarget {
  irq: number | null;
  cpu: number | null;
  vector: number | null;
  device: string | null;
  domain: string | null;
}

export interface UiState {
  /** The scenario whose replay the engine holds (the source of truth; the URL carries it). */
  scenario: Scenario | null;
  snapshot: Snapshot | null;
  /** Outcome of every step applied so far (the worker sends only what changed). */
  outcomes: StepOutcome[];
  selectedIrq: number | null;
  hover: HoverTarget;
  /** Current text view path in the debugfs pane. */
  textPath: string;
  theme: 'light' | 'dark' | 'system';
  /** Errors to announce (role alert), newest last. */
  alerts: Array<{ id: number; message: string }>;
}

export interface UiActions {
  setScenario(s: Scenario): void;
  /** A new state from the engine: the snapshot, and the change to the step outcomes. */
  setState(s: Snapshot, outcomes: OutcomeDelta): void;
  selectIrq(irq: number | null): void;
  setHover(h: Partial<HoverTarget> | null): void;
  setTextPath(p: string): void;
  setTheme(t: UiState['theme']): void;
  alert(message: string): void;
  dismissAlert(id: number): void;
}

const NO_HOVER: HoverTarget = { irq: null, cpu: null, vector: null, device: null, domain: null };
let alertSeq = 0;

export type UiStore = StoreApi<UiState & UiActions>;

function setStepState(st: UiState, snapshot: Snapshot, d: OutcomeDelta): Partial<UiState> {
  if (d.items.length === 0 && d.length === st.outcomes.length) return { snapshot };
  const outcomes = st.outcomes.slice(0, Math.min(d.from, d.length));
  for (const o of d.items) outcomes.push(o);
  outcomes.length = d.length;
  return { snapshot, outcomes };
}

export const uiStore: UiStore = createStore<UiState & UiActions>()((set) => ({
  scenario: null,
  snapshot: null,
  outcomes: [],
  selectedIrq: null,
  hover: NO_HOVER,
  textPath: '/sys/kernel/debug/irq/domains/VECTOR',
  theme: 'system',
  alerts: [],
  setScenario: (scenario) => set({ scenario }),
  setState: (snapshot, d) => set((st) => setStepState(st, snapshot, d)),
  selectIrq: (selectedIrq) => set({ selectedIrq }),
  setHover: (h) => set((st) => ({ hover: h ? { ...st.hover, ...h } : NO_HOVER })),
  setTextPath: (textPath) => set({ textPath }),
  setTheme: (theme) => set({ theme }),
  alert: (message) => set((st) => ({ alerts: [...st.alerts, { id: ++alertSeq, message }] })),
  dismissAlert: (id) => set((st) => ({ alerts: st.alerts.filter((a) => a.id !== id) })),
}));

/**
 * The store of another engine shown beside the main one (compare mode): its own scenario,
 * snapshot and outcomes; what the user points at, selects and reads (hover, selection, text
 * file, theme, alerts) is the main store's, so both sides stay linked.
 */
export function createSideStore(): { store: UiStore; dispose(): void } {
  const main = uiStore.getState();
  const store = createStore<UiState & UiActions>()((set) => ({
    scenario: null,
    snapshot: null,
    outcomes: [],
    selectedIrq: main.selectedIrq,
    hover: main.hover,
    textPath: main.textPath,
    theme: main.theme,
    alerts: [],
    setScenario: (scenario) => set({ scenario }),
    setState: (snapshot, d) => set((st) => setStepState(st, snapshot, d)),
    selectIrq: (irq) => uiStore.getState().selectIrq(irq),
    setHover: (h) => uiStore.getState().setHover(h),
    setTextPath: (p) => uiStore.getState().setTextPath(p),
    setTheme: (t) => uiStore.getState().setTheme(t),
    alert: (m) => uiStore.getState().alert(m),
    dismissAlert: (id) => uiStore.getState().dismissAlert(id),
  }));
  const dispose = uiStore.subscribe((m) => {
    const s = store.getState();
    if (s.hover !== m.hover || s.selectedIrq !== m.selectedIrq || s.textPath !== m.textPath || s.theme !== m.theme) {
      store.setState({ hover: m.hover, selectedIrq: m.selectedIrq, textPath: m.textPath, theme: m.theme });
    }
  });
  return { store, dispose };
}

/** Which store the views below read: the main one, or a side of compare mode. */
export const StoreContext = createContext<UiStore>(uiStore);

export function useUiStore(): UiStore {
  return useContext(StoreContext);
}

/**
 * A component's view of the store. The value is deferred: when a new snapshot arrives React
 * first keeps showing the previous one, then renders the new one as a transition, in slices
 * that yield to the browser, so a big machine never blocks the main thread in one long task.
 */
export function useUi<T>(selector: (s: UiState & UiActions) => T): T {
  return useDeferredValue(useStore(useContext(StoreContext), selector));
}

/**
 * The store as it is now, for controls (timeline position, dialogs, alerts): an input whose
 * value lagged behind would lose the user's keystrokes.
 */
export function useUiNow<T>(selector: (s: UiState & UiActions) => T): T {
  return useStore(useContext(StoreContext), selector);
}
