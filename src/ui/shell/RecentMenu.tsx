// The scenarios the user had open before (recent.ts): reopen one, or forget it. Opening one
// keeps the scenario it replaces in the list too, so nothing is lost by moving around.
import { useState } from 'react';
import { decodeLink } from '../engine/codec';
import { loadScenario } from '../engine/actions';
import { forgetRecent, useRecent, type RecentEntry } from '../recent';
import { uiStore } from '../store';
import { Dialog } from './Dialog';

export function ago(ms: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

/** Opens a recent entry as the current scenario; says why when it cannot be read. */
export async function reopen(e: RecentEntry): Promise<boolean> {
  const r = await decodeLink(e.fragment);
  if (!r.ok) {
    uiStore.getState().alert(`"${e.title}" cannot be reopened: ${r.message}`);
    return false;
  }
  return loadScenario(r.scenario);
}

export function RecentList({ onOpened }: { onOpened?(): void }) {
  const entries = useRecent((s) => s.entries);
  if (entries.length === 0) return <p className="muted small">No earlier scenarios yet: whatever you replace is kept here.</p>;
  return (
    <ul className="recent-list" aria-label="Recent scenarios">
      {entries.map((e) => (
        <li key={e.fragment}>
          <button
            type="button"
            className="recent-open"
            onClick={() => void reopen(e).then((ok) => ok && onOpened?.())}
            aria-label={`Reopen ${e.title}`}
          >
            <strong>{e.title}</strong>
            <span className="muted small">
              {' '}
              {e.machine} · {e.steps} step{e.steps === 1 ? '' : 's'} · {ago(e.savedAt)}
            </span>
          </button>
          <button type="button" className="irq-link" onClick={() => forgetRecent(e.fragment)} aria-label={`Forget ${e.title}`}>
            forget
          </button>
        </li>
      ))}
    </ul>
  );
}

export function RecentMenu() {
  const [open, setOpen] = useState(false);
  const count = useRecent((s) => s.entries.length);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} title="Scenarios you had open before: whatever a preset, a link or an import replaced.">
        Recent{count ? ` (${count})` : ''}
      </button>
      <Dialog title="Recent scenarios" open={open} onClose={() => setOpen(false)} onSubmit={() => setOpen(false)} submitLabel="Close">
        <RecentList onOpened={() => setOpen(false)} />
      </Dialog>
    </>
  );
}
