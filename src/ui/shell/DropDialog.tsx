// The question asked before an edit made while scrubbed back would drop the later steps
// (engine/history.ts): drop them (the scenario as it was goes to Recent scenarios), add the
// step at the end instead, or keep everything. Escape and Cancel keep everything.
import { useHistory } from '../engine/history';
import { Dialog } from './Dialog';
import { stepLabel } from './step-label';

export function DropDialog() {
  const q = useHistory((s) => s.question);
  if (!q) return null;
  const later = q.total - q.at;
  const n = `${later} later step${later === 1 ? '' : 's'}`;
  const range = later === 1 ? `step ${q.total}` : `steps ${q.at + 1}–${q.total}`;
  return (
    <Dialog
      title="Drop the later steps?"
      open
      onClose={() => q.answer('keep')}
      onSubmit={() => q.answer('drop')}
      submitLabel={q.step ? `Drop ${n} and add here` : `Drop ${n} and undo`}
      cancelLabel="Keep them"
      extraButtons={
        q.canAppend ? (
          <button type="button" onClick={() => q.answer('end')}>
            Add at the end instead
          </button>
        ) : null
      }
    >
      <p className="dialog-note">
        You are looking at step {q.at} of {q.total}.{' '}
        {q.step ? (
          <>
            Adding <strong className="irq-mono">{stepLabel(q.step)}</strong> here replaces {range} ({n}).
          </>
        ) : (
          <>
            Undo here removes step {q.at} and {range} after it ({n}); Redo puts them back.
          </>
        )}
      </p>
      {q.step ? <p className="dialog-note">The scenario as it is now stays in Recent scenarios.</p> : null}
    </Dialog>
  );
}
