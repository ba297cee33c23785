/**
 * Puts the learner's theme and motion choices on <html>, where CSS and widgets read them:
 *   data-theme="light" | "dark" (absent = follow the system, handled by tokens.css)
 *   data-reduced-motion="true" | "false" (the effective answer: the override, else the system setting)
 * Only src/platform touches document-level globals like these.
 */
export type ThemeSetting = 'system' | 'light' | 'dark';
export type MotionSetting = 'system' | 'reduce' | 'no-preference';

export interface DocumentSettings {
  theme: ThemeSetting;
  reducedMotion: MotionSetting;
}

export interface DocumentTarget {
  root: HTMLElement;
  /** Whether the system asks for reduced motion right now, and a way to hear when that changes. */
  systemReducesMotion(): boolean;
  onSystemMotionChange(listener: () => void): () => void;
}

const MOTION_QUERY = '(prefers-reduced-motion: reduce)';

export function browserDocumentTarget(): DocumentTarget | null {
  if (typeof document === 'undefined') return null;
  const mql = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(MOTION_QUERY) : null;
  return {
    root: document.documentElement,
    systemReducesMotion: () => mql?.matches ?? false,
    onSystemMotionChange(listener) {
      if (!mql) return () => {};
      mql.addEventListener('change', listener);
      return () => mql.removeEventListener('change', listener);
    },
  };
}

export function applyDocumentSettings(target: DocumentTarget, settings: DocumentSettings): void {
  const { root } = target;
  if (settings.theme === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', settings.theme);
  const reduce =
    settings.reducedMotion === 'reduce' ||
    (settings.reducedMotion === 'system' && target.systemReducesMotion());
  root.setAttribute('data-reduced-motion', reduce ? 'true' : 'false');
}

/** Applies now and on every change (of the settings or the system motion preference). Returns a stop function. */
export function bindDocumentSettings(
  read: () => DocumentSettings,
  subscribe: (listener: () => void) => () => void,
  target: DocumentTarget | null = browserDocumentTarget(),
): () => void {
  if (!target) return () => {};
  const apply = () => applyDocumentSettings(target, read());
  apply();
  const offStore = subscribe(apply);
  const offSystem = target.onSystemMotionChange(apply);
  return () => {
    offStore();
    offSystem();
  };
}

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** The theme the page shows now: the learner's choice on <html>, else the system's (which can change while open). */
export function effectiveTheme(): 'light' | 'dark' {
  if (typeof document === 'undefined') return 'light';
  const set = document.documentElement.dataset.theme;
  if (set === 'dark' || set === 'light') return set;
  return typeof window !== 'undefined' && window.matchMedia?.(DARK_QUERY).matches ? 'dark' : 'light';
}

/** Calls `listener` when effectiveTheme() may have changed: a new choice, or the system switching (at dusk, say). */
export function watchEffectiveTheme(listener: () => void): () => void {
  if (typeof document === 'undefined') return () => {};
  const observer = new MutationObserver(listener);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  const mql = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(DARK_QUERY) : null;
  mql?.addEventListener('change', listener);
  return () => {
    observer.disconnect();
    mql?.removeEventListener('change', listener);
  };
}
