// The scenario's steps (ok, or refused in red with the kernel's error), the playback
// controls driven by the playback machine (play, pause, step, scrub) and Undo.
import { useActorRef, useSelector } from '@xstate/react';
import { useFixedRows } from '../fixed-rows';
import { useEffect } from 'react';
import type { Step } from '../../sim/scenario/schema';
import type { StepOutcome } from '../../sim/snapshot';
import { redo, undo } from '../engine/actions';
import { redoFor, useHistory } from '../engine/history';
import { livePlaybackMachine } from '../engine/lifecycles';
import { useStore } from 'zustand';
import { divergesAt, sameOutcome } from '../../sim/compare/compare';
import { useCompare } from '../engine/compare';
import { uiStore, useUiNow } from '../store';
import { stepLabel } from './step-label';

const ROW = 26;
/** Playback speeds: milliseconds per step, and the name shown. */
const SPEEDS: ReadonlyArray<[number, string]> = [
  [2800, '0.25×'],
  [1400, '0.5×'],
  [700, '1×'],
  [350, '2×'],
  [175, '4×'],
  [60, '12×'],
];

export function Timeline() {
  const steps = useUiNow((s) => s.scenario?.steps);
  const at = useUiNow((s) => s.snapshot?.at ?? 0);
  const outcomes = useUiNow((s) => s.outcomes);
  // Compare mode: side B's outcomes, to mark the steps whose outcome differs.
  const side = useCompare((s) => s.side);
  const outB = useStore(side?.store ?? uiStore, (s) => (side ? s.outcomes : NONE));
  const diverges = side ? divergesAt(outcomes, outB) : null;
  const total = steps?.length ?? 0;

  const ref = useActorRef(livePlaybackMachine, { input: { at, total } });
  useEffect(() => ref.send({ type: 'SYNC', at, total }), [ref, at, total]);
  const mode = useSelector(ref, (s) => (typeof s.value === 'string' ? s.value : Object.keys(s.value)[0]));
  const tickMs = useSelector(ref, (s) => s.context.tickMs);
  const canRedo = useHistory((h) => (steps ? h.redo.length > 0 && redoFor(steps) !== null : false));
  const playing = mode === 'playing';
  // While scrubbing, the slider shows where the user asked to go, not the lagging engine.
  const target = useSelector(ref, (s) => s.context.target);
  const shownAt = mode === 'scrubbing' ? target : at;

  const rows = useFixedRows(total + 1, ROW, 8);
  const { scrollToIndex } = rows;
  useEffect(() => scrollToIndex(at, 'auto'), [at, scrollToIndex]);

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
          {side ? (
            <span className="diverge-note">
              {' '}
              · {diverges === null ? `same outcomes as Kernel ${side.label}` : `differs from Kernel ${side.label} at step ${diverges + 1}`}
            </span>
          ) : null}
        </span>
        <label className="speed" title="How long playback shows each step.">
          <span>Speed</span>
          <select aria-label="Playback speed" value={tickMs} onChange={(e) => ref.send({ type: 'SET_SPEED', tickMs: Number(e.target.value) })}>
            {SPEEDS.map(([ms, name]) => (
              <option key={ms} value={ms}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void undo()} disabled={at === 0} title="Undo: remove the step before the current position.">
          Undo
        </button>
        <button type="button" onClick={() => void redo()} disabled={!canRedo} title="Redo: put back the steps the last Undo removed.">
          Redo
        </button>
      </div>
      <div ref={rows.ref} onScroll={rows.onScroll} className="timeline-list" role="list" aria-label="Steps">
        <div style={{ height: rows.height, position: 'relative' }}>
          {indexes(rows.start, rows.end).map((index) => (
            <StepRow
              key={index}
              index={index}
              top={rows.top(index)}
              step={index === 0 ? null : steps![index - 1]}
              outcome={index === 0 || index > at ? undefined : outcomes[index - 1]}
              other={side && index > 0 && index <= at ? { label: side.label, outcome: outB[index - 1] } : undefined}
              current={index === at}
              future={index > at}
              onSeek={() => ref.send({ type: 'SCRUB', at: index })}
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
  /** Compare mode: the other kernel's outcome of this step. */
  other?: { label: string; outcome: StepOutcome | undefined };
  current: boolean;
  future: boolean;
  onSeek(): void;
}) {
  const { index, top, step, outcome, other, current, future, onSeek } = props;
  const failed = outcome && !outcome.ok;
  const differs = other !== undefined && outcome !== undefined && !sameOutcome(outcome, other.outcome);
  const label = step ? stepLabel(step) : 'machine booted';
  const cls = ['step', failed ? 'step-refused' : 'step-ok', current ? 'step-current' : '', future ? 'step-future' : '', differs ? 'step-differs' : ''].join(' ');
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
        {differs ? (
          <span className="step-diff" title={`Kernel ${other!.label}: ${describe(other!.outcome)}`}>
            ≠ Kernel {other!.label}: {describe(other!.outcome)}
          </span>
        ) : null}
        {outcome && outcome.warnings > 0 ? <span className="step-warn">{outcome.warnings} warning{outcome.warnings === 1 ? '' : 's'}</span> : null}
      </button>
    </div>
  );
}

function indexes(start: number, end: number): number[] {
  const out: number[] = [];
  for (let i = start; i < end; i++) out.push(i);
  return out;
}

const NONE: StepOutcome[] = [];

function describe(o: StepOutcome | undefined): string {
  if (!o) return 'not run';
  return o.ok ? 'ok' : `refused ${o.error ?? ''}${o.message ? `: ${o.message}` : ''}`;
}
