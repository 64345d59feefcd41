// Import: a capture pasted, dropped or chosen as a file is recognised in the import worker;
// the dialog says what it is and what could not be inferred, then opens it as the current
// scenario (the one it replaces goes to Recent) or, for an ftrace capture, as a recorded
// machine. A refusal names what was not understood and changes nothing.
import { useState, type DragEvent } from 'react';
import { MAX_CAPTURE_CHARS } from '../../sim/import/guard';
import { tryLoadScenario } from '../engine/actions';
import { Dialog } from '../shell/Dialog';
import { importFile, importText } from './import-client';
import { importedStore } from './imported-store';
import type { ImportAnswer } from './protocol';
import { closeTrace, openTrace } from './trace-store';
import './import.css';

const CAP = `${(MAX_CAPTURE_CHARS / (1024 * 1024)).toFixed(0)} MiB`;

type Source = { kind: 'text' } | { kind: 'file'; file: File };

function refusal(a: ImportAnswer | null): string | null {
  if (!a) return null;
  if (a.kind === 'error') return a.message;
  if (a.kind === 'scenario' && !a.result.ok) return `Not imported: ${a.result.message}`;
  return null;
}

export function ImportDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const [text, setText] = useState('');
  const [source, setSource] = useState<Source>({ kind: 'text' });
  const [answer, setAnswer] = useState<ImportAnswer | null>(null);
  const [busy, setBusy] = useState(false);
  const [openError, setOpenError] = useState<string | null>(null);

  const reset = () => {
    setAnswer(null);
    setOpenError(null);
  };
  const close = () => {
    reset();
    setText('');
    setSource({ kind: 'text' });
    onClose();
  };

  const recognise = async (src: Source, body: string) => {
    setBusy(true);
    reset();
    try {
      setAnswer(src.kind === 'file' ? await importFile(src.file) : await importText(body));
    } finally {
      setBusy(false);
    }
  };

  const takeFile = (file: File | undefined) => {
    if (!file) return;
    const src: Source = { kind: 'file', file };
    setSource(src);
    void recognise(src, '');
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    const f = e.dataTransfer.files[0];
    if (f) takeFile(f);
    else {
      const t = e.dataTransfer.getData('text/plain');
      if (t) {
        setText(t);
        setSource({ kind: 'text' });
        void recognise({ kind: 'text' }, t);
      }
    }
  };

  const submit = async () => {
    if (!answer || refusal(answer)) {
      await recognise(source, text);
      return;
    }
    setBusy(true);
    try {
      if (answer.kind === 'trace') {
        const name = source.kind === 'file' ? source.file.name : 'pasted trace';
        await openTrace(answer.summary, name);
        importedStore.setState({ note: null });
        close();
      } else if (answer.kind === 'scenario' && answer.result.ok) {
        const r = answer.result;
        const loaded = await tryLoadScenario(r.scenario);
        if (!loaded.ok) {
          setOpenError(`The machine was built but the engine did not open it: ${loaded.message}. Your scenario is unchanged.`);
          return;
        }
        closeTrace();
        importedStore.setState({ note: { title: r.scenario.title ?? 'Imported machine', format: r.format, devices: r.devices.length, notes: r.notes } });
        close();
      }
    } finally {
      setBusy(false);
    }
  };

  const ok = answer && !refusal(answer) ? answer : null;
  const label = ok ? (ok.kind === 'trace' ? 'Open trace' : 'Open machine') : 'Recognise';
  return (
    <Dialog title="Import a capture" open={open} onClose={close} onSubmit={submit} submitLabel={label} busy={busy} error={refusal(answer) ?? openError} wide>
      <div className="import-drop" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
        <label className="field-label" htmlFor="import-text">
          Capture text
        </label>
        <textarea
          id="import-text"
          className="irq-mono import-text"
          rows={10}
          spellCheck={false}
          value={text}
          placeholder="Paste /proc/interrupts, grep -r . /proc/irq, /sys/kernel/debug/irq files, the Xen 'e' listing, an ftrace text or a scenario JSON file, or drop a file here"
          aria-describedby="import-hint"
          onChange={(e) => {
            setText(e.target.value);
            setSource({ kind: 'text' });
            reset();
          }}
        />
        <p id="import-hint" className="field-hint">
          Paste or drop a capture, or choose a file (up to {CAP}). It is read in your browser only.
        </p>
        <label className="import-file">
          Choose a file{' '}
          <input type="file" accept=".txt,.json,.log,text/plain,application/json" onChange={(e) => {
              takeFile(e.target.files?.[0]);
              // The same file chosen again (after editing it) is read again.
              e.target.value = '';
            }}
          />
        </label>
        {source.kind === 'file' ? <p className="muted small">File: {source.file.name} ({source.file.size.toLocaleString('en-US')} bytes)</p> : null}
      </div>
      {busy && !answer ? <p role="status">Reading the capture…</p> : null}
      {ok ? <Recognised a={ok} /> : null}
    </Dialog>
  );
}

function Recognised({ a }: { a: ImportAnswer }) {
  if (a.kind === 'trace') {
    const s = a.summary;
    return (
      <section className="import-result" aria-label="Recognised">
        <p role="status">
          Recognised: <strong>{s.format}</strong>, {s.nrCpus} CPUs, {s.length} records ({s.summaryLine}).
        </p>
        <Notes notes={s.notes} />
      </section>
    );
  }
  if (a.kind !== 'scenario' || !a.result.ok) return null;
  const r = a.result;
  const m = r.scenario.machine;
  return (
    <section className="import-result" aria-label="Recognised">
      <p role="status">
        Recognised: <strong>{r.format}</strong>: {m.arch ?? 'x86_64'}, {m.cpus ?? 8} CPUs, {r.devices.length} devices ({a.ms.toFixed(0)} ms).
      </p>
      {r.devices.length ? (
        <details>
          <summary>Devices</summary>
          <ul className="import-devices" aria-label="Imported devices">
            {r.devices.map((d) => (
              <li key={d.id}>
                {d.id} · {d.type} · {d.bdf}
                {d.bdfSeen ? '' : ' (address chosen)'} · {d.vectors} interrupt{d.vectors === 1 ? '' : 's'}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <Notes notes={r.notes} />
    </section>
  );
}

export function Notes({ notes }: { notes: string[] }) {
  if (notes.length === 0) return <p className="muted small">Everything in the capture was inferred.</p>;
  return (
    <>
      <h3 className="import-notes-head">What could not be inferred</h3>
      <ul className="import-notes" aria-label="What could not be inferred">
        {notes.map((n, i) => (
          <li key={i}>{n}</li>
        ))}
      </ul>
    </>
  );
}
