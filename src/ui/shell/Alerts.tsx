// Errors announced to everyone (role alert): failed actions, links that could not be written.
import { useUiNow } from '../store';

export function Alerts() {
  const alerts = useUiNow((s) => s.alerts);
  const dismiss = useUiNow((s) => s.dismissAlert);
  if (alerts.length === 0) return null;
  return (
    <div className="alerts">
      {alerts.slice(-3).map((a) => (
        <div key={a.id} className="alert" role="alert">
          <span>{a.message}</span>
          <button type="button" aria-label="Dismiss this message" onClick={() => dismiss(a.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
