import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';

const root = document.getElementById('root');
if (root) {
  const app = createRoot(root);
  // A transition renders concurrently: React yields to the browser every few milliseconds
  // instead of building the whole first screen in one long task.
  startTransition(() => {
    app.render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  });
}
