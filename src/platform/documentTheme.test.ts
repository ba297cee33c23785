// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  applyDocumentSettings,
  bindDocumentSettings,
  effectiveTheme,
  watchEffectiveTheme,
  type DocumentSettings,
  type DocumentTarget,
} from './documentTheme';

function fakeTarget(systemReduces: boolean) {
  const listeners = new Set<() => void>();
  const target: DocumentTarget & { setSystem(v: boolean): void } = {
    root: document.createElement('html'),
    systemReducesMotion: () => systemReduces,
    onSystemMotionChange(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    setSystem(v) {
      systemReduces = v;
      listeners.forEach((l) => l());
    },
  };
  return target;
}

describe('applyDocumentSettings', () => {
  it('sets data-theme for an explicit theme and removes it to follow the system', () => {
    const t = fakeTarget(false);
    applyDocumentSettings(t, { theme: 'light', reducedMotion: 'system' });
    expect(t.root.dataset.theme).toBe('light');
    applyDocumentSettings(t, { theme: 'system', reducedMotion: 'system' });
    expect(t.root.hasAttribute('data-theme')).toBe(false);
  });

  it('data-reduced-motion is the override when set, else the system preference', () => {
    const t = fakeTarget(true);
    applyDocumentSettings(t, { theme: 'system', reducedMotion: 'system' });
    expect(t.root.dataset.reducedMotion).toBe('true');
    applyDocumentSettings(t, { theme: 'system', reducedMotion: 'no-preference' });
    expect(t.root.dataset.reducedMotion).toBe('false');
    const calm = fakeTarget(false);
    applyDocumentSettings(calm, { theme: 'system', reducedMotion: 'reduce' });
    expect(calm.root.dataset.reducedMotion).toBe('true');
  });
});

describe('bindDocumentSettings', () => {
  it('re-applies when the settings or the system preference change, until stopped', () => {
    const t = fakeTarget(false);
    let settings: DocumentSettings = { theme: 'system', reducedMotion: 'system' };
    const subs = new Set<() => void>();
    const stop = bindDocumentSettings(
      () => settings,
      (l) => {
        subs.add(l);
        return () => subs.delete(l);
      },
      t,
    );
    expect(t.root.dataset.reducedMotion).toBe('false');
    t.setSystem(true);
    expect(t.root.dataset.reducedMotion).toBe('true');
    settings = { theme: 'dark', reducedMotion: 'no-preference' };
    subs.forEach((l) => l());
    expect(t.root.dataset).toMatchObject({ theme: 'dark', reducedMotion: 'false' });
    stop();
    settings = { theme: 'light', reducedMotion: 'reduce' };
    subs.forEach((l) => l());
    expect(t.root.dataset.theme).toBe('dark');
  });
});

describe('effectiveTheme and watchEffectiveTheme', () => {
  afterEach(() => {
    document.documentElement.removeAttribute('data-theme');
    vi.unstubAllGlobals();
  });

  it('follow the system while no theme is chosen, and hear it switch while the page is open', async () => {
    let dark = false;
    const listeners = new Set<() => void>();
    vi.stubGlobal('matchMedia', (query: string) => ({
      get matches() {
        return query === '(prefers-color-scheme: dark)' && dark;
      },
      addEventListener: (_: string, l: () => void) => listeners.add(l),
      removeEventListener: (_: string, l: () => void) => listeners.delete(l),
    }));
    const heard = vi.fn();
    const stop = watchEffectiveTheme(heard);
    expect(effectiveTheme()).toBe('light');
    dark = true;
    listeners.forEach((l) => l());
    expect(heard).toHaveBeenCalledTimes(1);
    expect(effectiveTheme()).toBe('dark');
    // A chosen theme wins over the system, and choosing it is heard too (a MutationObserver: async).
    document.documentElement.setAttribute('data-theme', 'light');
    await Promise.resolve();
    expect(heard).toHaveBeenCalledTimes(2);
    expect(effectiveTheme()).toBe('light');
    stop();
    expect(listeners.size).toBe(0);
  });
});
