// The title card of a preset: the kernel change it tells, what to watch, and at the end the
// same story under the other policy, one click away.
import { useEffect, useState } from 'react';
import { loadScenario } from '../engine/actions';
import { useUi } from '../store';
import { loadPresets, type PresetInfo } from './presets';

export function StoryCard({ preset, onClose, onOpen }: { preset: PresetInfo; onClose(): void; onOpen(p: PresetInfo): void }) {
  const at = useUi((s) => s.snapshot?.at ?? 0);
  const total = useUi((s) => s.scenario?.steps.length ?? 0);
  const [other, setOther] = useState<PresetInfo | null>(null);
  useEffect(() => {
    void loadPresets().then((all) => setOther(all.find((p) => p.id === preset.counterpart) ?? null));
  }, [preset]);
  const atEnd = at >= total && total > 0;
  return (
    <section className="story" aria-label="Story">
      <div>
        <h2>{preset.title}</h2>
        {preset.story ? <p>{preset.story}</p> : null}
        {preset.explanation && atEnd ? <p className="muted">{preset.explanation}</p> : null}
        <p className="muted small">{at === 0 ? 'Press ▶ Play in the timeline to run the story one step at a time.' : atEnd ? 'The story is complete.' : `Step ${at} of ${total}.`}</p>
      </div>
      <div className="story-actions">
        {other && atEnd ? (
          <button
            type="button"
            className="primary"
            onClick={async () => {
              if (await loadScenario(other.scenario, 0)) onOpen(other);
            }}
          >
            The same story: {other.title}
          </button>
        ) : null}
        <button type="button" aria-label="Close the story" onClick={onClose}>
          ×
        </button>
      </div>
    </section>
  );
}
