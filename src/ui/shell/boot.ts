// Starting the page: the engine worker, the theme choice, then the scenario of the link
// (or the stored one, or the default machine), and from then on the URL follows the store.
import { stopCompare, tryLoadScenario } from '../engine/actions';
import { setStory } from './story-state';
import { connectEngine } from '../engine/client';
import { decodeLink } from '../engine/codec';
import { rememberFragment } from '../recent';
import { uiStore } from '../store';
import type { Scenario } from '../../sim/scenario/schema';
import { DEFAULT_SCENARIO, adoptHash, clearLink, followScenario, linkState, loadThemeChoice, readInitialScenario, storedFragment, viewText, type BootSource } from '../url-state';
import { followView, planView, restoreView } from '../view-link';

let following: (() => void) | null = null;

function follow(): void {
  following ??= followScenario();
  followView();
}

export async function boot(): Promise<void> {
  uiStore.getState().setTheme(loadThemeChoice());
  connectEngine();
  window.addEventListener('hashchange', () => void openHash());
  const init = await readInitialScenario();
  if ('bad' in init) {
    linkState.setState({ badLink: init.bad, source: 'link' });
    return;
  }
  const plan = planView(init.scenario, init.view);
  const r = await tryLoadScenario(plan.scenario, plan.view.at);
  if (!r.ok && r.down) {
    // The engine died or hung while replaying: the scenario is fine, and it is kept. The
    // crash banner offers the restart, which replays it.
    keepUnloaded(plan.scenario, init.source);
    return;
  }
  if (!r.ok) {
    if (init.source === 'link') {
      linkState.setState({ badLink: { message: r.message, path: '' }, source: 'link' });
      return;
    }
    // A stored scenario this engine no longer accepts: start from the default machine.
    clearLink();
    await tryLoadScenario(DEFAULT_SCENARIO);
    linkState.setState({ source: 'default' });
  } else {
    linkState.setState({ source: init.source });
    await restoreView(plan.view, plan.problems);
  }
  follow();
}

/** A valid scenario the engine could not finish: hold it, so "Restart engine" replays it. */
function keepUnloaded(s: Scenario, source: BootSource): void {
  uiStore.getState().setScenario(s);
  linkState.setState({ badLink: null, source });
  follow();
}

/** A link pasted into the address bar of the open page. */
async function openHash(): Promise<void> {
  const hash = location.hash;
  adoptHash(hash);
  // Back to the link of the scenario still open (after a bad one): just show it again.
  if (hash && hash === linkState.getState().fragment) {
    if (linkState.getState().badLink) linkState.setState({ badLink: null });
    return;
  }
  if (!hash) return;
  const r = await decodeLink(hash);
  if (!r.ok) {
    linkState.setState({ badLink: { message: r.message, path: r.path } });
    return;
  }
  const plan = planView(r.scenario, viewText(hash));
  // A new link: what the old one had open (its story, its compare mode) goes.
  setStory(null);
  stopCompare();
  const loaded = await tryLoadScenario(plan.scenario, plan.view.at);
  if (!loaded.ok && loaded.down) keepUnloaded(plan.scenario, 'link');
  else if (!loaded.ok) linkState.setState({ badLink: { message: loaded.message, path: '' } });
  else {
    linkState.setState({ badLink: null, source: 'link' });
    await restoreView(plan.view, plan.problems);
    follow();
  }
}

/** "Back to your scenario" after a bad link pasted over an open one: its link again. */
export function backFromBadLink(): void {
  const fragment = linkState.getState().fragment;
  if (fragment) {
    history.replaceState(history.state, '', fragment);
    adoptHash(location.hash);
  }
  linkState.setState({ badLink: null });
}

/** "Start fresh" after a bad link: the default machine, and a clean URL. The stored scenario goes to the recent list first. */
export async function startFresh(): Promise<void> {
  const stored = storedFragment();
  if (stored) {
    const r = await decodeLink(stored);
    if (r.ok) rememberFragment(r.scenario, stored);
  }
  clearLink();
  const r = await tryLoadScenario(DEFAULT_SCENARIO);
  if (!r.ok) uiStore.getState().alert(`The default machine failed to load: ${r.message}`);
  linkState.setState({ source: 'default', badLink: null });
  follow();
}

/** Another scenario replaced a bad link (a preset): the URL follows it from now on. */
export function leaveBadLink(): void {
  if (linkState.getState().badLink) linkState.setState({ badLink: null, source: 'link' });
  follow();
}
