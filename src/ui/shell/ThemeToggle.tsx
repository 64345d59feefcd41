// Light / dark / the system's choice, remembered across visits.
import { useThemeName } from '../theme';
import { useUiNow } from '../store';
import { saveThemeChoice } from '../url-state';

const NEXT = { system: 'light', light: 'dark', dark: 'system' } as const;

export function ThemeToggle() {
  const choice = useUiNow((s) => s.theme);
  const setTheme = useUiNow((s) => s.setTheme);
  const shown = useThemeName();
  const label = choice === 'system' ? `Theme: system (${shown})` : `Theme: ${choice}`;
  return (
    <button
      type="button"
      aria-label={label}
      title={`${label}. Click for ${NEXT[choice]}.`}
      onClick={() => {
        const t = NEXT[choice];
        setTheme(t);
        saveThemeChoice(t);
      }}
    >
      {shown === 'dark' ? '☾' : '☀'} {choice === 'system' ? 'auto' : choice}
    </button>
  );
}
