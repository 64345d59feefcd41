// What the user built is never lost by opening something else: every scenario that is replaced
// (by a preset, a link, an import, "Start fresh", new machine settings) is kept in a short list
// of recent scenarios in localStorage, newest first, each as its link fragment, and can be
// reopened from the Recent menu or the bad-link screen.
import { createStore, useStore } from 'zustand';
import type { Scenario } from '../sim/scenario/schema';
import { encodeLink } from './engine/codec';

export const RECENT_KEY = 'irqscope.recent';
export const MAX_RECENT = 12;
/** Links longer than this are not copied into the list (the storage of a tab is ~5 MB). */
export const MAX_RECENT_CHARS = 400_000;

export interface RecentEntry {
  title: string;
  /** "x86_64 · 8 CPUs", for the list. */
  machine: string;
  steps: number;
  savedAt: number;
  fragment: string;
}

export const recentStore = createStore<{ entries: RecentEntry[] }>()(() => ({ entries: read() }));

export function useRecent<T>(sel: (s: { entries: RecentEntry[] }) => T): T {
  return useStore(recentStore, sel);
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function read(): RecentEntry[] {
  try {
    const raw = storage()?.getItem(RECENT_KEY);
    const list = raw ? (JSON.parse(raw) as unknown) : [];
    if (!Array.isArray(list)) return [];
    return list.filter(
      (e): e is RecentEntry =>
        !!e && typeof e === 'object' && typeof e.fragment === 'string' && e.fragment.startsWith('#s') && typeof e.title === 'string' && typeof e.savedAt === 'number',
    );
  } catch {
    return [];
  }
}

function write(entries: RecentEntry[]): boolean {
  const s = storage();
  if (!s) return false;
  // A full storage drops the oldest entries until the list fits.
  for (let n = entries.length; n >= 0; n--) {
    try {
      s.setItem(RECENT_KEY, JSON.stringify(entries.slice(0, n)));
      return n === entries.length;
    } catch {
      /* quota: try with fewer */
    }
  }
  return false;
}

function summary(s: Scenario): string {
  return `${s.machine.arch ?? 'x86_64'} · ${s.machine.cpus ?? 8} CPUs`;
}

/** Keeps `fragment` (the link of `s`) at the top of the list; false when storage could not hold it. */
export function rememberFragment(s: Pick<Scenario, 'title' | 'machine' | 'steps'>, fragment: string, now = Date.now()): boolean {
  if (fragment.length > MAX_RECENT_CHARS) return false;
  const entries = [
    { title: s.title ?? 'Untitled scenario', machine: summary(s as Scenario), steps: s.steps.length, savedAt: now, fragment },
    ...read().filter((e) => e.fragment !== fragment),
  ].slice(0, MAX_RECENT);
  const ok = write(entries);
  recentStore.setState({ entries: read() });
  return ok;
}

/** Keeps a scenario that is about to be replaced. */
export async function rememberScenario(s: Scenario): Promise<boolean> {
  try {
    return rememberFragment(s, await encodeLink(s));
  } catch {
    return false;
  }
}

export function forgetRecent(fragment: string): void {
  write(read().filter((e) => e.fragment !== fragment));
  recentStore.setState({ entries: read() });
}
