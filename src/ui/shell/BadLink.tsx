// A link that cannot be opened: say exactly what is wrong; offer the scenario that was open
// (a bad link pasted over it replaced nothing), the recent ones, or a fresh start.
import { RecentList } from './RecentMenu';

interface Props {
  message: string;
  path: string;
  onStartFresh(): void;
  /** Set when a scenario was open before the bad link: going back to it. */
  onBack?(): void;
}

export function BadLink({ message, path, onStartFresh, onBack }: Props) {
  return (
    <div className="bad-link" role="alert" aria-labelledby="bad-link-title">
      <h2 id="bad-link-title">This scenario link cannot be opened</h2>
      <p className="bad-link-message">{message}</p>
      {path ? (
        <p>
          The offending field is <code>{path}</code>.
        </p>
      ) : null}
      <p>Nothing from the link was run{onBack ? ', and the scenario you had open is untouched' : ''}.</p>
      <div className="bad-link-actions">
        {onBack ? (
          <button type="button" className="primary" onClick={onBack} autoFocus>
            Back to your scenario
          </button>
        ) : null}
        <button type="button" className={onBack ? '' : 'primary'} onClick={onStartFresh} autoFocus={!onBack}>
          Start fresh
        </button>
      </div>
      <h3>Or reopen a recent scenario</h3>
      <RecentList />
    </div>
  );
}
