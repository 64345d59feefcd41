// The title card of an opened preset: the kernel change and its thread, what the current
// step shows, the explanation at the end, and the same story on the other kernel releases
// (or the unmerged proposal) one click away.
import { loadScenario } from '../engine/actions';
import { useUiNow } from '../store';
import { storyScenario, type OpenStory } from './presets';

export function StoryCard({ story, onClose, onOpen }: { story: OpenStory; onClose(): void; onOpen(s: OpenStory): void }) {
  const at = useUiNow((s) => s.snapshot?.at ?? 0);
  const total = useUiNow((s) => s.scenario?.steps.length ?? 0);
  const { preset, variant } = story;
  const atEnd = at >= total && total > 0;
  const label = preset.variants[variant]?.label;
  const others = preset.variants.map((v, i) => ({ v, i })).filter((x) => x.i !== variant);
  const caption = at > 0 ? preset.captions[at - 1] : null;
  return (
    <section className="story" aria-label="Story">
      <div>
        <h2>
          {preset.title}
          {label ? <span className="muted"> — {label}</span> : null}
        </h2>
        <p>
          {preset.change} <span className="muted small">({preset.thread})</span>
        </p>
        <p className="caption" aria-live="polite">
          {at === 0
            ? 'Press ▶ in the timeline to play the story one step at a time.'
            : `Step ${at} of ${total}${caption ? `: ${caption}` : ''}`}
        </p>
        {atEnd ? <p className="story-explanation">{preset.explanation}</p> : null}
      </div>
      <div className="story-actions">
        {atEnd
          ? others.map(({ v, i }) => (
              <button
                key={v.label}
                type="button"
                className="primary"
                title={v.proposal ? 'A proposal that was never merged: the kernel is counterfactual.' : `The same steps on Linux ${v.release}.`}
                onClick={async () => {
                  if (await loadScenario(await storyScenario(preset, i), 0)) onOpen({ preset, variant: i });
                }}
              >
                Same story, {v.label}
              </button>
            ))
          : null}
        <button type="button" aria-label="Close the story" onClick={onClose}>
          ×
        </button>
      </div>
    </section>
  );
}
