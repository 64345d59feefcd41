// "Compare": the current scenario under another kernel release, side by side, in lockstep.
import { useMemo, useState } from 'react';
import { withRelease } from '../../sim/compare/compare';
import { notableReleases } from '../../sim/scenario/releases';
import { releaseKey } from '../../sim/scenario/release_number';
import { resolveKernel } from '../../sim/scenario/releases_resolve';
import { parseScenario } from '../../sim/scenario/validate';
import { startCompare, stopCompare } from '../engine/actions';
import { useCompare } from '../engine/compare';
import { useUiNow } from '../store';
import { Dialog, Field } from '../shell/Dialog';

const RELEASES = notableReleases(releaseKey);

export function CompareButton() {
  const side = useCompare((s) => s.side);
  const scenario = useUiNow((s) => s.scenario);
  const [open, setOpen] = useState(false);
  if (side) {
    return (
      <button type="button" aria-pressed="true" onClick={stopCompare} title={`Comparing with Linux ${side.label}: back to one kernel.`}>
        Stop comparing
      </button>
    );
  }
  return (
    <>
      <button type="button" disabled={!scenario} onClick={() => setOpen(true)} title="The same scenario under another kernel release, side by side, moving together.">
        Compare…
      </button>
      {open && scenario ? <CompareForm onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function CompareForm({ onClose }: { onClose(): void }) {
  const scenario = useUiNow((s) => s.scenario)!;
  const mine = useMemo(() => resolveKernel(scenario.machine).release, [scenario]);
  const others = RELEASES.filter((r) => r !== mine);
  const before = [...others].reverse().find((r) => releaseKey(r) < releaseKey(mine)) ?? others[others.length - 1];
  const [release, setRelease] = useState(before);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const check = parseScenario(withRelease(scenario, release));
    if (!check.ok) return setError(`Linux ${release} cannot run this scenario: ${check.message}`);
    setBusy(true);
    const ok = await startCompare(release);
    setBusy(false);
    if (ok) onClose();
  };
  return (
    <Dialog title="Compare kernels" open onClose={onClose} onSubmit={submit} submitLabel="Compare" error={error} busy={busy}>
      <p className="dialog-note">
        This scenario runs under Linux {mine}. The other kernel replays the same steps beside it; play, scrub and every click move both.
      </p>
      <Field label="Compare with" hint="The release the second kernel runs (the scenario's overrides, if any, apply to both).">
        <select value={release} onChange={(e) => setRelease(e.target.value)}>
          {[...others].reverse().map((r) => (
            <option key={r} value={r}>
              Linux {r}
            </option>
          ))}
        </select>
      </Field>
    </Dialog>
  );
}
