// The scenario's steps (ok, or refused in red with the kernel's error), the playback
// controls driven by the playback machine (play, pause, step, scrub) and Undo.
import { useActorRef, useSelector } from '@xstate/react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { INITIAL_RECT, observeRectAsync, oncePerFrame } from '../virtual';
import { useEffect, useRef, useState } from 'react';
import type { Step } from '../../sim/scenario/schema';
import type { StepOutcome } from '../../sim/snapshot';
import { undo } from '../engine/actions';
import { livePlaybackMachine } from '../engine/lifecycles';
import { uiStore, useUiNow } from '../store';
import { stepLabel } from './step-label';

const ROW = 26;

export function Timeline() {
  const steps = useUiNow((s) => s.scenario?.steps);
  const at = useUiNow((s) => s.snapshot?.at ?? 0);
  const outcomes = useUiNow((s) => s.outcomes);
  const total = steps?.length ?? 0;

  const ref = useActorRef(livePlaybackMachine, { input: { at, total } });
  useEffect(() => ref.send({ type: 'SYNC', at, total }), [ref, at, total]);
  const mode = useSelector(ref, (s) => (typeof s.value === 'string' ? s.value : Object.keys(s.value)[0]));
  const playing = mode === 'playing';
  // While scrubbing, the slider shows where the user asked to go, not the lagging engine.
  const target = useSelector(ref, (s) => s.context.target);
  const shownAt = mode === 'scrubbing' ? target : at;

  const scroller = useRef<HTMLDivElement>(null);
  const virt = useVirtualizer({
    count: total + 1,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW,
    overscan: 8,
    observeElementRect: observeRectAsync,
    initialRect: INITIAL_RECT,
  });
  const [inNextFrame] = useState(oncePerFrame);
  useEffect(() => {
    inNextFrame(() => virt.scrollToIndex(at, { align: 'auto' }));
  }, [at, virt, inNextFrame]);

  // Refusals up to the position shown: later steps have not happened yet in the state on screen.
  let refused = 0;
  for (let i = 0; i < Math.min(at, outcomes.length); i++) if (!outcomes[i].ok) refused++;

  return (
    <div className="timeline">
      <div className="timeline-controls" role="toolbar" aria-label="Playback">
        <button type="button" onClick={() => ref.send({ type: 'STEP_BACK' })} disabled={at === 0} aria-label="Step back" title="Show the state one step earlier (the step stays in the scenario).">
          ◀
        </button>
        <button
          type="button"
          className="primary play"
          onClick={() => ref.send({ type: playing ? 'PAUSE' : 'PLAY' })}
          disabled={total === 0}
          aria-label={playing ? 'Pause' : 'Play'}
          title={playing ? 'Pause playback' : at >= total ? 'Replay the scenario from the booted machine, one step per tick' : 'Play the remaining steps, one per tick'}
        >
          {playing ? '❚❚' : '▶'}
        </button>
        <button type="button" onClick={() => ref.send({ type: 'STEP' })} disabled={at >= total} aria-label="Step forward" title="Apply the next step.">
          ▶|
        </button>
        <input
          type="range"
          className="scrub"
          min={0}
          max={total}
          value={shownAt}
          aria-label="Timeline position"
          aria-valuetext={`after step ${shownAt} of ${total}`}
          onChange={(e) => ref.send({ type: 'SCRUB', at: Number(e.target.value) })}
        />
        <span className="position" aria-live="polite">
          step {at} / {total}
          {refused ? <span className="refused-count"> · {refused} refused</span> : null}
        </span>
        <button type="button" onClick={() => void undo()} disabled={at === 0} title="Undo: remove the step before the current position.">
          Undo
        </button>
      </div>
      <div ref={scroller} className="timeline-list" role="list" aria-label="Steps">
        <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
          {virt.getVirtualItems().map((v) => (
            <StepRow
              key={v.index}
              index={v.index}
              top={v.start}
              step={v.index === 0 ? null : steps![v.index - 1]}
              outcome={v.index === 0 || v.index > at ? undefined : outcomes[v.index - 1]}
              current={v.index === at}
              future={v.index > at}
              onSeek={() => ref.send({ type: 'SCRUB', at: v.index })}
            />
          ))}
        </div>
      </div>
    </div>
  );
}

function StepRow(props: {
  index: number;
  top: number;
  step: Step | null;
  outcome: StepOutcome | undefined;
  current: boolean;
  future: boolean;
  onSeek(): void;
}) {
  const { index, top, step, outcome, current, future, onSeek } = props;
  const failed = outcome && !outcome.ok;
  const label = step ? stepLabel(step) : 'machine booted';
  const cls = ['step', failed ? 'step-refused' : 'step-ok', current ? 'step-current' : '', future ? 'step-future' : ''].join(' ');
  return (
    <div role="listitem" className={cls} style={{ transform: `translateY(${top}px)`, height: ROW }}>
      <button
        type="button"
        onClick={onSeek}
        aria-current={current ? 'step' : undefined}
        title={failed ? `${outcome.error ?? 'refused'}${outcome.message ? `: ${outcome.message}` : ''}${outcome.reason ? ` — ${outcome.reason}` : ''}` : `Show the state after this step`}
        onMouseEnter={() => uiStore.getState().setHover(null)}
      >
        <span className="step-mark" aria-hidden="true">
          {failed ? '✕' : '●'}
        </span>
        <span className="step-no">{index}</span>
        <span className="step-label">{label}</span>
        {failed ? (
          <span className="step-error">
            refused: {outcome.error}
            {outcome.message ? `: ${outcome.message}` : ''}
            {outcome.reason ? ` — ${outcome.reason}` : ''}
          </span>
        ) : null}
        {outcome && outcome.warnings > 0 ? <span className="step-warn">{outcome.warnings} warning{outcome.warnings === 1 ? '' : 's'}</span> : null}
      </button>
    </div>
  );
}
