// The story open on screen (a preset and its kernel variant), in a store so that links can
// carry it and restore it, and the variant compare mode runs beside it (if any).
import { createStore, useStore } from 'zustand';
import { startCompare } from '../engine/actions';
import { compareState } from '../engine/compare';
import { storyScenario, type OpenStory, type Preset } from './presets';

interface StoryState {
  story: OpenStory | null;
  /** The story variant side B of compare mode runs, when it was opened as one. */
  comparedVariant: number | null;
}

export const storyState = createStore<StoryState>()(() => ({ story: null, comparedVariant: null }));

export function useStory(): OpenStory | null {
  return useStore(storyState, (s) => s.story);
}

export function setStory(story: OpenStory | null): void {
  storyState.setState({ story });
}

// Compare mode ended: side B no longer runs a variant.
compareState.subscribe((s) => {
  if (!s.side && storyState.getState().comparedVariant !== null) storyState.setState({ comparedVariant: null });
});

/** What side B is called when it runs variant `i` of the story: its release, or "7.0 + proposal". */
export function variantLabel(p: Preset, i: number): string {
  const v = p.variants[i];
  return v.proposal ? `${v.release} + proposal` : v.release;
}

/** Starts compare mode with variant `i` of the story as side B. Resolves true when it shows. */
export async function compareWithVariant(p: Preset, i: number): Promise<boolean> {
  const v = p.variants[i];
  if (!v) return false;
  const kernel = (await storyScenario(p, i)).machine.kernel;
  const ok = await startCompare(v.release, kernel, variantLabel(p, i));
  if (ok) storyState.setState({ comparedVariant: i });
  return ok;
}
