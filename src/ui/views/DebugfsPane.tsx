// The kernel's own text views (debugfs irq/domains/*, irq/irqs/N, /proc/interrupts, ITS and
// Xen listings), fetched from the engine at the current position whenever the state changes.
// Searchable (TextFind), maximisable, and the selected irq's row of /proc/interrupts is marked.
import { useCallback, useEffect, useState } from 'react';
import { requestTextLines } from '../engine/actions';
import { TextLines, nextRevealSeq, type Reveal } from './TextLines';
import { TextFindBar, useTextFind } from './TextFind';
import { MaximiseButton, useIsMaximised } from './Maximise';
import { procInterruptsLine, requestTextWindow } from './text-source';
import { TextActions } from '../import/TextActions';
import { uiStore, useUi } from '../store';
import { IRQS_DIR, fallbackPath, orderViews, shortPath } from './debugfs-paths';
import './views.css';
import './debugfs.css';

/** Up to this many irqs/N files are listed in the file selector. */
const MAX_LISTED_IRQS = 256;

export function DebugfsPane() {
  const snapshot = useUi((s) => s.snapshot);
  const chosen = useUi((s) => s.textPath);
  const selected = useUi((s) => s.selectedIrq);
  const views = snapshot?.textViews ?? [];
  // When the chosen file does not exist at this state (an irq freed, a VECTOR domain on a
  // Xen PV guest), show a file that does and say so.
  const path = fallbackPath(chosen, views);
  const known = views.includes(path);

  const find = useTextFind();
  const { search } = find;
  const maximised = useIsMaximised('debugfs');
  // Lines are fetched for the window shown, at every state change, with the search's occurrences.
  const source = useCallback((from: number, count: number) => requestTextWindow(path, from, count, search), [path, search]);
  const { line: selectedLine, reveal: revealSelected } = useSelectedRow(path, selected, snapshot);
  const [exists, setExists] = useState<boolean | null>(null);
  useEffect(() => {
    if (!snapshot) return;
    let live = true;
    void requestTextLines(path, 0, 0).then((t) => live && setExists(t !== null));
    return () => {
      live = false;
    };
  }, [snapshot, path]);

  const irqPath = selected !== null ? `${IRQS_DIR}${selected}` : null;
  const offerIrq = irqPath !== null && irqPath !== path && views.includes(irqPath);
  // Thousands of irqs/N files (a host with 256 guests) are opened by number, not listed.
  const irqFiles = views.filter((p) => p.startsWith(IRQS_DIR));
  const listIrqs = irqFiles.length <= MAX_LISTED_IRQS;
  const ordered = orderViews(listIrqs ? views : views.filter((p) => !p.startsWith(IRQS_DIR) || p === path));
  const [irqText, setIrqText] = useState('');
  const irqWanted = /^\d+$/.test(irqText.trim()) ? `${IRQS_DIR}${Number(irqText.trim())}` : null;
  const irqMissing = irqWanted !== null && !views.includes(irqWanted);

  return (
    <section className="irq-view dbg" aria-label="debugfs" data-maximised={maximised ? 'screen' : undefined}>
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
        {!listIrqs && (
          <form
            className="dbg-irq"
            onSubmit={(e) => {
              e.preventDefault();
              if (irqWanted && !irqMissing) uiStore.getState().setTextPath(irqWanted);
            }}
          >
            <label>
              irqs/
              <input
                className="irq-mono"
                inputMode="numeric"
                size={7}
                value={irqText}
                aria-invalid={irqMissing}
                title={`${irqFiles.length} interrupts have an irqs/N file; type a number and press Enter`}
                onChange={(e) => setIrqText(e.target.value)}
              />
            </label>
            <button type="submit" disabled={!irqWanted || irqMissing}>
              Open
            </button>
          </form>
        )}
        {offerIrq && irqPath && (
          <button type="button" onClick={() => uiStore.getState().setTextPath(irqPath)}>
            Show irqs/{selected}
          </button>
        )}
        <MaximiseButton pane="debugfs" on={maximised} what="kernel text" />
      </header>
      <section className="dbg-file" aria-label={path}>
        <div className="dbg-file-head">
          <h3 className="dbg-path irq-mono">{path}</h3>
          <TextActions path={path} disabled={!snapshot || exists === false} />
        </div>
        <TextFindBar find={find} label="the kernel text" />
        {path !== chosen && chosen !== uiStore.getInitialState().textPath && (
          <p className="irq-muted dbg-note">
            {shortPath(chosen)} does not exist at this state; showing {shortPath(path)}.
          </p>
        )}
        {!snapshot ? (
          <p className="irq-muted">Waiting for the engine…</p>
        ) : exists === false ? (
          <p className="irq-muted">No such file at this state.</p>
        ) : (
          <TextLines
            source={source}
            version={snapshot}
            label={`${path} text`}
            current={find.current}
            onWindow={find.onWindow}
            selectedLine={selectedLine}
            reveal={latest(find.reveal, revealSelected)}
          />
        )}
      </section>
    </section>
  );
}

/** The selected irq's line in /proc/interrupts (found by the worker), revealed when the selection changes. */
function useSelectedRow(path: string, irq: number | null, version: unknown): { line: number | null; reveal: Reveal | null } {
  const [line, setLine] = useState<number | null>(null);
  const [reveal, setReveal] = useState<Reveal | null>(null);
  const [shownFor, setShownFor] = useState<string | null>(null);
  const onProc = path === '/proc/interrupts';
  useEffect(() => {
    if (!onProc || irq === null || !version) {
      setLine(null);
      return;
    }
    let live = true;
    void procInterruptsLine(irq).then((l) => live && setLine(l));
    return () => {
      live = false;
    };
  }, [onProc, irq, version]);
  // Scroll to the row once per selection (and per opening of the file), not at every state.
  const key = onProc && irq !== null && line !== null ? `${irq}` : null;
  useEffect(() => {
    if (key === null || key === shownFor || line === null) return;
    setShownFor(key);
    setReveal({ line, seq: nextRevealSeq() });
  }, [key, shownFor, line]);
  useEffect(() => {
    if (!onProc) setShownFor(null);
  }, [onProc]);
  return { line, reveal };
}

/** Of two reveal requests, the one asked last. */
function latest(a: Reveal | null, b: Reveal | null): Reveal | null {
  if (!a) return b;
  if (!b) return a;
  return a.seq >= b.seq ? a : b;
}
