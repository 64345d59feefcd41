// The active theme: the user's choice (store.theme) joined with the system preference, applied
// to <html data-theme> for CSS and exposed as a Palette for canvas drawing.
import { useEffect, useSyncExternalStore } from 'react';
import { uiStore, useUi } from '../store';
import { PALETTES, resolveTheme, type Palette, type ThemeName } from './palette';
import './theme.css';

const QUERY = '(prefers-color-scheme: dark)';

function mediaQuery(): MediaQueryList | null {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia(QUERY) : null;
}

function subscribeSystem(cb: () => void): () => void {
  const mq = mediaQuery();
  if (!mq) return () => {};
  mq.addEventListener('change', cb);
  return () => mq.removeEventListener('change', cb);
}

function systemPrefersDark(): boolean {
  return mediaQuery()?.matches ?? false;
}

/** The theme in effect now (outside React). */
export function currentTheme(): ThemeName {
  return resolveTheme(uiStore.getState().theme, systemPrefersDark());
}

/** The theme in effect, re-rendering when the choice or the system preference changes. */
export function useThemeName(): ThemeName {
  const choice = useUi((s) => s.theme);
  const dark = useSyncExternalStore(subscribeSystem, systemPrefersDark, () => false);
  return resolveTheme(choice, dark);
}

/** The palette in effect, for canvases. */
export function usePalette(): Palette {
  return PALETTES[useThemeName()];
}

/**
 * Keeps <html data-theme> equal to the user's explicit choice (absent for "system", where
 * theme.css follows prefers-color-scheme). Mount once near the root; harmless if repeated.
 */
export function useThemeAttribute(): void {
  const choice = useUi((s) => s.theme);
  useEffect(() => {
    const root = document.documentElement;
    if (choice === 'system') delete root.dataset.theme;
    else root.dataset.theme = choice;
  }, [choice]);
}
