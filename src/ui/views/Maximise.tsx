// "Maximise" for the text panes (kernel text, event log): the pane takes the whole workspace
// below the header, the timeline staying under it so a scenario can still be played. One pane
// at a time; the toggle or Escape restores. The layout reacts to the pane's data-maximised
// and the workspace's data-max attributes (shell/layout.css).
import { useEffect } from 'react';
import { create } from 'zustand';

export type MaxPane = 'events' | 'debugfs';

const useMaximised = create<{ pane: MaxPane | null }>(() => ({ pane: null }));

export function setMaximised(pane: MaxPane | null): void {
  useMaximised.setState({ pane });
}

/** The maximised pane, if any (the workspace's data-max). */
export function useMaximisedPane(): MaxPane | null {
  return useMaximised((s) => s.pane);
}

/** Whether `pane` is maximised; while it is, Escape (outside a dialog) restores it. */
export function useIsMaximised(pane: MaxPane): boolean {
  const on = useMaximised((s) => s.pane === pane);
  useEffect(() => {
    if (!on) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      if (document.querySelector('dialog[open]')) return;
      setMaximised(null);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [on]);
  return on;
}

export function MaximiseButton({ pane, on, what }: { pane: MaxPane; on: boolean; what: string }) {
  return (
    <button
      type="button"
      className="small-btn max-btn"
      aria-pressed={on}
      onClick={() => setMaximised(on ? null : pane)}
      title={on ? `Give the ${what} its place back (Escape)` : `Show the ${what} over the whole workspace (Escape restores)`}
    >
      <span aria-hidden="true">{on ? '⤡ ' : '⤢ '}</span>
      Maximise
    </button>
  );
}
