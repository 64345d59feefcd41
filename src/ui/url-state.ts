// The scenario in the URL and in localStorage: the hash always carries the current scenario
// (history.replaceState on each change, so Back leaves the app instead of undoing), and the
// last scenario survives a reload. Reading at boot decides what the first screen shows.
import { createStore, useStore } from 'zustand';
import type { Scenario } from '../sim/scenario/schema';
import { splitView } from '../sim/scenario/view_link';
import { decodeLink, encodeLink } from './engine/codec';
import { uiStore } from './store';

export const STORAGE_KEY = 'irqscope.scenario';
export const THEME_KEY = 'irqscope.theme';

/** A small interesting machine, running on the first screen. */
export const DEFAULT_SCENARIO: Scenario = {
  scenario: 2,
  title: 'A small x86 server: 8 CPUs, an NVMe drive and a NIC',
  machine: { arch: 'x86_64', cpus: 8 },
  steps: [
    { do: 'device.add', id: 'nvme0', type: 'nvme', queues: 8 },
    { do: 'device.add', id: 'eth0', type: 'nic', queues: 4 },
  ],
};

export type BootSource = 'link' | 'stored' | 'default';

export interface LinkState {
  /** The message of a link that could not be opened (the bad-link screen), or null. */
  badLink: { message: string; path: string } | null;
  source: BootSource | null;
  /** The last fragment written to the URL. */
  fragment: string;
}

export const linkState = createStore<LinkState>()(() => ({ badLink: null, source: null, fragment: '' }));

export function useLinkState<T>(sel: (s: LinkState) => T): T {
  return useStore(linkState, sel);
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The view fields ("at=3&cmp=6.4…") after the scenario in a link or fragment, or ''. */
export function viewText(fragment: string): string {
  return splitView(fragment.replace(/^[^#]*#/, '')).view;
}

/**
 * What to show first: the link in the URL, else the stored scenario (with the view it was left
 * in: a reload keeps the position, the story, compare mode), else the default.
 */
export async function readInitialScenario(): Promise<{ scenario: Scenario; source: BootSource; view: string } | { bad: { message: string; path: string } }> {
  const hash = location.hash;
  if (hash && hash !== '#') {
    const r = await decodeLink(hash);
    if (r.ok) return { scenario: r.scenario, source: 'link', view: viewText(hash) };
    return { bad: { message: r.message, path: r.path } };
  }
  const stored = storage()?.getItem(STORAGE_KEY);
  if (stored) {
    const r = await decodeLink(stored);
    if (r.ok) return { scenario: r.scenario, source: 'stored', view: viewText(stored) };
    storage()?.removeItem(STORAGE_KEY);
  }
  return { scenario: DEFAULT_SCENARIO, source: 'default', view: '' };
}

// The URL is the scenario's fragment (encoded when the scenario changes, in the codec worker)
// followed by the view's fields (cheap, rewritten when the view changes: see view-link.ts).
let scenarioFragment = '';
let viewSource: () => string = () => '';
let viewTimer: ReturnType<typeof setTimeout> | null = null;

/** Where the view fields come from (view-link.ts registers itself; kept apart to avoid an import cycle). */
export function setViewSource(fn: () => string): void {
  viewSource = fn;
}

/** The hash irqscope last wrote or took as the page's own (a link opened). */
let ownHash: string | null = null;

/** A link put in the address bar is being opened: its hash is the page's own from now on. */
export function adoptHash(hash: string): void {
  ownHash = hash;
}

function writeFragment(): void {
  if (!scenarioFragment) return;
  // Someone else changed the hash (a link pasted into the address bar while a write was
  // pending): never overwrite it; the hashchange handler opens it and adopts it.
  if (ownHash !== null && location.hash !== ownHash && location.hash !== '') return;
  const fragment = scenarioFragment + viewSource();
  if (fragment !== location.hash) history.replaceState(history.state, '', fragment);
  ownHash = location.hash;
  linkState.setState({ fragment });
  try {
    storage()?.setItem(STORAGE_KEY, fragment);
  } catch {
    // Storage full or disabled: the URL still carries it; say so once.
    if (!storageWarned) {
      storageWarned = true;
      uiStore
        .getState()
        .alert('The browser storage is full or disabled: your scenario lives only in the address bar now. Share or bookmark its link to keep it.');
    }
  }
}

/** The view changed (position, compare, story, selection, text file): rewrite the URL soon (coalesced while playing or scrubbing). */
export function viewChanged(): void {
  if (viewTimer) return;
  viewTimer = setTimeout(() => {
    viewTimer = null;
    writeFragment();
  }, 250);
}

let writing: Promise<void> = Promise.resolve();
let storageWarned = false;
let wanted: Scenario | null = null;

/** Writes the scenario into the hash and localStorage (coalesced: only the latest is encoded). */
export function persistScenario(s: Scenario): Promise<void> {
  const first = wanted === null;
  wanted = s;
  if (!first) return writing;
  writing = writing.then(async () => {
    // Let bursts of changes (playback, quick clicks) settle into one write.
    await new Promise((r) => setTimeout(r, 120));
    const sc = wanted;
    wanted = null;
    if (!sc) return;
    try {
      scenarioFragment = await encodeLink(sc);
      writeFragment();
    } catch (e) {
      uiStore.getState().alert(`Could not write the link: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  return writing;
}

/** Follows the store's scenario into the URL from now on; returns the unsubscribe. */
export function followScenario(): () => void {
  const now = uiStore.getState().scenario;
  if (now) void persistScenario(now);
  return uiStore.subscribe((st, prev) => {
    if (st.scenario && st.scenario !== prev.scenario) void persistScenario(st.scenario);
  });
}

/** The full link of the current scenario and view (encoded now, not from the possibly stale hash). */
export async function shareUrl(s: Scenario): Promise<string> {
  const fragment = await encodeLink(s);
  return location.href.split('#')[0] + fragment + viewSource();
}

/** The scenario link kept in localStorage, if any. */
export function storedFragment(): string | null {
  try {
    return storage()?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

/** Drops the bad link from the URL and forgets the stored scenario. */
export function clearLink(): void {
  history.replaceState(history.state, '', location.pathname + location.search);
  scenarioFragment = '';
  ownHash = null;
  storage()?.removeItem(STORAGE_KEY);
  linkState.setState({ badLink: null, fragment: '' });
}

export function loadThemeChoice(): 'light' | 'dark' | 'system' {
  const t = storage()?.getItem(THEME_KEY);
  return t === 'light' || t === 'dark' ? t : 'system';
}

export function saveThemeChoice(t: 'light' | 'dark' | 'system'): void {
  try {
    if (t === 'system') storage()?.removeItem(THEME_KEY);
    else storage()?.setItem(THEME_KEY, t);
  } catch {
    /* ignore */
  }
}
