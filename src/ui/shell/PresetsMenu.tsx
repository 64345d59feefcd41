// The presets: each a guided story (title card: the kernel change, its version, the mail
// thread), opened at the booted machine under the chosen kernel variant, then played.
import { useEffect, useState } from 'react';
import { loadScenario } from '../engine/actions';
import { Dialog } from './Dialog';
import { loadPresets, storyScenario, type OpenStory, type Preset } from './presets';

export function PresetsMenu({ onOpened }: { onOpened(s: OpenStory): void }) {
  const [open, setOpen] = useState(false);
  const [presets, setPresets] = useState<readonly Preset[] | null>(null);
  const [chosen, setChosen] = useState('');
  const [variant, setVariant] = useState(0);
  useEffect(() => {
    if (open && !presets) void loadPresets().then(setPresets);
  }, [open, presets]);
  const pick = presets?.find((p) => p.id === chosen) ?? presets?.[0];

  const submit = async () => {
    if (!pick) return;
    const v = Math.min(variant, Math.max(0, pick.variants.length - 1));
    // Open at the booted machine: the story is then played step by step.
    const ok = await loadScenario(await storyScenario(pick, v), 0);
    if (ok) {
      onOpened({ preset: pick, variant: v });
      setOpen(false);
    }
  };

  return (
    <>
      <button type="button" onClick={() => setOpen(true)} title="Stories from the kernel mailing lists, ready to play.">
        Presets
      </button>
      <Dialog title="Presets" open={open} onClose={() => setOpen(false)} onSubmit={submit} submitLabel="Open story">
        {presets === null ? (
          <p>Loading…</p>
        ) : (
          <div className="presets">
            <div role="radiogroup" aria-label="Story" className="preset-list">
              {presets.map((p) => (
                <label key={p.id} className={`preset ${pick?.id === p.id ? 'preset-chosen' : ''}`}>
                  <input
                    type="radio"
                    name="preset"
                    value={p.id}
                    checked={pick?.id === p.id}
                    onChange={() => {
                      setChosen(p.id);
                      setVariant(0);
                    }}
                  />
                  <span>{p.title}</span>
                </label>
              ))}
            </div>
            {pick ? (
              <div className="preset-card">
                <h3>{pick.title}</h3>
                <p>{pick.change}</p>
                <p className="muted small">{pick.thread}</p>
                <p className="muted small">
                  {pick.scenario.machine.arch ?? 'x86_64'} · {pick.scenario.machine.cpus ?? 8} CPUs · {pick.scenario.steps.length} steps
                </p>
                {pick.variants.length > 0 ? (
                  <fieldset>
                    <legend>Kernel release</legend>
                    {pick.variants.map((v, i) => (
                      <label key={v.label} className="check" title={v.proposal ? 'A proposal that was never merged: the kernel is counterfactual.' : `Linux ${v.release}`}>
                        <input type="radio" name="variant" checked={variant === i} onChange={() => setVariant(i)} /> {v.label}
                      </label>
                    ))}
                  </fieldset>
                ) : null}
              </div>
            ) : null}
          </div>
        )}
      </Dialog>
    </>
  );
}
