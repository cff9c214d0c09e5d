/**
 * Light/dark theme. "system" follows `prefers-color-scheme`; an explicit choice is remembered
 * and written to `<html data-theme>`, which the CSS variables key on.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';

const STORAGE_KEY = 'parley.theme';

export function loadThemeChoice(): ThemeChoice {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return stored === 'light' || stored === 'dark' ? stored : 'system';
  } catch {
    return 'system';
  }
}

export function applyThemeChoice(choice: ThemeChoice): void {
  const root = document.documentElement;
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
  try {
    if (choice === 'system') window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, choice);
  } catch {
    // Remembering the theme is optional (private mode, disabled storage).
  }
}

export function systemPrefersDark(): boolean {
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
}
