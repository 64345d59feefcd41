// "Copy" and "Download" of a kernel text view: the whole text, fetched from the worker in
// pieces at the moment of the click (never held in React state), exactly as the kernel prints it.
import { useState } from 'react';
import { copyText, downloadText } from './download';
import { wholeText } from './whole-text';
import './import.css';

function fileName(path: string): string {
  const parts = path.split('/').filter(Boolean);
  const base = parts.slice(-2).join('-') || 'text';
  return `${base.replace(/[^A-Za-z0-9._-]+/g, '_')}.txt`;
}

export function TextActions({ path, disabled }: { path: string; disabled?: boolean }) {
  const [note, setNote] = useState('');
  const act = async (what: 'copy' | 'download') => {
    setNote(what === 'copy' ? 'Copying…' : 'Preparing…');
    const r = await wholeText(path);
    if (typeof r === 'string') {
      setNote(`Could not read the text: ${r}`);
      return;
    }
    if (what === 'copy') setNote(await copyText(r.text));
    else {
      downloadText(fileName(path), r.text);
      setNote(`Downloaded ${r.lines.toLocaleString('en-US')} lines`);
    }
  };
  return (
    <span className="text-actions">
      <button type="button" className="small-btn" disabled={disabled} onClick={() => void act('copy')} title={`Copy the whole of ${path}, exactly as the kernel prints it`}>
        Copy
      </button>
      <button type="button" className="small-btn" disabled={disabled} onClick={() => void act('download')} title={`Download the whole of ${path} as a text file`}>
        Download
      </button>
      <span className="irq-muted small" role="status">
        {note}
      </span>
    </span>
  );
}
