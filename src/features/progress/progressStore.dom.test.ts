// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { namespaceForUrl, physicalKey } from '../../platform/namespace';

// Every test loads fresh store modules; the previous test's stores must stop listening to storage events.
const listeners: Array<[string, EventListenerOrEventListenerObject]> = [];
const realAdd = window.addEventListener.bind(window);
window.addEventListener = ((
  type: string,
  l: EventListenerOrEventListenerObject,
  o?: boolean | AddEventListenerOptions,
) => {
  listeners.push([type, l]);
  realAdd(type, l, o);
}) as typeof window.addEventListener;
afterEach(() => {
  for (const [type, l] of listeners.splice(0)) window.removeEventListener(type, l);
});

/** Each test gets fresh modules, so the stores hydrate from whatever this test put in localStorage. */
async function loadStores() {
  vi.resetModules();
  const progress = await import('./progress.store');
  const settings = await import('./settings.store');
  const storage = await import('../../platform/storage');
  return { ...progress, ...settings, storage };
}

/** Where this course copy keeps a logical key in jsdom's localStorage (served from `/`). */
const physical = (logical: string) => physicalKey(namespaceForUrl(document.baseURI), logical);
const savedRaw = (logical: string) => window.localStorage.getItem(physical(logical));

function otherTabWrites(logical: string, value: unknown) {
  const key = physical(logical);
  const raw = JSON.stringify(value);
  window.localStorage.setItem(key, raw);
  window.dispatchEvent(new StorageEvent('storage', { key, newValue: raw, storageArea: window.localStorage }));
}

beforeEach(() => window.localStorage.clear());
afterEach(() => vi.useRealTimers());

describe('useProgressStore in a browser', () => {
  it('saves visits, completion and position under coldstart:progress, version 2', async () => {
    const { useProgressStore } = await loadStores();
    vi.useFakeTimers({ now: new Date('2026-03-01T12:00:00.000Z'), toFake: ['Date'] });
    useProgressStore.getState().markVisited('overview', 'what-you-will-learn');
    useProgressStore.getState().markCompleted('overview', true);
    const saved = JSON.parse(savedRaw('coldstart:progress')!);
    expect(saved.version).toBe(2);
    expect(saved.state).toMatchObject({
      visited: { overview: '2026-03-01T12:00:00.000Z' },
      completed: { overview: '2026-03-01T12:00:00.000Z' },
      lastLesson: 'overview',
      lastHeading: 'what-you-will-learn',
    });
    useProgressStore.getState().markCompleted('overview', false);
    expect(useProgressStore.getState().completed).toEqual({});
  });

  it('loads a version 1 value saved before namespacing, through both migrations, into the namespace', async () => {
    window.localStorage.setItem(
      'coldstart:progress',
      JSON.stringify({ state: { completed: ['why-lambda'] }, version: 1 }),
    );
    const { useProgressStore } = await loadStores();
    expect(Object.keys(useProgressStore.getState().completed)).toEqual(['why-lambda']);
    expect(JSON.parse(savedRaw('coldstart:progress')!).version).toBe(2);
    expect(physical('coldstart:progress')).toBe('coldstart@/:progress');
    // The legacy key itself is left as it was (another course copy on this origin may still need it).
    expect(JSON.parse(window.localStorage.getItem('coldstart:progress')!).version).toBe(1);
  });

  it('garbage in localStorage: clean start, backup kept, notice reported, still saves', async () => {
    window.localStorage.setItem('coldstart:progress', '{{not json');
    const { useProgressStore, storage } = await loadStores();
    expect(useProgressStore.getState().completed).toEqual({});
    const notice = storage.storageStatus.getState().notices[0];
    expect(notice).toMatchObject({ kind: 'corrupt', key: 'coldstart:progress' });
    expect(savedRaw((notice as { backupKey: string }).backupKey)).toBe('{{not json');
    useProgressStore.getState().markCompleted('overview', true);
    expect(savedRaw('coldstart:progress')).toContain('overview');
  });

  it('a storage event from another tab merges its completion without losing this tab’s own change', async () => {
    const { useProgressStore } = await loadStores();
    useProgressStore.getState().markVisited('why-lambda'); // this tab (B)
    const mine = useProgressStore.getState().visited['why-lambda']!;
    // Tab A had not seen B's visit when it saved its completion.
    otherTabWrites('coldstart:progress', {
      version: 2,
      epoch: 0,
      state: {
        visited: { overview: '2026-01-01T00:00:00.000Z' },
        completed: { overview: '2026-01-01T00:00:00.000Z' },
        uncompleted: {},
        lastLesson: 'overview',
        lastHeading: null,
        lastAt: '2026-01-01T00:00:00.000Z',
      },
    });
    await vi.waitFor(() => expect(useProgressStore.getState().completed).toHaveProperty('overview'));
    expect(useProgressStore.getState().visited).toEqual({
      overview: '2026-01-01T00:00:00.000Z',
      'why-lambda': mine,
    });
    // The union is written back so tab A picks up B's visit on its own storage event.
    const saved = JSON.parse(savedRaw('coldstart:progress')!);
    expect(Object.keys(saved.state.visited).sort()).toEqual(['overview', 'why-lambda']);
  });

  it('a storage event carrying a newer app version is left alone (no backup, no change)', async () => {
    const { useProgressStore, storage } = await loadStores();
    useProgressStore.getState().markVisited('overview');
    otherTabWrites('coldstart:progress', { version: 3, state: { whatever: true } });
    await new Promise((r) => setTimeout(r, 10));
    expect(useProgressStore.getState().visited).toHaveProperty('overview');
    expect(storage.storageStatus.getState().notices).toEqual([]);
  });
});

describe('useSettingsStore in a browser', () => {
  it('applies theme and reduced motion to <html> and saves them under coldstart:settings', async () => {
    const { useSettingsStore } = await loadStores();
    const html = document.documentElement;
    expect(html.hasAttribute('data-theme')).toBe(false);
    useSettingsStore.getState().setTheme('dark');
    useSettingsStore.getState().setReducedMotion('reduce');
    expect(html.dataset.theme).toBe('dark');
    expect(html.dataset.reducedMotion).toBe('true');
    useSettingsStore.getState().setTheme('system');
    useSettingsStore.getState().setReducedMotion('no-preference');
    expect(html.hasAttribute('data-theme')).toBe(false);
    expect(html.dataset.reducedMotion).toBe('false');
    useSettingsStore.getState().setEditorMode('plain');
    expect(JSON.parse(savedRaw('coldstart:settings')!)).toMatchObject({
      version: 2,
      state: { theme: 'system', reducedMotion: 'no-preference', editorMode: 'plain' },
    });
  });

  it('migrates version 1 settings on load and applies them', async () => {
    window.localStorage.setItem(
      'coldstart:settings',
      JSON.stringify({ state: { dark: false, reduceMotion: true }, version: 1 }),
    );
    const { useSettingsStore } = await loadStores();
    expect(useSettingsStore.getState()).toMatchObject({
      theme: 'light',
      reducedMotion: 'reduce',
      editorMode: 'monaco',
    });
    expect(document.documentElement.dataset.theme).toBe('light');
  });

  it('follows a theme change made in another tab', async () => {
    const { useSettingsStore } = await loadStores();
    otherTabWrites('coldstart:settings', {
      version: 2,
      state: { theme: 'dark', reducedMotion: 'system', editorMode: 'monaco' },
    });
    await vi.waitFor(() => expect(useSettingsStore.getState().theme).toBe('dark'));
    expect(document.documentElement.dataset.theme).toBe('dark');
  });
});
