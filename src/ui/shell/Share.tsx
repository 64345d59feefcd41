// Share: the link of the current scenario, copied to the clipboard and shown in a text
// field ("Scenario URL") to copy by hand where the clipboard is not allowed.
import { useRef, useState } from 'react';
import { useUiNow } from '../store';
import { shareUrl } from '../url-state';
import { frames } from '../views/raf';

export function Share() {
  const scenario = useUiNow((s) => s.scenario);
  const [url, setUrl] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const field = useRef<HTMLInputElement>(null);

  const share = async () => {
    if (!scenario) return;
    const link = await shareUrl(scenario);
    setUrl(link);
    try {
      await navigator.clipboard.writeText(link);
      setNote(`Copied (${link.length} characters)`);
    } catch {
      setNote('Select the link and copy it');
    }
    frames.once(field, () => field.current?.select());
  };

  return (
    <div className="share">
      <button type="button" onClick={() => void share()} disabled={!scenario} title="Copy a link that rebuilds this scenario, step by step, for whoever opens it.">
        Share
      </button>
      {url !== null ? (
        <div className="share-box">
          <input ref={field} readOnly value={url} aria-label="Scenario URL" onFocus={(e) => e.target.select()} spellCheck={false} />
          <span className="muted small" role="status">
            {note}
          </span>
          <button type="button" aria-label="Close the link" onClick={() => setUrl(null)}>
            ×
          </button>
        </div>
      ) : null}
    </div>
  );
}
