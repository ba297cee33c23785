import { useSettingsStore } from '../features/progress/settings.store';
import { MoonIcon, SunIcon, SystemIcon } from './icons';

type Theme = 'system' | 'light' | 'dark';
const ORDER: Theme[] = ['system', 'light', 'dark'];
const LABEL: Record<Theme, string> = { system: 'System', light: 'Light', dark: 'Dark' };

/** One button that cycles system → light → dark; the choice is saved by the settings store. */
export function ThemeToggle() {
  const theme = useSettingsStore((s) => s.theme) as Theme;
  const setTheme = useSettingsStore((s) => s.setTheme);
  const next = ORDER[(ORDER.indexOf(theme) + 1) % ORDER.length] ?? 'system';
  const Icon = theme === 'dark' ? MoonIcon : theme === 'light' ? SunIcon : SystemIcon;
  return (
    <button
      type="button"
      className="icon-button theme-toggle"
      onClick={() => setTheme(next)}
      aria-label={`Theme: ${LABEL[theme]}`}
      title={`Theme: ${LABEL[theme]}. Switch to ${LABEL[next].toLowerCase()}.`}
    >
      <Icon />
      <span className="theme-label">{LABEL[theme]}</span>
    </button>
  );
}
