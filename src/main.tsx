import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
// The theme (colours, fonts) styles the page before the app's chunk arrives (index.html's note).
import './ui/theme/theme.css';

/**
 * The app's modules, evaluated in stages, each in its own task: the scenario schema (zod builds
 * its validators when the module runs), the state machines (xstate), then the app. Evaluated in
 * one go they made one task of 50-100 ms on a 2-core machine; a stage's modules are not evaluated
 * again when the app imports them.
 */
const STAGES: Array<() => Promise<unknown>> = [
  () => import('./sim/scenario/schema'),
  () => Promise.all([import('./machines/cpu_hotplug'), import('./machines/driver'), import('./machines/link'), import('./machines/playback'), import('./machines/vm')]),
];

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function start(root: HTMLElement): Promise<void> {
  const app = createRoot(root);
  for (const stage of STAGES) {
    await stage();
    await nextTask();
  }
  const { App } = await import('./ui/App');
  // The first render is a transition: React yields to the browser every few milliseconds
  // instead of building the whole first screen in one long task.
  startTransition(() => {
    app.render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  });
}

const root = document.getElementById('root');
if (root) {
  start(root).catch((e: unknown) => {
    // A chunk that cannot be fetched (offline, a deploy replaced it): say so instead of "starting".
    const note = document.createElement('p');
    note.className = 'boot-note';
    note.setAttribute('role', 'alert');
    note.textContent = `irqscope could not load its code (${e instanceof Error ? e.message : String(e)}). Reload the page to try again.`;
    root.replaceChildren(note);
  });
}
