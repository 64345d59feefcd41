// What a link carries besides the scenario (sim/scenario/view_link.ts): the step position, compare
// mode and its releases, the story open and its variant, the selected interrupt, the kernel text
// file. currentView() reads them off the stores; restoreView() puts them back after a link or a
// reload has loaded its scenario; followView() keeps the URL's view fields current.
import { withRelease } from '../sim/compare/compare';
import type { Scenario } from '../sim/scenario/schema';
import { encodeView, parseView, type LinkView } from '../sim/scenario/view_link';
import { startCompare } from './engine/actions';
import { compareState } from './engine/compare';
import { loadPresets } from './shell/presets';
import { compareWithVariant, setStory, storyState } from './shell/story-state';
import { uiStore } from './store';
import { setViewSource, viewChanged } from './url-state';

/** The text file shown when a link names none. */
const DEFAULT_TEXT = uiStore.getState().textPath;

export function currentView(): LinkView {
  const { scenario, snapshot, selectedIrq, textPath } = uiStore.getState();
  const view: LinkView = {};
  const total = scenario?.steps.length ?? 0;
  if (snapshot && snapshot.at < total) view.at = snapshot.at;
  const side = compareState.getState().side;
  const { story, comparedVariant } = storyState.getState();
  if (side) view.compare = [story && comparedVariant !== null ? `variant.${comparedVariant}` : (side.kernel.version ?? side.label)];
  if (story) view.story = { id: story.preset.id, variant: story.variant };
  if (selectedIrq !== null) view.irq = selectedIrq;
  if (textPath !== DEFAULT_TEXT) view.text = textPath;
  return view;
}

let following = false;

/** From now on the URL's view fields follow the stores. */
export function followView(): void {
  if (following) return;
  following = true;
  setViewSource(() => encodeView(currentView()));
  uiStore.subscribe((s, p) => {
    if (s.snapshot?.at !== p.snapshot?.at || s.selectedIrq !== p.selectedIrq || s.textPath !== p.textPath || s.scenario !== p.scenario) viewChanged();
  });
  compareState.subscribe(viewChanged);
  storyState.subscribe(viewChanged);
}

/**
 * Reads a link's view fields for `scenario`: the position to load at, and the scenario to load
 * (with "cmp=A,B" side A's release). Fields that do not read are named in `problems`.
 */
export function planView(scenario: Scenario, text: string): { view: LinkView; problems: string[]; scenario: Scenario } {
  const { view, problems } = parseView(text, scenario.steps.length);
  const a = view.compare?.length === 2 ? view.compare[0] : null;
  return { view, problems, scenario: a ? withRelease(scenario, a) : scenario };
}

/** Puts the rest of the view back once the scenario is loaded (at view.at): story, compare, selection, text file. */
export async function restoreView(view: LinkView, problems: string[]): Promise<void> {
  const issues = [...problems];
  if (view.irq !== undefined) uiStore.getState().selectIrq(view.irq);
  if (view.text) uiStore.getState().setTextPath(view.text);
  let story = null;
  if (view.story) {
    const preset = (await loadPresets()).find((p) => p.id === view.story!.id);
    if (!preset) issues.push(`story: there is no story "${view.story.id}"`);
    else if (!preset.variants[view.story.variant] && view.story.variant !== 0) issues.push(`story: "${preset.title}" has no variant ${view.story.variant}`);
    else {
      story = { preset, variant: view.story.variant };
      setStory(story);
    }
  }
  const b = view.compare ? view.compare[view.compare.length - 1] : null;
  if (b?.startsWith('variant.')) {
    const i = Number(b.slice('variant.'.length));
    if (!story) issues.push(`cmp: "${b}" names a story variant but the link opens no story`);
    else if (!story.preset.variants[i]) issues.push(`cmp: "${story.preset.title}" has no variant ${i}`);
    else await compareWithVariant(story.preset, i);
  } else if (b) await startCompare(b);
  if (issues.length) uiStore.getState().alert(`Part of this link's view was not restored (the scenario opened as shared): ${issues.join('; ')}.`);
}
