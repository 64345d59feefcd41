// Export: the scenario as a JSON file (which Import reads back), and the event stream up to
// the position shown, as ftrace text (trace-cmd, Perfetto) or JSON lines. The event files are
// produced by the worker, fetched in pieces and handed to a download.
import { useState } from 'react';
import { uiStore, useUiNow } from '../store';
import { downloadText, fileSlug } from './download';
import { EVENTS_FTRACE_PATH, EVENTS_JSON_PATH } from '../../sim/engine/export_paths';
import { wholeText } from './whole-text';

export function ExportMenu() {
  const scenario = useUiNow((s) => s.scenario);
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const slug = () => fileSlug(uiStore.getState().scenario?.title ?? '', 'scenario');

  const saveScenario = () => {
    const s = uiStore.getState().scenario;
    if (!s) return;
    downloadText(`${slug()}.irqscope.json`, `${JSON.stringify(s, null, 2)}\n`, 'application/json');
    setNote('Scenario downloaded');
    setOpen(false);
  };
  const saveEvents = async (path: string, ext: string, type: string) => {
    setOpen(false);
    setNote('Preparing…');
    const r = await wholeText(path);
    if (typeof r === 'string') {
      setNote('');
      uiStore.getState().alert(`Downloading the events failed: ${r}`);
      return;
    }
    downloadText(`${slug()}-events.${ext}`, r.text, type);
    setNote(`Events downloaded (${r.lines.toLocaleString('en-US')} lines)`);
  };

  return (
    <div className="export-menu">
      <button type="button" aria-expanded={open} aria-haspopup="true" disabled={!scenario} onClick={() => setOpen(!open)} title="Download the scenario (JSON, Import reads it back) or the event stream (ftrace text or JSON).">
        Export
      </button>
      {open ? (
        <ul aria-label="Export">
          <li>
            <button type="button" onClick={saveScenario}>
              Scenario (JSON)
            </button>
          </li>
          <li>
            <button type="button" onClick={() => void saveEvents(EVENTS_FTRACE_PATH, 'trace.txt', 'text/plain')}>
              Events (ftrace text)
            </button>
          </li>
          <li>
            <button type="button" onClick={() => void saveEvents(EVENTS_JSON_PATH, 'jsonl', 'application/x-ndjson')}>
              Events (JSON lines)
            </button>
          </li>
        </ul>
      ) : null}
      <span className="irq-sr-only" role="status">
        {note}
      </span>
    </div>
  );
}
