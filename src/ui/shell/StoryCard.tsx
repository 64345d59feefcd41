// The title card of an opened preset: the kernel change and its thread, what the current
// step shows, the explanation at the end, and the same story on the other kernel releases
// (or the unmerged proposal) one click away.
import { loadScenario } from '../engine/actions';
import { useCompare } from '../engine/compare';
import { useUiNow } from '../store';
import { storyScenario, type OpenStory } from './presets';
import { compareWithVariant, variantLabel } from './story-state';
import { storyCaption } from './story-caption';

export function StoryCard({ story, onClose, onOpen }: { story: OpenStory; onClose(): void; onOpen(s: OpenStory): void }) {
  const at = useUiNow((s) => s.snapshot?.at ?? 0);
  const total = useUiNow((s) => s.scenario?.steps.length ?? 0);
  const { preset, variant } = story;
  const atEnd = at >= total && total > 0;
  const label = preset.variants[variant]?.label;
  const others = preset.variants.map((v, i) => ({ v, i })).filter((x) => x.i !== variant);
  const caption = storyCaption(preset.captions, at, useUiNow((s) => s.outcomes[at - 1]), useUiNow((s) => s.scenario?.steps[at - 1]));
  const comparing = useCompare((s) => s.side !== null);
  // Before and after: the variant open and the next one (or the previous, for the last).
  const ib = variant + 1 < preset.variants.length ? variant + 1 : variant - 1;
  const pair = !comparing && ib >= 0 && ib !== variant ? { ia: Math.min(variant, ib), ib: Math.max(variant, ib), a: preset.variants[Math.min(variant, ib)], b: preset.variants[Math.max(variant, ib)] } : null;
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
        <progress className="story-progress" max={Math.max(1, total)} value={at} aria-label="Story progress" aria-valuetext={`step ${at} of ${total}`} />
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
        {pair ? (
          <button
            type="button"
            title={`The story under ${pair.a.label} and ${pair.b.label} side by side, in lockstep.`}
            onClick={async () => {
              if (!(await loadScenario(await storyScenario(preset, pair.ia), at))) return;
              onOpen({ preset, variant: pair.ia });
              await compareWithVariant(preset, pair.ib);
            }}
          >
            Compare {pair.a.release} and {variantLabel(preset, pair.ib)}
          </button>
        ) : null}
        <button type="button" aria-label="Close the story" onClick={onClose}>
          ×
        </button>
      </div>
    </section>
  );
}
