import { useEffect, useState } from 'react';
import { applyThemeChoice, loadThemeChoice, systemPrefersDark, type ThemeChoice } from './theme';

/** One button that flips between light and dark; the first press leaves "follow the system". */
export function ThemeToggle() {
  const [choice, setChoice] = useState<ThemeChoice>(loadThemeChoice);
  const [systemDark, setSystemDark] = useState(systemPrefersDark);

  useEffect(() => {
    const query = window.matchMedia?.('(prefers-color-scheme: dark)');
    if (!query) return;
    const onChange = () => setSystemDark(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);

  useEffect(() => applyThemeChoice(choice), [choice]);

  const dark = choice === 'dark' || (choice === 'system' && systemDark);
  return (
    <button
      type="button"
      className="icon-button"
      data-testid="theme-toggle"
      aria-label={dark ? 'Switch to light theme' : 'Switch to dark theme'}
      title={dark ? 'Light theme' : 'Dark theme'}
      onClick={() => setChoice(dark ? 'light' : 'dark')}
    >
      <span aria-hidden="true">{dark ? '☀' : '☾'}</span>
    </button>
  );
}
