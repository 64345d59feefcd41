// What the worker link's machine says: starting, crashed (with the reason and "Restart
// engine"), restarting; and a progress bar while a long scenario replays.
import { useSelector } from '@xstate/react';
import { getEngine, restartEngine, useEngineStatus } from '../engine/client';

export function EngineBanner() {
  const actor = getEngine().actor;
  const state = useSelector(actor, (s) => s.value as string);
  const reason = useSelector(actor, (s) => s.context.reason);
  const progress = useEngineStatus((s) => s.progress);
  if (state === 'crashed') {
    return (
      <div className="engine-banner crashed" role="alert">
        <strong>The simulation engine stopped.</strong> <span>{reason}.</span>{' '}
        <span>Your scenario is kept: restarting replays it step by step.</span>
        <button type="button" className="primary" onClick={restartEngine}>
          Restart engine
        </button>
      </div>
    );
  }
  if (state === 'restarting') {
    return (
      <div className="engine-banner" role="status">
        Restarting the engine and replaying the scenario…
      </div>
    );
  }
  if (progress) {
    const label = progress.what === 'replaying' ? `Replaying step ${progress.done} of ${progress.total}` : `Moving through the timeline: ${progress.done} of ${progress.total} steps`;
    return (
      <div className="engine-banner" role="status">
        {label}
        <progress max={progress.total} value={progress.done} aria-label={progress.what === 'replaying' ? 'Replay progress' : 'Seek progress'} />
      </div>
    );
  }
  return null;
}
