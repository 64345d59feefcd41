// A link that cannot be opened: say exactly what is wrong, offer a fresh start.
interface Props {
  message: string;
  path: string;
  onStartFresh(): void;
}

export function BadLink({ message, path, onStartFresh }: Props) {
  return (
    <div className="bad-link" role="alert" aria-labelledby="bad-link-title">
      <h2 id="bad-link-title">This scenario link cannot be opened</h2>
      <p className="bad-link-message">{message}</p>
      {path ? (
        <p>
          The offending field is <code>{path}</code>.
        </p>
      ) : null}
      <p>Nothing from the link was run. You can start from the default machine instead.</p>
      <button type="button" className="primary" onClick={onStartFresh} autoFocus>
        Start fresh
      </button>
    </div>
  );
}
