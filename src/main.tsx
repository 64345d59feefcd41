import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';

const root = document.getElementById('root');
if (root) {
  const app = createRoot(root);
  // The app is its own chunk, evaluated in a later task than React itself, and its first
  // render is a transition: React yields to the browser every few milliseconds instead of
  // building the whole first screen (and evaluating every module) in one long task.
  void import('./ui/App').then(({ App }) => {
    startTransition(() => {
      app.render(
        <StrictMode>
          <App />
        </StrictMode>,
      );
    });
  });
}
