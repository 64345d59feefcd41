// Editing in the past, never silent: what Redo can put back, and the question asked before an
// edit drops later steps. Undo pushes the steps it removed; Redo puts them back while the
// scenario is still the one Undo left (any other edit starts a new history and clears Redo).
import { createStore, useStore } from 'zustand';
import type { Step } from '../../sim/scenario/schema';

export interface RedoEntry {
  /** The steps Undo left (Redo applies only while the scenario still has exactly these steps). */
  base: readonly Step[];
  /** The steps Undo removed, in order. */
  removed: readonly Step[];
  /** The position to show after Redo. */
  at: number;
}

/** What the user answers when an edit would drop later steps. */
export type DropAnswer = 'drop' | 'end' | 'keep';

export interface DropQuestion {
  /** The step an edit adds, or null for Undo. */
  step: Step | null;
  /** The position the edit happens at, and the steps there are in all. */
  at: number;
  total: number;
  /** Whether "do it at the end instead" makes sense (an added step can go last; an undo cannot). */
  canAppend: boolean;
  answer(a: DropAnswer): void;
}

interface HistoryState {
  redo: RedoEntry[];
  question: DropQuestion | null;
}

export const historyState = createStore<HistoryState>()(() => ({ redo: [], question: null }));

export function useHistory<T>(sel: (s: HistoryState) => T): T {
  return useStore(historyState, sel);
}

/** Asks before dropping steps at+1..total; one question at a time (a second one waits for the first). */
export function askToDrop(q: Omit<DropQuestion, 'answer'>): Promise<DropAnswer> {
  return new Promise((resolve) => {
    historyState.setState({
      question: {
        ...q,
        answer: (a) => {
          historyState.setState({ question: null });
          resolve(a);
        },
      },
    });
  });
}

export function pushRedo(e: RedoEntry): void {
  historyState.setState((s) => ({ redo: [...s.redo.slice(-49), e] }));
}

/** The entry Redo would apply to `steps`, or null (the scenario changed since the Undo). */
export function redoFor(steps: readonly Step[]): RedoEntry | null {
  const r = historyState.getState().redo;
  const top = r[r.length - 1];
  return top && sameSteps(top.base, steps) ? top : null;
}

/** The same step objects in the same order (steps are never mutated, only replaced). */
function sameSteps(a: readonly Step[], b: readonly Step[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function popRedo(): void {
  historyState.setState((s) => ({ redo: s.redo.slice(0, -1) }));
}

export function clearRedo(): void {
  if (historyState.getState().redo.length) historyState.setState({ redo: [] });
}
