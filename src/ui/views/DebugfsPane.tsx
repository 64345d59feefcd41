// The kernel's own text views (debugfs irq/domains/*, irq/irqs/N, /proc/interrupts, ITS and
// Xen listings), fetched from the engine at the current position whenever the state changes.
import { useEffect, useState } from 'react';
import { requestText } from '../engine/actions';
import { uiStore, useUi } from '../store';
import { IRQS_DIR, fallbackPath, orderViews, shortPath } from './debugfs-paths';
import './views.css';
import './debugfs.css';

export function DebugfsPane() {
  const snapshot = useUi((s) => s.snapshot);
  const chosen = useUi((s) => s.textPath);
  const selected = useUi((s) => s.selectedIrq);
  const [text, setText] = useState<{ path: string; text: string | null; at: unknown } | null>(null);
  const views = snapshot?.textViews ?? [];
  // When the chosen file does not exist at this state (an irq freed, a VECTOR domain on a
  // Xen PV guest), show a file that does and say so.
  const path = fallbackPath(chosen, views);
  const known = views.includes(path);

  // Fetch the text at every state change; a slower, older answer never overwrites a newer one.
  useEffect(() => {
    if (!snapshot) return;
    let live = true;
    requestText(path).then((t) => {
      if (live) setText({ path, text: t, at: snapshot });
    });
    return () => {
      live = false;
    };
  }, [snapshot, path]);

  const irqPath = selected !== null ? `${IRQS_DIR}${selected}` : null;
  const offerIrq = irqPath !== null && irqPath !== path && views.includes(irqPath);
  const ordered = orderViews(views);
  const shown = text && text.path === path ? text.text : undefined;

  return (
    <section className="irq-view dbg" aria-label="debugfs">
      <header className="irq-view-head dbg-head">
        <h2 title="The files the kernel itself prints: debugfs under /sys/kernel/debug/irq and /proc/interrupts, at the state shown.">Kernel text</h2>
        <label>
          <span className="irq-sr-only">File</span>
          <select className="irq-mono" value={known ? path : ''} onChange={(e) => e.target.value && uiStore.getState().setTextPath(e.target.value)}>
            {!known && <option value="">{shortPath(path)} (not present)</option>}
            {ordered.map((p) => (
              <option key={p} value={p}>
                {shortPath(p)}
              </option>
            ))}
          </select>
        </label>
        {offerIrq && irqPath && (
          <button type="button" onClick={() => uiStore.getState().setTextPath(irqPath)}>
            Show irqs/{selected}
          </button>
        )}
      </header>
      <section className="dbg-file" aria-label={path}>
        <h3 className="dbg-path irq-mono">{path}</h3>
        {path !== chosen && chosen !== uiStore.getInitialState().textPath && (
          <p className="irq-muted dbg-note">
            {shortPath(chosen)} does not exist at this state; showing {shortPath(path)}.
          </p>
        )}
        {shown === undefined ? (
          <p className="irq-muted">{snapshot ? 'Reading…' : 'Waiting for the engine…'}</p>
        ) : shown === null ? (
          <p className="irq-muted">No such file at this state.</p>
        ) : (
          <pre className="dbg-text" tabIndex={0}>
            {shown}
          </pre>
        )}
      </section>
    </section>
  );
}
