// The presets: each a guided story (title card with the kernel change, then play step by
// step with captions), loaded as a new scenario.
import { useEffect, useState } from 'react';
import { loadScenario } from '../engine/actions';
import { Dialog } from './Dialog';
import { loadPresets, type PresetInfo } from './presets';

export function PresetsMenu({ onOpened }: { onOpened(p: PresetInfo): void }) {
  const [open, setOpen] = useState(false);
  const [presets, setPresets] = useState<PresetInfo[] | null>(null);
  const [chosen, setChosen] = useState<string>('');
  useEffect(() => {
    if (open && !presets) void loadPresets().then(setPresets);
  }, [open, presets]);
  const pick = presets?.find((p) => p.id === chosen) ?? presets?.[0];

  const submit = async () => {
    if (!pick) return;
    // Open at the booted machine: the story is then played step by step.
    const ok = await loadScenario(pick.scenario, 0);
    if (ok) {
      onOpened(pick);
      setOpen(false);
    }
  };

  return (
    <>
      <button type="button" onClick={() => setOpen(true)} title="Stories from the kernel mailing lists, ready to play.">
        Presets
      </button>
      <Dialog title="Presets" open={open} onClose={() => setOpen(false)} onSubmit={submit} submitLabel="Open preset">
        {presets === null ? (
          <p>Loading…</p>
        ) : presets.length === 0 ? (
          <p>No presets are available in this build.</p>
        ) : (
          <div className="presets">
            <div role="radiogroup" aria-label="Preset" className="preset-list">
              {presets.map((p) => (
                <label key={p.id} className={`preset ${pick?.id === p.id ? 'preset-chosen' : ''}`}>
                  <input type="radio" name="preset" value={p.id} checked={pick?.id === p.id} onChange={() => setChosen(p.id)} />
                  <span>{p.title}</span>
                </label>
              ))}
            </div>
            {pick ? (
              <div className="preset-card">
                <h3>{pick.title}</h3>
                {pick.story ? <p>{pick.story}</p> : null}
                {pick.explanation ? <p className="muted">{pick.explanation}</p> : null}
                <p className="muted small">
                  {pick.scenario.machine.arch ?? 'x86_64'} · {pick.scenario.machine.cpus ?? 8} CPUs · {pick.scenario.steps.length} steps
                </p>
              </div>
            ) : null}
          </div>
        )}
      </Dialog>
    </>
  );
}
