// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import {
  applyDocumentSettings,
  bindDocumentSettings,
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
